"""The file a URL names, among the files of the item whose access the owning app has checked."""

from __future__ import annotations

from django.http import Http404

from evidence.models import EvidenceFile
from evidence.selectors import evidence_file_get
from evidence.services import EvidenceOwner


def evidence_file_for(owner: EvidenceOwner, file_id: int) -> EvidenceFile:
    """A file of ``owner`` (404 for a file of another item, or none)."""
    item = evidence_file_get(kind=owner.kind, owner_id=owner.id, file_id=file_id)
    if item is None:
        raise Http404
    return item
