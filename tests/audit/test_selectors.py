"""Reading a town's history (audit/selectors.py): newest first, a limited number, only the active town's."""

from __future__ import annotations

import datetime

from django.utils import timezone

from audit.selectors import audit_entries_recent
from tenants.models import Town
from tests.factories import AuditEntryFactory


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_the_newest_change_comes_first_whatever_the_order_of_writing(town: Town) -> None:
    # Written out of order (an import may record older changes later).
    AuditEntryFactory.create(summary="vor drei Tagen", occurred_at=_days_ago(3))
    AuditEntryFactory.create(summary="gestern", occurred_at=_days_ago(1))
    AuditEntryFactory.create(summary="vor einer Woche", occurred_at=_days_ago(7))
    AuditEntryFactory.create(summary="vorgestern", occurred_at=_days_ago(2))

    summaries = [entry.summary for entry in audit_entries_recent()]

    assert summaries == ["gestern", "vorgestern", "vor drei Tagen", "vor einer Woche"]


def test_changes_at_the_same_moment_come_in_reverse_order_of_writing(town: Town) -> None:
    moment = _days_ago(1)
    for summary in ("erste", "zweite", "dritte"):
        AuditEntryFactory.create(summary=summary, occurred_at=moment)

    assert [entry.summary for entry in audit_entries_recent()] == ["dritte", "zweite", "erste"]


def test_twenty_entries_by_default_or_as_many_as_asked_for_the_newest(town: Town) -> None:
    for days in range(25, 0, -1):
        AuditEntryFactory.create(summary=f"vor {days} Tagen", occurred_at=_days_ago(days))

    default = [entry.summary for entry in audit_entries_recent()]
    three = [entry.summary for entry in audit_entries_recent(limit=3)]

    assert default == [f"vor {days} Tagen" for days in range(1, 21)]
    assert three == ["vor 1 Tagen", "vor 2 Tagen", "vor 3 Tagen"]


def test_an_empty_history_reads_as_empty(town: Town) -> None:
    assert list(audit_entries_recent()) == []
