"""How an answer is named as the owner of evidence files (its label, its history entries)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from evidence.models import OwnerKind
from evidence.services import EvidenceOwner
from quickcheck.answers.selectors import AUDIT_PREFIX
from quickcheck.models import GridQuestion, GridVersion


def answer_evidence_owner(*, grid: GridVersion, question: GridQuestion) -> EvidenceOwner:
    return EvidenceOwner(
        kind=OwnerKind.ANSWER,
        id=question.pk,
        label=_("Quick Check %(year)s, Frage %(code)s") % {"year": grid.year, "code": question.code},
        audit_prefix=AUDIT_PREFIX,  # so the Quick Check's history (filtered by year) lists the files
        audit_changes={"year": grid.year, "question": question.code},
    )
