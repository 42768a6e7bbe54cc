"""Recording a change in a town's history (audit/services.py): who, when, what, before → after."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from audit.services import actor_label, audit_record
from tenants.models import Town
from tests.factories import UserFactory


def test_an_entry_records_who_when_what_and_before_and_after(town: Town) -> None:
    officer = UserFactory.create(full_name="Erika Mustermann")
    before = timezone.now()

    entry = audit_record(
        actor=officer,
        action="solutions.updated",
        summary="Lösung „Ratsinformationssystem“: Status geplant → in Betrieb",
        changes={"fields": {"status": ["planned", "in_use"], "product": ["", "ALLRIS"]}, "solution": 7},
    )

    stored = AuditEntry.objects.get()
    assert stored.pk == entry.pk
    assert (stored.actor_id, stored.actor_label) == (officer.pk, "Erika Mustermann")
    assert (stored.action, stored.summary) == (
        "solutions.updated",
        "Lösung „Ratsinformationssystem“: Status geplant → in Betrieb",
    )
    assert stored.changes == {"fields": {"status": ["planned", "in_use"], "product": ["", "ALLRIS"]}, "solution": 7}
    assert before <= stored.occurred_at <= timezone.now()


def test_a_change_without_a_person_is_recorded_as_the_systems(town: Town) -> None:
    audit_record(actor=None, action="quickcheck.prepared", summary="Quick Check vorbereitet")

    stored = AuditEntry.objects.get()
    assert (stored.actor_id, stored.actor_label, stored.changes) == (None, "System", {})


def test_a_person_without_a_name_is_named_by_email(town: Town) -> None:
    nameless = UserFactory.create(full_name="", email="ohne.name@example.org")

    audit_record(actor=nameless, action="focus.priority_set", summary="Priorität gesetzt")

    assert AuditEntry.objects.get().actor_label == "ohne.name@example.org"


@pytest.mark.parametrize(
    ("actor", "label"),
    [
        (User(full_name="Erika Mustermann", email="erika@example.org"), "Erika Mustermann"),
        (User(full_name="", email="erika@example.org"), "erika@example.org"),
        (None, "System"),
    ],
)
def test_how_an_actor_is_named_in_histories_and_changed_by_fields(actor: User | None, label: str) -> None:
    assert actor_label(actor) == label


def test_the_history_keeps_the_name_as_it_was_when_the_account_changes_or_is_deleted(town: Town) -> None:
    """The actor is kept as id and name, not as a link: accounts live elsewhere and may go."""
    officer = UserFactory.create(full_name="Erika Mustermann")
    audit_record(actor=officer, action="focus.goal_added", summary="Ziel ergänzt")
    officer_id = officer.pk

    officer.full_name = "Erika Beispiel"
    officer.save()
    officer.delete()

    stored = AuditEntry.objects.get()
    assert (stored.actor_id, stored.actor_label) == (officer_id, "Erika Mustermann")
    assert not User.objects.filter(pk=officer_id).exists()


def test_an_entry_is_named_by_its_time_and_action() -> None:
    entry = AuditEntry(
        occurred_at=datetime.datetime(2026, 3, 1, 9, 5, tzinfo=datetime.UTC), action="roadmap.measure_created"
    )
    assert str(entry) == "2026-03-01 09:05 roadmap.measure_created"
