"""The test helpers can fail: an added, changed or removed row, in the right schema, is noticed; a form
is read as a browser would send it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from kreisagenda.tenancy import town_schema

from accounts.models import User
from audit.models import AuditEntry
from quickcheck.answers.models import Answer
from tests.conftest import World
from tests.factories import AuditEntryFactory, TownFactory, UserFactory
from tests.helpers import form_values, nothing_sent_on_commit, schemas_unchanged, town_unchanged, unchanged

pytestmark = pytest.mark.django_db


def test_unchanged_passes_when_only_reading() -> None:
    UserFactory.create(full_name="Lese Rin")
    with unchanged(User):
        assert User.objects.filter(full_name="Lese Rin").exists()


def test_unchanged_names_an_added_a_changed_and_a_removed_row() -> None:
    kept, renamed, removed = UserFactory.create_batch(3)

    def rename_remove_and_add() -> None:
        User.objects.filter(pk=renamed.pk).update(full_name="Neuer Name")
        User.objects.filter(pk=removed.pk).delete()
        UserFactory.create(email="dazu@example.org")

    with pytest.raises(AssertionError) as failure, unchanged(User):
        rename_remove_and_add()

    message = str(failure.value)
    assert "'full_name': (" in message
    assert "Neuer Name" in message
    assert "dazu@example.org" in message
    assert removed.email in message
    assert kept.email not in message


def test_unchanged_compares_only_the_rows_of_a_filtered_source() -> None:
    watched, other = UserFactory.create_batch(2)
    with unchanged(User.objects.filter(pk=watched.pk)):
        User.objects.filter(pk=other.pk).update(full_name="Darf sich ändern")


def test_town_unchanged_notices_a_new_history_entry_in_that_town_only() -> None:
    town, other_town = TownFactory.create_batch(2)

    with (
        town_unchanged(other_town),
        pytest.raises(AssertionError, match=r"audit\.AuditEntry"),
        town_unchanged(town),
        town_schema(town),
    ):
        AuditEntryFactory.create(summary="neu in der Kommune")

    with town_schema(town):
        assert AuditEntry.objects.filter(summary="neu in der Kommune").exists()


def test_schemas_unchanged_notices_a_new_schema() -> None:
    with pytest.raises(AssertionError), schemas_unchanged(), connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA helper_self_test")


def test_nothing_sent_on_commit_sees_a_queued_task(django_capture_on_commit_callbacks: Any) -> None:
    with nothing_sent_on_commit(django_capture_on_commit_callbacks):
        pass  # nothing queued: passes
    with pytest.raises(AssertionError, match="1 Aufgabe"), nothing_sent_on_commit(django_capture_on_commit_callbacks):
        transaction.on_commit(lambda: None)


def test_form_values_send_what_a_browser_sends_for_selects() -> None:
    html = """<form id="f">
      <select name="a"><option value="">–</option><option>1</option><option selected>
        2 </option></select>
      <select name="b"><option value="x">eins</option><option>zwei</option></select>
      <select name="c"><option value="">–</option><option value="3" selected>drei</option></select>
      <select name="d" multiple><option selected>4<option>5<option selected>6</select>
    </form><form id="other"><select name="e"><option selected>7</option></select></form>"""
    assert form_values(html, "f") == {"a": ["2"], "b": ["x"], "c": ["3"], "d": ["4", "6"]}


def test_the_world_counts_its_ids_past_the_thousands_in_public_and_in_each_town(world: World) -> None:
    """The pages' tests meet ids as a district past its thousandth row has them (D119): the demo's own
    rows too, in the public schema and in the towns' schemas."""
    assert world.town_hoexter.pk >= 1_000_000
    with town_schema(world.town_hoexter):
        entry_ids = list(AuditEntry.objects.values_list("pk", flat=True))
        answer_ids = list(Answer.objects.values_list("pk", flat=True))
    assert entry_ids
    assert answer_ids
    assert min(entry_ids) >= 1_000_000
    assert min(answer_ids) >= 1_000_000
    assert not set(entry_ids) & set(answer_ids)  # each table counts in a range of its own
