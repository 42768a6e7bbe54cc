"""A live server on loopback over the session's prepared world, and one headless Chromium for all pages.

The world is committed once for the whole session (tests/conftest.py) and must survive these tests:
pytest-django's ``live_server`` would pull in ``transactional_db``, which empties every table
afterwards. So the server here is our own, on 127.0.0.1: its request threads share this session's
database connection, one request at a time, inside one transaction that is rolled back when the
browser tests end. Whatever the pages write (signing in through the login form writes a session and
``last_login``) and the roadmap content added for them (a joint project, the demo's sample
measures) disappear with it.

Playwright's synchronous API keeps an event loop running in this thread, where Django refuses
database work: everything that reads or writes the database here happens before the browser
starts or after it has stopped; while it runs, only the server's threads use the connection.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections, transaction
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import timezone
from kreisagenda.demo import SAMPLE_JOINT_PROJECT, SAMPLE_JOINT_PROJECT_TOWNS
from kreisagenda.launcher import CHROMIUM_HINT, chromium_path
from kreisagenda.tenancy import public_schema_activate, town_schema
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Route, sync_playwright

from accounts.models import User
from benchmarking.models import DuplicateFlag
from comments.lookups import joint_project_item
from comments.services import comment_post
from mentoring.models import Mentorship
from opendata.services import open_data_set
from partners.models import Proposal
from publishing.services import items_publish
from publishing.tasks import town_items_publishable
from reports.services import report_build, report_request
from roadmap.measures.models import Measure
from roadmap.measures.samples import sample_measures_advance, sample_measures_write
from roadmap.models import JointProject
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create
from tenants.models import Town
from tests.conftest import PASSWORD, PEOPLE, REPO_DIR, World

HOST = "127.0.0.1"  # loopback only
ARTIFACTS = REPO_DIR / ".local" / "test-artifacts" / "browser"


# Where each person lands after signing in: the home of their one role, or the list (decision D47).
LANDINGS: dict[str, str] = {
    "operator": "/",
    "no_role": "/",
    "coordinator": "/kreise/kreis-hoexter/",
    "conference": "/kreise/kreis-hoexter/konferenz/",
    "officer_hoexter": "/kreise/kreis-hoexter/kommunen/hoexter/",
    "viewer_hoexter": "/kreise/kreis-hoexter/kommunen/hoexter/",
    "officer_brakel": "/kreise/kreis-hoexter/kommunen/brakel/",
    "coordinator_lippe": "/kreise/kreis-lippe/",
    "officer_detmold": "/kreise/kreis-lippe/kommunen/detmold/",
    "partner": "/kreise/kreis-hoexter/partner/",  # a partner lands on its home (D94)
}


@dataclass(frozen=True)
class Site:
    """The running server and the world's names its pages need."""

    url: str
    year: int
    joint_project: int
    measures: dict[str, int]  # a sample measure's id per town slug (Höxter's towns with samples)
    flag: int  # an open duplicate flag of Höxter (0: none)
    comment: int  # the coordinator's comment on the joint project
    mentorship: int  # the demo's mentoring record (Höxter learning)
    proposal: int  # the demo's open proposal to Höxter
    # Held while the server answers a request: its requests share one database connection.
    requests: threading.Lock = field(default_factory=threading.Lock)
    connection: Any = None  # that connection, inside the package's transaction

    @contextmanager
    def database(self) -> Iterator[None]:
        """For a test's own reads and writes while the browser runs: on the server's connection, so
        they stay inside the package's transaction, and never while it answers a request. (Playwright's
        sync API runs the test in a greenlet with an event loop: Django would otherwise hand it a
        connection of its own, in autocommit, and refuse it as async code.)"""
        with self.requests:
            previous = connections[DEFAULT_DB_ALIAS]
            allowed = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            connections[DEFAULT_DB_ALIAS] = self.connection
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            try:
                yield
            finally:
                connections[DEFAULT_DB_ALIAS] = previous
                if allowed is None:
                    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
                else:
                    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allowed


def _roadmaps_seed(world: World, year: int) -> tuple[int, dict[str, int]]:
    """The demo's joint project and sample measures (the shared world has none), published; its id."""
    district = world.hoexter_district
    context = plan_context(district=district)
    towns = {town.slug: town for town in Town.objects.filter(district=district, schema_status="ready")}
    project = joint_project_create(
        district=district,
        plan=SAMPLE_JOINT_PROJECT,
        context=context,
        lead_town=towns["hoexter"],
        participants={towns[slug]: commitment for slug, commitment in SAMPLE_JOINT_PROJECT_TOWNS.items()},
        actor=None,
        sample=True,
    )
    project_ids = {project.title: project.pk}
    measures = {}
    for town in towns.values():
        with town_schema(town):
            sample_measures_write(town=town, context=context, year=year - 1, joint_project_ids=project_ids)
            sample_measures_advance(town=town, context=context, year=year, joint_project_ids=project_ids)
            items_publish(town=town, items=town_items_publishable())
            first = Measure.objects.order_by("pk").first()
            if first is not None:
                measures[town.slug] = first.pk
    return project.pk, measures


def _comments_seed(world: World, project_id: int) -> tuple[int, int]:
    """A comment of the coordinator on the joint project, mentioning Höxter's officer; the first open flag."""
    coordinator = User.objects.get(email="koordination@kreis-hoexter.example")
    project = JointProject.objects.get(pk=project_id)
    comment = comment_post(
        item=joint_project_item(project),
        author=coordinator,
        text="Bitte ergänzen Sie die Anforderungen bis Monatsende.",
        mentions=["digital@hoexter.example"],
    )
    flag = DuplicateFlag.objects.filter(district=world.hoexter_district, status="open", is_current=True).first()
    return comment.pk, flag.pk if flag else 0


def _open_data_seed(world: World) -> None:
    """Höxter publishes open data (the shared world has it off, as every district by default)."""
    coordinator = User.objects.get(email=PEOPLE["coordinator"][0])
    open_data_set(district=world.hoexter_district, enabled=True, licence="dl-de/by-2-0", actor=coordinator)


def _reports_seed(world: World) -> None:
    """A finished report of the conference and of Höxter. None waiting: a waiting report's page polls
    its progress every second, and a poll still under way when a test moves on would reach the server
    after that test's time with the database (test_reports.py waits for its own before it ends)."""
    for town in (None, world.town_hoexter):
        report_build(report=report_request(district=world.hoexter_district, town=town, user=None))


class _Server(ThreadedWSGIServer):
    """A thread per HTTP connection (Chromium keeps several open), all on the test session's database
    connection: Django's server would close it after each request, and with it the transaction."""

    def _close_connections(self) -> None:
        pass


class _OneRequestAtATime:
    """The shared database connection serves one request at a time."""

    def __init__(self, application: WSGIHandler) -> None:
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        with self.lock:
            return self.application(environ, start_response)


@pytest.fixture(scope="package")
def site(world: World, django_db_blocker: pytest.FixtureRequest) -> Iterator[Site]:
    """The live server on 127.0.0.1 (a free port) in one transaction; stopped and rolled back at the end."""
    year = timezone.localdate().year
    with ExitStack() as stack:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            everything = transaction.atomic()
            everything.__enter__()

        @stack.callback
        def roll_back() -> None:
            with django_db_blocker.unblock():  # type: ignore[attr-defined]
                transaction.set_rollback(True)
                everything.__exit__(None, None, None)
                public_schema_activate()

        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            project, measures = _roadmaps_seed(world, year)
            comment, flag = _comments_seed(world, project)
            _reports_seed(world)
            mentorship = Mentorship.objects.filter(district=world.hoexter_district, is_sample_data=True).get().pk
            _open_data_seed(world)
            proposal = Proposal.objects.get(district=world.hoexter_district).pk
        shared = connections[DEFAULT_DB_ALIAS]
        shared.inc_thread_sharing()
        stack.callback(shared.dec_thread_sharing)
        # A request must not close the connection that holds the transaction (Django's test client does the same).
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            stack.callback(signal.connect, close_old_connections)
        server = _Server(
            (HOST, 0),
            QuietWSGIRequestHandler,
            allow_reuse_address=False,
            connections_override={DEFAULT_DB_ALIAS: shared},
        )
        application = _OneRequestAtATime(WSGIHandler())  # static files through WhiteNoise, as in production
        server.set_app(application)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()

        @stack.callback
        def stop() -> None:
            server.shutdown()
            server.server_close()
            thread.join()

        yield Site(
            url=f"http://{HOST}:{server.server_address[1]}",
            year=year,
            joint_project=project,
            measures=measures,
            flag=flag,
            comment=comment,
            mentorship=mentorship,
            proposal=proposal,
            requests=application.lock,
            connection=shared,
        )


@pytest.fixture(scope="package")
def browser(site: Site) -> Iterator[Browser]:
    """One headless Chromium for every page (Debian's, never a downloaded build)."""
    executable = chromium_path()
    if executable is None:
        pytest.fail(f"Chromium nicht gefunden. {CHROMIUM_HINT}", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """One person's browser tab, signed in, with what the current page logged and asked for."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.errors.clear()
        self.foreign_requests.clear()


@dataclass
class Sessions:
    """One browser context and tab per person, signed in through the login form on first use.

    Pages of one person open in the same tab, so Chromium parses plotly.js and axe-core once per
    person, not once per page. Requests to any host but the live server are recorded and refused.
    """

    site: Site
    browser: Browser
    tabs: dict[str, Tab] = field(default_factory=dict)

    def tab(self, role: str) -> Tab:
        if role not in self.tabs:
            context = self.browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
            context.set_default_timeout(15_000)
            tab = Tab(context.new_page())
            tab.page.on("console", lambda message: _console(message, tab.errors))
            tab.page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))

            def refuse(route: Route) -> None:
                tab.foreign_requests.append(route.request.url)
                route.abort("blockedbyclient")

            context.route(lambda address: not address.startswith(f"{self.site.url}/"), refuse)
            if role != "anonymous":
                self._sign_in(tab.page, role)
            self.tabs[role] = tab
        tab = self.tabs[role]
        tab.clear()
        return tab

    def _sign_in(self, page: Page, role: str) -> None:
        email = PEOPLE[role][0]
        page.goto(f"{self.site.url}/anmelden/")
        page.fill("#id_username", email)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        home = f"{self.site.url}{LANDINGS[role]}"
        assert page.url == home, f"sign-in as {email} did not land on {home}: {page.url}"


def _console(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(" ".join(message.text.split()))


def charts_drawn(page: Page) -> tuple[int, list[str]]:
    """How many plotly charts the page carries (each figure travels as JSON beside its chart), and
    the problems: a chart not drawn, or drawn without data."""
    chart_ids: list[str] = page.eval_on_selector_all(
        "script[type='application/json'][data-chart-for]", "sources => sources.map(s => s.dataset.chartFor)"
    )
    problems = []
    for chart_id in chart_ids:
        chart = page.locator(f"#{chart_id}")
        try:
            # a trace: bars, boxes and lines are ".trace", a heatmap draws its cells as an image (".hm")
            chart.locator(".main-svg .trace, .main-svg .hm image").first.wait_for(state="visible", timeout=5_000)
        except Error:
            problems.append(f"chart #{chart_id} shows no data (visible: {chart.is_visible()})")
    return len(chart_ids), problems


@pytest.fixture(scope="package")
def sessions(site: Site, browser: Browser) -> Iterator[Sessions]:
    sessions = Sessions(site=site, browser=browser)
    yield sessions
    for tab in sessions.tabs.values():
        tab.page.context.close()


@pytest.fixture(scope="package")
def artifacts() -> Path:
    """Screenshots and accessibility findings of this run (git-ignored, like everything in .local/)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _server_may_use_the_database(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """pytest-django blocks the database outside database tests, in every thread: the live server
    needs it while a test drives the browser (the package's transaction stands in for a test's)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield
