"""Reading a town's evidence files. The town's schema must be active (the caller checked access)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Sum

from evidence.models import EvidenceFile, OwnerKind


def evidence_files_of(*, kind: OwnerKind, owner_ids: Iterable[int]) -> dict[int, list[EvidenceFile]]:
    """The files of each owner (without their bytes), oldest first; one query for all."""
    found: dict[int, list[EvidenceFile]] = defaultdict(list)
    for item in EvidenceFile.objects.filter(owner_kind=kind, owner_id__in=list(owner_ids)).defer("content"):
        found[item.owner_id].append(item)
    return dict(found)


def evidence_file_get(*, kind: OwnerKind, owner_id: int, file_id: int) -> EvidenceFile | None:
    """One file of one owner, with its bytes (a file of another owner is not found)."""
    return EvidenceFile.objects.filter(owner_kind=kind, owner_id=owner_id, pk=file_id).first()


def evidence_bytes_stored() -> int:
    """What the town's files take, in bytes (the quota counts this)."""
    return EvidenceFile.objects.aggregate(total=Sum("size"))["total"] or 0
