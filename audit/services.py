"""Writing the audit history of the town whose schema is active."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from audit.models import AuditEntry


def actor_label(actor: User | None) -> str:
    """How a person is named in histories and "changed by" fields (the system when nobody acted)."""
    return str(actor) if actor else "System"


def audit_record(*, actor: User | None, action: str, summary: str, changes: dict[str, Any] | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor else None,
        actor_label=actor_label(actor),
        action=action,
        summary=summary,
        changes=changes or {},
    )
