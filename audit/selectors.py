from __future__ import annotations

from django.db.models import QuerySet

from audit.models import AuditEntry


def audit_entries_recent(*, limit: int = 20) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.all()[:limit]
