"""How a measure is named as the owner of evidence files (its label, its history entries)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from evidence.models import OwnerKind
from evidence.services import EvidenceOwner
from roadmap.measures.models import Measure
from roadmap.measures.selectors import AUDIT_PREFIX


def measure_evidence_owner(measure: Measure) -> EvidenceOwner:
    return EvidenceOwner(
        kind=OwnerKind.MEASURE,
        id=measure.pk,
        label=_("Maßnahme „%(title)s“") % {"title": measure.title},
        audit_prefix=AUDIT_PREFIX,  # the measure's history (filtered by its id) lists its files
        audit_changes={"measure": measure.pk},
    )
