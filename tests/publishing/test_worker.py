"""The publish step with a real Celery worker and a real broker (not eager mode).

Data must be committed for the worker to see it, so these tests run outside the per-test
transaction and put back what they changed.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from kreisagenda.celery import app as celery_app
from kreisagenda.tenancy import public_schema_activate, town_schema_activate
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEntry
from publishing.models import AssessmentSnapshot, ItemSnapshot
from publishing.services import items_publish
from publishing.tasks import items_publish_task
from quickcheck.answers.models import Assessment, AssessmentStatus
from quickcheck.answers.services import assessment_release
from quickcheck.models import GridVersion
from solutions.models import Solution
from solutions.selectors import solutions_publishable
from tenants.models import Town
from tests.conftest import REPO_DIR, SessionWorker, World, worker_start, worker_stop
from tests.helpers import api_key_for

pytestmark = pytest.mark.worker


def _test_database_url() -> str:
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}").geturl()


def _worker_waits_behind(blocker: psycopg.Connection, observer: psycopg.Connection) -> None:
    """Until the worker's publish waits for the row ``blocker`` holds: mid-task, within its lock timeout
    (a few seconds); watched by ``observer`` from outside any transaction."""

    def waiting() -> bool:
        row = observer.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> %s",
            [blocker.info.backend_pid],
        ).fetchone()
        return bool(row and row[0])

    _wait_for(waiting, what="der Worker wartet mitten im Veröffentlichen")


def _wait_for(condition: Callable[[], bool], *, seconds: float = 60, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Gewartet, aber nicht eingetreten: {what}")
        time.sleep(0.1)


@pytest.fixture
def marienmuenster(world: World, django_db_blocker: pytest.FixtureRequest) -> Iterator[tuple[Town, GridVersion]]:
    """Marienmünster's complete draft, released by the test; afterwards a draft again, unpublished."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        town = Town.objects.get(district=world.hoexter_district, slug="marienmuenster")
        grid = GridVersion.objects.get(district=world.hoexter_district, year=timezone.localdate().year)
        started = timezone.now()
        try:
            yield town, grid
        finally:
            public_schema_activate()
            AssessmentSnapshot.objects.filter(town=town).delete()
            town_schema_activate(town)
            Assessment.objects.update(status=AssessmentStatus.DRAFT, released_at=None, released_by_label="")
            AuditEntry.objects.filter(occurred_at__gte=started).delete()
            public_schema_activate()


def _coordinator_api() -> APIClient:
    key = api_key_for(User.objects.get(email="koordination@kreis-hoexter.example"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_release_reaches_the_district_view_through_the_worker(
    marienmuenster: tuple[Town, GridVersion], celery_worker: object, django_db_blocker: pytest.FixtureRequest
) -> None:
    town, grid = marienmuenster
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        api = _coordinator_api()
        url = f"/api/v1/districts/kreis-hoexter/benchmark/{grid.year}/"
        assert "marienmuenster" not in {t["town"] for t in api.get(url).json()["towns"]}
        town_schema_activate(town)
        assessment_release(town=town, grid=grid, actor=None)  # commits; the task goes to the broker
        public_schema_activate()

        def published() -> bool:
            return "marienmuenster" in {t["town"] for t in api.get(url).json()["towns"]}

        _wait_for(published, what="Marienmünster erscheint im Vergleich des Kreises")
        releases = {r["town"]: (r["status"], r["version"]) for r in api.get(url).json()["releases"]}
        assert releases["marienmuenster"] == ("released", 1)


def test_a_message_queued_under_the_old_task_name_still_publishes(
    marienmuenster: tuple[Town, GridVersion], celery_worker: object, django_db_blocker: pytest.FixtureRequest
) -> None:
    """Before publishing was an app of its own the task was benchmarking.tasks.assessment_publish_task;
    a message queued then must not be rejected as unregistered after the deploy."""
    town, grid = marienmuenster
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        town_schema_activate(town)
        # Released as before the deploy, with no publish task of today's name sent.
        Assessment.objects.update(status=AssessmentStatus.RELEASED, released_at=timezone.now())
        public_schema_activate()
        celery_app.send_task(
            "benchmarking.tasks.assessment_publish_task", kwargs={"town_id": town.pk, "grid_id": grid.pk}
        )
        _wait_for(
            lambda: AssessmentSnapshot.objects.filter(town=town, status="released").exists(),
            what="die Nachricht mit dem alten Namen veröffentlicht",
        )
        assert AssessmentSnapshot.objects.filter(town=town).count() == 1


def test_a_failing_publish_is_retried(
    marienmuenster: tuple[Town, GridVersion], celery_worker: object, django_db_blocker: pytest.FixtureRequest
) -> None:
    town, grid = marienmuenster
    log = REPO_DIR / ".local" / "test-worker.log"  # the session worker's

    def retries() -> int:
        return log.read_text(encoding="utf-8", errors="replace").count("Retry in")

    retries_before = retries()
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        # Another transaction holds Marienmünster's row: the publish step times out waiting for it.
        with psycopg.connect(_test_database_url()) as blocker:
            blocker.execute("SELECT 1 FROM tenants_town WHERE id = %s FOR NO KEY UPDATE", [town.pk])
            town_schema_activate(town)
            assessment_release(town=town, grid=grid, actor=None)
            public_schema_activate()
            _wait_for(lambda: retries() > retries_before, what="der Worker plant einen neuen Versuch")
            assert not AssessmentSnapshot.objects.filter(town=town).exists()
            blocker.rollback()
        _wait_for(
            lambda: AssessmentSnapshot.objects.filter(town=town, status="released").exists(),
            what="der neue Versuch veröffentlicht",
        )
        assert AssessmentSnapshot.objects.filter(town=town).count() == 1


def test_a_worker_killed_mid_publish_leaves_no_half_written_snapshot(
    world: World, django_db_blocker: pytest.FixtureRequest
) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        town = Town.objects.get(pk=world.town_hoexter.pk)
        versions_before = list(ItemSnapshot.objects.filter(town=town).values_list("version", flat=True))
        town_schema_activate(town)
        entry = Solution.objects.create(
            field_key="gesundheit", category="other", title="Telenotarzt-Anbindung", status="planned"
        )
        public_schema_activate()
        worker, _log = worker_start(log_name="test-worker-killed.log", queue="kill-test")
        try:
            with (
                psycopg.connect(_test_database_url()) as blocker,
                psycopg.connect(_test_database_url(), autocommit=True) as observer,
            ):
                # The flags refresh locks the district row after the snapshot rows are written.
                blocker.execute("SELECT 1 FROM tenants_district WHERE id = %s FOR NO KEY UPDATE", [town.district_id])
                items_publish_task.apply_async(kwargs={"town_id": town.pk}, queue="kill-test")

                _worker_waits_behind(blocker, observer)
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
                blocker.rollback()
            time.sleep(1)  # the dead worker's session ends without a commit
            assert list(ItemSnapshot.objects.filter(town=town).values_list("version", flat=True)) == versions_before
            # What redelivery does: the task runs again and writes the snapshot whole, once.
            items_publish_task.run(town_id=town.pk)
            latest = ItemSnapshot.objects.filter(town=town).order_by("-version").first()
            assert latest is not None
            assert latest.version == max(versions_before) + 1
            assert latest.items.filter(item_id=entry.pk, title="Telenotarzt-Anbindung").exists()
        finally:
            if worker.poll() is None:
                worker_stop(worker)
            public_schema_activate()
            ItemSnapshot.objects.filter(town=town).exclude(version__in=versions_before).delete()
            town_schema_activate(town)
            Solution.objects.filter(pk=entry.pk).delete()
            items_publish(town=town, items=solutions_publishable())  # the flags as before
            public_schema_activate()


def test_a_release_lost_with_a_killed_worker_arrives_through_the_reconciliation(
    marienmuenster: tuple[Town, GridVersion], celery_worker: SessionWorker, django_db_blocker: pytest.FixtureRequest
) -> None:
    """The broker of the demo and the tests (kombu's SQLAlchemy transport) does not give a killed worker's
    message to the next one: only the reconciliation, sent by beat, brings the release to the district."""
    town, grid = marienmuenster
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        try:
            with (
                psycopg.connect(_test_database_url()) as blocker,
                psycopg.connect(_test_database_url(), autocommit=True) as observer,
            ):
                # Another transaction holds the town's row: the worker's publish waits for it, mid-task.
                blocker.execute("SELECT 1 FROM tenants_town WHERE id = %s FOR NO KEY UPDATE", [town.pk])
                town_schema_activate(town)
                assessment_release(town=town, grid=grid, actor=None)
                public_schema_activate()

                _worker_waits_behind(blocker, observer)
                celery_worker.kill()
                blocker.rollback()
            time.sleep(1)  # the dead worker's session ends without a commit
            assert not AssessmentSnapshot.objects.filter(town=town).exists()

            celery_worker.start(beat_every=1)  # restarted, with beat
            _wait_for(
                lambda: AssessmentSnapshot.objects.filter(town=town, status="released").exists(),
                what="der Abgleich veröffentlicht die Freigabe",
            )
            assert AssessmentSnapshot.objects.filter(town=town).count() == 1
            # The reconciliation's result, not a redelivery: its task logs what it published (the line
            # follows the commit by a moment).
            _wait_for(
                lambda: (
                    f"Marienmünster: Quick Check {grid.year}"
                    in celery_worker.log.read_text(encoding="utf-8", errors="replace")
                ),
                seconds=20,
                what="der Abgleich meldet die nachgeholte Freigabe",
            )
        finally:
            celery_worker.start()  # the session's worker again, without beat
