"""Evidence files on a town's measures: who may see and change them, for the page and the API alike.

Seeing follows the measure's page: the town's people and the district's coordinators; to anyone
else a file does not exist (404, D92). Changing: the town's digital officer, as the measure itself
(measures are not frozen by a Quick Check's release, so neither are their files, D93).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from kreisagenda.lookups import town_enter, town_for
from kreisagenda.permissions import Action, can

from evidence.services import EvidenceOwner
from roadmap.measures.evidence import measure_evidence_owner
from roadmap.measures.models import Measure
from roadmap.measures.selectors import measure_get
from tenants.models import Town

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


@dataclass(frozen=True)
class MeasureFiles:
    town: Town
    measure: Measure
    owner: EvidenceOwner
    editable: bool


def measure_files_enter(
    user: User | AnonymousUser, district_slug: str, town_slug: str, measure_id: int, *, write: bool = False
) -> MeasureFiles:
    """The files of one measure, access checked, the town's schema entered. Reading refused: 404;
    writing refused: 403."""
    try:
        town = town_for(user, district_slug, town_slug, Action.VIEW_TOWN)
    except PermissionDenied:
        raise Http404 from None
    town_enter(town)
    measure = measure_get(measure_id=measure_id)
    if measure is None:
        raise Http404
    editable = can(user, Action.EDIT_TOWN_DATA, town)
    if write and not editable:
        raise PermissionDenied(_("Nachweise ändert die oder der Digitalisierungsbeauftragte der Kommune."))
    return MeasureFiles(town=town, measure=measure, owner=measure_evidence_owner(measure), editable=editable)
