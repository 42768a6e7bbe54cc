"""The reconciliation publishes what a lost publish task left behind, and nothing else.

Lost tasks are simulated here by changes whose publish step never runs (the test's transaction never
commits, so on_commit sends nothing); tests/publishing/test_worker.py kills a real worker instead.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from kreisagenda.tenancy import town_schema

from publishing.models import AssessmentSnapshot, ItemSnapshot, SnapshotStatus
from publishing.tasks import publications_reconcile
from quickcheck.answers.services import assessment_release, assessment_reopen
from quickcheck.models import GridVersion
from solutions.models import Solution
from tenants.models import Town
from tests.conftest import World
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db


def _latest(town: Town, grid: GridVersion) -> AssessmentSnapshot | None:
    return AssessmentSnapshot.objects.filter(town=town, grid=grid).order_by("-version").first()


def test_a_consistent_district_has_nothing_to_reconcile(world: World) -> None:
    with unchanged(AssessmentSnapshot.objects.all(), ItemSnapshot.objects.all()):
        assert publications_reconcile() == []


def test_a_release_whose_publish_was_lost_is_published(world: World, grid: GridVersion) -> None:
    town = Town.objects.get(district=world.hoexter_district, slug="marienmuenster")  # complete, not released
    with town_schema(town):
        assessment_release(town=town, grid=grid, actor=None)  # its publish task is never sent (no commit)
    assert _latest(town, grid) is None
    assert publications_reconcile() == [f"Marienmünster: Quick Check {grid.year}"]
    snapshot = _latest(town, grid)
    assert snapshot is not None
    assert snapshot.status == SnapshotStatus.RELEASED
    assert publications_reconcile() == []  # published once


def test_a_reopening_whose_publish_was_lost_is_published(world: World, grid: GridVersion) -> None:
    town = world.town_hoexter
    before = _latest(town, grid)
    assert before is not None
    assert before.status == SnapshotStatus.RELEASED
    with town_schema(town):
        assessment_reopen(town=town, grid=grid, reason="Zahlen prüfen", actor=None)
    assert publications_reconcile() == [f"Höxter: Quick Check {grid.year}"]
    after = _latest(town, grid)
    assert after is not None
    assert after.status == SnapshotStatus.WITHDRAWN
    assert after.version == before.version + 1


def test_a_register_change_whose_publish_was_lost_is_published(world: World) -> None:
    town = world.town_hoexter
    before = ItemSnapshot.objects.filter(town=town).order_by("-version").first()
    with town_schema(town):
        entry = Solution.objects.create(field_key="gesundheit", category="other", title="Telenotarzt", status="planned")
    assert publications_reconcile() == ["Höxter: Lösungsregister und Maßnahmen"]
    latest = ItemSnapshot.objects.filter(town=town).order_by("-version").first()
    assert latest is not None
    assert latest.version == (before.version + 1 if before else 1)
    assert latest.items.filter(item_id=entry.pk, title="Telenotarzt").exists()
    with town_schema(town):
        entry.delete()  # a deletion is behind too
    assert publications_reconcile() == ["Höxter: Lösungsregister und Maßnahmen"]
    newest = ItemSnapshot.objects.filter(town=town).order_by("-version").first()
    assert newest is not None
    assert not newest.items.filter(item_id=entry.pk).exists()


def test_the_command_names_what_it_published(
    world: World, grid: GridVersion, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("publications_reconcile")
    assert "alles ist veröffentlicht" in capsys.readouterr().out
    town = Town.objects.get(district=world.hoexter_district, slug="marienmuenster")
    with town_schema(town):
        assessment_release(town=town, grid=grid, actor=None)
    call_command("publications_reconcile")
    out = capsys.readouterr().out
    assert f"veröffentlicht: Marienmünster: Quick Check {grid.year}" in out
    assert "1 Veröffentlichungen nachgeholt" in out
