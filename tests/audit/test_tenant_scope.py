"""The history is each town's own: written in town A's schema, it is not seen from town B's schema,
nor by B's people through the API, and it cannot be written outside a town's schema at all."""

from __future__ import annotations

import pytest
from django.db import ProgrammingError, transaction
from kreisagenda.tenancy import public_schema_activate, town_schema, town_schema_activate
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.services import membership_grant
from audit.models import AuditEntry
from audit.selectors import audit_entries_recent
from audit.services import audit_record
from tenants.models import District, Town
from tenants.selectors import town_recent_changes
from tests.factories import DistrictFactory, TownFactory, UserFactory
from tests.helpers import api_key_for, town_unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def district() -> District:
    return DistrictFactory.create(name="Kreis Muster")


@pytest.fixture
def town_a(district: District) -> Town:
    return TownFactory.create(district=district, name="Adorf")


@pytest.fixture
def town_b(district: District) -> Town:
    return TownFactory.create(district=district, name="Bedorf")


def _summaries(town: Town) -> list[str]:
    with town_schema(town):
        return [entry.summary for entry in audit_entries_recent()]


def test_an_entry_written_in_town_a_is_not_visible_from_town_b(town_a: Town, town_b: Town) -> None:
    with town_unchanged(town_b):
        town_schema_activate(town_a)
        audit_record(actor=None, action="test.note", summary="nur in Adorf")
        public_schema_activate()

    assert "nur in Adorf" in _summaries(town_a)
    assert "nur in Adorf" not in _summaries(town_b)
    with town_schema(town_b):
        assert not AuditEntry.objects.filter(summary="nur in Adorf").exists()


def test_each_town_reads_its_own_entries_only_and_all_of_them(town_a: Town, town_b: Town) -> None:
    with town_schema(town_a):
        for summary in ("Adorf eins", "Adorf zwei"):
            audit_record(actor=None, action="test.note", summary=summary)
    with town_schema(town_b):
        audit_record(actor=None, action="test.note", summary="Bedorf eins")

    assert _summaries(town_a)[:2] == ["Adorf zwei", "Adorf eins"]
    assert _summaries(town_b)[0] == "Bedorf eins"
    assert not any(summary.startswith("Bedorf") for summary in _summaries(town_a))
    assert not any(summary.startswith("Adorf") for summary in _summaries(town_b))


def test_the_history_cannot_be_written_in_the_shared_schema(town_a: Town, town_b: Town) -> None:
    """Without a town's schema active there is no history table: the write fails instead of landing
    somewhere every town could read."""
    public_schema_activate()
    with (
        town_unchanged(town_a),
        town_unchanged(town_b),
        pytest.raises(ProgrammingError, match="audit_auditentry"),
        transaction.atomic(),
    ):
        audit_record(actor=None, action="test.note", summary="ohne Kommune")


def test_a_towns_recent_changes_are_read_only_in_its_own_schema(town_a: Town, town_b: Town) -> None:
    with town_schema(town_a):
        audit_record(actor=None, action="test.note", summary="nur in Adorf")
    town_schema_activate(town_a)  # the wrong one is active: the selector refuses instead of reading A
    with pytest.raises(RuntimeError, match="braucht deren Schema"):
        town_recent_changes(town=town_b, include_drafts=True)

    with town_schema(town_b):
        changes = [entry.summary for entry in town_recent_changes(town=town_b, include_drafts=True)]

    assert changes == ["Datenbereich für Bedorf angelegt"]


def test_town_bs_people_do_not_see_town_as_history_through_the_api(town_a: Town, town_b: Town) -> None:
    with town_schema(town_a):
        audit_record(actor=None, action="test.note", summary="nur in Adorf")
    officer_b = UserFactory.create()
    membership_grant(user=officer_b, role=Role.TOWN_DIGITAL_OFFICER, town=town_b)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(officer_b)}")
    base = f"/api/v1/districts/{town_b.district.slug}/towns"

    own = api.get(f"{base}/{town_b.slug}/")
    other = api.get(f"{base}/{town_a.slug}/")

    assert own.status_code == 200
    assert [change["summary"] for change in own.json()["recent_changes"]] == ["Datenbereich für Bedorf angelegt"]
    assert other.status_code == 403
    assert "nur in Adorf" not in other.content.decode()
