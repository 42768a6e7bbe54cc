from __future__ import annotations

from django.db.models import QuerySet

from audit.models import AuditEntry
from audit.visibility import draft_actions


def audit_entries_recent(*, limit: int = 20, include_drafts: bool = True) -> QuerySet[AuditEntry]:
    """The newest entries; without ``include_drafts``, none of the actions that speak of drafts."""
    entries = AuditEntry.objects.all()
    if not include_drafts:
        entries = entries.exclude(action__in=draft_actions())
    return entries[:limit]
