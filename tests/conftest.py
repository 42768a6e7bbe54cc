"""One session-wide test database with prepared tenants: the demo district plus a second district.

Every test runs in a transaction that is rolled back; the world below stays as it is.
PostgreSQL's DDL is transactional, so even a schema created inside a test disappears with it.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from kreisagenda.demo import demo_seed
from kreisagenda.sessions import RENEWED as SESSION_RENEWED
from kreisagenda.sessions import STARTED as SESSION_STARTED
from kreisagenda.tenancy import public_schema_activate
from rest_framework.test import APIClient

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from quickcheck.models import GridVersion
from tenants import provisioning
from tenants.models import District, FederalState, Town
from tenants.services import district_create, town_create

if TYPE_CHECKING:
    from tests.live import DatabaseCopy

# The helpers' assertions explain a failure like a test's own (test modules import them after this file).
pytest.register_assert_rewrite("tests.helpers")

REPO_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-password-42"

# label -> (email, role, where): where is a town slug in Höxter, "district", "lippe" or "detmold"
PEOPLE: dict[str, tuple[str, Role | None, str]] = {
    "operator": ("betrieb@kreisagenda.example", Role.PLATFORM_OPERATOR, ""),
    "coordinator": ("koordination@kreis-hoexter.example", Role.DISTRICT_COORDINATOR, "district"),
    "conference": ("konferenz@kreis-hoexter.example", Role.CONFERENCE_MEMBER, "district"),
    "officer_hoexter": ("digital@hoexter.example", Role.TOWN_DIGITAL_OFFICER, "hoexter"),
    "viewer_hoexter": ("buergermeister@hoexter.example", Role.TOWN_VIEWER, "hoexter"),
    "officer_brakel": ("digital@brakel.example", Role.TOWN_DIGITAL_OFFICER, "brakel"),
    "coordinator_lippe": ("koordination@kreis-lippe.example", Role.DISTRICT_COORDINATOR, "lippe"),
    "officer_detmold": ("digital@detmold.example", Role.TOWN_DIGITAL_OFFICER, "detmold"),
    # Partners (D94): outsiders with a role in a district. The demo gives Höxter's theirs organisation.
    "partner": ("stadtwerke@kreis-hoexter.example", Role.PARTNER, "district"),
    "partner_board": ("digitalbeirat@kreis-hoexter.example", Role.PARTNER, "district"),
    "partner_lippe": ("stadtwerke@kreis-lippe.example", Role.PARTNER, "lippe"),
    "no_role": ("ohne-rolle@example.org", None, ""),
}


@dataclass(frozen=True)
class World:
    hoexter_district: District
    lippe_district: District
    town_hoexter: Town
    town_brakel: Town
    town_detmold: Town


def _world_build() -> World:
    demo_seed(last_year=False, open_data=False)  # Kreis Höxter: district administration, 10 towns, the demo accounts
    hoexter_district = District.objects.get(key="05762")
    lippe = district_create(name="Kreis Lippe", key="05766", federal_state=FederalState.NORDRHEIN_WESTFALEN)
    detmold = town_create(district=lippe, name="Detmold", ags="05766020", population=74388)
    for email, role, where in PEOPLE.values():
        user = User.objects.filter(email=email).first() or user_create(email=email, full_name=email, password=PASSWORD)
        user.set_password(PASSWORD)
        user.save()
        if role is None or role == Role.PLATFORM_OPERATOR:
            continue
        if role == Role.PARTNER:
            membership_grant(
                user=user,
                role=role,
                district=lippe if where == "lippe" else hoexter_district,
                organisation="Stadtwerke Detmold" if where == "lippe" else "Stadtwerke Höxter",
                organisation_kind="stadtwerk",
            )
        elif where == "district":
            membership_grant(user=user, role=role, district=hoexter_district)
        elif where == "lippe":
            membership_grant(user=user, role=role, district=lippe)
        elif where == "detmold":
            membership_grant(user=user, role=role, town=detmold)
    return World(
        hoexter_district=hoexter_district,
        lippe_district=lippe,
        town_hoexter=Town.objects.get(ags="05762020"),
        town_brakel=Town.objects.get(ags="05762016"),
        town_detmold=detmold,
    )


# Every table's next id, in every schema, well past a thousand and in a range of its own: a page that
# writes an id into a form, a link or a data attribute with the German thousands separator ("1.234")
# then fails its tests as it would fail a district past its thousandth row (D119); and an id of one
# table taken for another's finds nothing instead of a row by chance. A town's schema is set so as it
# is created (before the demo's measures, answers and files are written into it), every other once
# the test database is there.
_FIRST_ID = 1_000_000
_ID_STRIDE = 10_000
_id_ranges = itertools.count()


def _ids_past_the_thousands(schema: str | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('%%I.%%I', schemaname, sequencename), coalesce(last_value, 0) FROM pg_sequences"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND (%s::text IS NULL OR schemaname = %s)"
            " ORDER BY schemaname, sequencename",
            [schema, schema],
        )
        for sequence, last_value in cursor.fetchall():
            if last_value < _FIRST_ID:
                cursor.execute("SELECT setval(%s, %s)", [sequence, _FIRST_ID + _ID_STRIDE * next(_id_ranges)])


@pytest.fixture(scope="session")
def _schemas_count_ids_past_the_thousands() -> Iterator[None]:
    """A schema made for a town (the world's, or a test's) counts its ids past the thousands too."""
    original = provisioning.schema_create

    def schema_create(schema_name: str) -> None:
        original(schema_name)
        _ids_past_the_thousands(schema_name)

    provisioning.schema_create = schema_create
    yield
    provisioning.schema_create = original


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: pytest.FixtureRequest,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """The test database, always: the world needs it even when only worker tests were selected
    (pytest-django would otherwise set up databases only for tests marked ``django_db``)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        config = setup_databases(verbosity=0, interactive=False, aliases={"default": {}}, serialized_aliases=set())
        _ids_past_the_thousands()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def world(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, _schemas_count_ids_past_the_thousands: None
) -> World:
    # django_db_setup above always creates a fresh test database, so the world is always built.
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        return _world_build()


@pytest.fixture
def world_copy(world: World, django_db_blocker: pytest.FixtureRequest) -> Iterator[DatabaseCopy]:
    """The prepared world on a PostgreSQL server of its own (``tests/live.py``), for a test that serves the
    app for real, restarts the database or writes outside a transaction; stopped and removed after it."""
    from tests.live import database_copy  # tests.live imports this module

    with django_db_blocker.unblock(), database_copy() as copy:  # type: ignore[attr-defined]
        yield copy


@pytest.fixture(scope="session", autouse=True)
def _prepared_world(world: World) -> None:
    """Build the world (and the schema blueprint) before any test opens its transaction."""


@pytest.fixture(autouse=True)
def _public_schema() -> Iterator[None]:
    """Every test starts and ends on the public schema, as every request does."""
    yield
    public_schema_activate()


@pytest.fixture(autouse=True)
def _german() -> Iterator[None]:
    """Every test starts in German: a request in English leaves its language active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def person(world: World, db: None) -> Callable[[str], User]:
    def get(label: str) -> User:
        return User.objects.get(email=PEOPLE[label][0])

    return get


@pytest.fixture
def grid(world: World, db: None) -> GridVersion:
    """The demo district's grid of this year: the default grid, campaign open."""
    return GridVersion.objects.get(district=world.hoexter_district, year=timezone.localdate().year)


@pytest.fixture
def client_as(person: Callable[[str], User]) -> Callable[[str], Client]:
    """A browser session logged in as one of PEOPLE, or anonymous."""

    def make(label: str) -> Client:
        client = Client()
        if label != "anonymous":
            client.force_login(person(label))
            # As the sign-in page does (kreisagenda.sessions.SignInView): the first request then
            # costs no session write of its own.
            session = client.session
            session[SESSION_STARTED] = session[SESSION_RENEWED] = int(time.time())
            session.save()
        return client

    return make


@pytest.fixture
def api_as(person: Callable[[str], User]) -> Callable[[str], APIClient]:
    """An API client authenticated by token (as scripts would be), or anonymous."""

    def make(label: str) -> APIClient:
        client = APIClient()
        if label != "anonymous":
            from tests.helpers import api_key_for  # after the assertion rewrite is registered (above)

            client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(person(label))}")
        return client

    return make


def worker_start(
    *, log_name: str, queue: str = "celery", beat_every: int | None = None
) -> tuple[subprocess.Popen[bytes], Path]:
    """A real Celery worker process on the test database, with the broker on the same PostgreSQL.

    With ``beat_every`` (seconds) it runs Celery beat too, sending the periodic tasks that often.
    Call with the database unblocked. Returns the process and its log file once it is ready.
    """
    (REPO_DIR / ".local").mkdir(exist_ok=True)
    settings_dict = connection.settings_dict
    # The same server, but the test database pytest-django created on it.
    test_url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{settings_dict['NAME']}").geturl()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kreisagenda.settings.test",
        "DATABASE_URL": test_url,
        # The same broker this process sends to (the settings' choice).
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    beat: list[str] = []
    if beat_every is not None:
        env["KREISAGENDA_RECONCILE_SECONDS"] = str(beat_every)
        beat = ["--beat", f"--schedule={REPO_DIR / '.local' / (log_name + '.beat-schedule')}"]
    log_path = REPO_DIR / ".local" / log_name
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kreisagenda",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                queue,
                *beat,
            ],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while b"ready." not in log_path.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise RuntimeError("Celery worker did not start:\n" + log_path.read_text())
        time.sleep(0.2)
    return worker, log_path


def worker_stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class SessionWorker:
    """The session's worker on the default queue (its log: .local/test-worker.log); a test may kill it
    and start it again (with beat, too), as long as it leaves one running without beat."""

    LOG = "test-worker.log"

    def __init__(self) -> None:
        self.process, self.log = worker_start(log_name=self.LOG)

    def kill(self) -> None:
        """SIGKILL, as the OOM killer or a pulled plug would: no time to finish or give anything back."""
        self.process.kill()
        self.process.wait()

    def start(self, *, beat_every: int | None = None) -> None:
        """Call with the database unblocked."""
        if self.process.poll() is None:
            worker_stop(self.process)
        self.process, self.log = worker_start(log_name=self.LOG, beat_every=beat_every)


@pytest.fixture(scope="session")
def celery_worker(world: World, django_db_blocker: pytest.FixtureRequest) -> Iterator[SessionWorker]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        worker = SessionWorker()
    yield worker
    worker_stop(worker.process)
