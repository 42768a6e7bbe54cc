"""Evidence files on a town's answers: who may see and change them, for the page and the API alike.

Seeing follows the answer (decision D19): the town's people while the Quick Check is a draft, the
district's coordinators once it is released; to anyone else a file does not exist (404, not 403:
file ids are no one else's business, D92). Changing follows the answers: the town's digital officer,
while the Quick Check is a draft and its campaign open; a released Quick Check is frozen, its files
with it, until the district reopens it (D93).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from kreisagenda.permissions import Action, can

from evidence.services import EvidenceOwner
from quickcheck.answers.evidence import answer_evidence_owner
from quickcheck.answers.selectors import assessment_get
from quickcheck.lookups import town_grid_enter
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.selectors import grid_question_get
from tenants.models import Town

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


@dataclass(frozen=True)
class AnswerFiles:
    town: Town
    grid: GridVersion
    question: GridQuestion
    owner: EvidenceOwner
    editable: bool
    frozen: str  # why the files cannot change now ("" when they can, or the person may not change them)


def answer_files_enter(
    user: User | AnonymousUser, district_slug: str, town_slug: str, year: int, code: str, *, write: bool = False
) -> AnswerFiles:
    """The files of one answer, access checked, the town's schema entered. Reading refused: 404;
    writing refused: 403 (PermissionDenied, with the reason when the Quick Check is frozen)."""
    try:
        town, grid = town_grid_enter(user, district_slug, town_slug, year, Action.VIEW_TOWN)
    except PermissionDenied:
        raise Http404 from None
    question = grid_question_get(grid=grid, code=code)
    assessment = assessment_get(grid=grid)
    if question is None or not question.applies_to(town.kind) or assessment is None:
        raise Http404
    if not (assessment.is_released or can(user, Action.VIEW_TOWN_DRAFTS, town)):
        raise Http404  # a draft is the town's alone
    officer = can(user, Action.EDIT_TOWN_DATA, town)
    frozen = ""
    if officer and assessment.is_released:
        frozen = _(
            "Der Quick Check ist freigegeben und eingefroren; Nachweise ändern sich erst nach einer Wiedereröffnung."
        )
    elif officer and not grid.is_open:
        frozen = _("Die Erhebung ist abgeschlossen; Nachweise ändern sich nicht mehr.")
    editable = officer and not frozen
    if write and not editable:
        raise PermissionDenied(frozen or _("Nachweise ändert die oder der Digitalisierungsbeauftragte der Kommune."))
    owner = answer_evidence_owner(grid=grid, question=question)
    return AnswerFiles(town=town, grid=grid, question=question, owner=owner, editable=editable, frozen=frozen)
