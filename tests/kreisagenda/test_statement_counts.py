"""How many SQL statements the busiest requests and the measure import cost, pinned.

The counts are exact and include ``SET search_path``: with TENANT_LIMIT_SET_CALLS it is issued once
after each schema switch (the request's start on the public schema, entering the town), not before
every statement. Every test also grows what the request reads (answers, measures, towns, projects,
flags) and asserts that the count stays the same, so a query per row (N+1) fails it.

When a change adds or saves a statement on purpose, change the number here and say why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from kreisagenda.tenancy import public_schema_activate, town_schema, town_schema_activate

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from benchmarking.selectors import flags_open
from benchmarking.services import duplicate_flag_dismiss
from mentoring.services import (
    MentorshipInput,
    mentor_request_create,
    mentorship_create,
    project_interest_declare,
)
from opendata.services import open_data_set
from publishing.models import ItemKind
from publishing.services import assessment_publish, items_publish
from publishing.tasks import town_items_publishable
from quickcheck.answers.models import Answer
from quickcheck.answers.samples import sample_answers_write
from quickcheck.answers.selectors import assessment_get
from quickcheck.answers.services import assessment_release
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures.measure_io import measures_import
from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.models import Commitment, JointProject, JointProjectItem, ProjectStatus
from roadmap.rules import MilestoneInput, PlanInput, QuestionTarget
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create, measure_link
from shared_vision.town_focus.models import LocalGoal
from tenants.models import Town
from tenants.services import town_create
from tests.conftest import World


@dataclass(frozen=True)
class Count:
    statements: int
    search_path: int  # of them: SET search_path
    selects: int  # of them: SELECT

    @classmethod
    def of(cls, captured: CaptureQueriesContext) -> Count:
        sql = [query["sql"] for query in captured.captured_queries]
        return cls(
            statements=len(sql),
            search_path=sum(1 for text in sql if text.startswith("SET search_path")),
            selects=sum(1 for text in sql if text.startswith("SELECT")),
        )


def _counted(work: Callable[[], object]) -> Count:
    with CaptureQueriesContext(connection) as captured:
        work()
    count = Count.of(captured)
    print(f"\n{count}")  # noqa: T201 - shown with pytest -s
    return count


# --- a town's Quick Check ----------------------------------------------------------------------

# Session, user, town, memberships, grid, question; savepoint, assessment and answer (locked), the
# answer's update, its history entry, release; the answer's completeness (assessment, answers, fields,
# questions); SET search_path at the request's start and on entering the town.
AUTOSAVE = Count(statements=18, search_path=2, selects=12)


def test_an_autosave_of_one_answer_costs_the_same_however_many_answers_there_are(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_brakel")  # the page's script saves with the browser's session
    url = f"/api/v1/districts/kreis-hoexter/towns/brakel/quickcheck/{grid.year}/answers/OK-2/"

    question = GridQuestion.objects.get(grid=grid, code="OK-2")

    def version() -> str:
        with town_schema(world.town_brakel):
            answer = Answer.objects.filter(question_id=question.pk).first()
        return f'"{answer.version if answer else 0}"'

    def autosave(level: int, etag: str) -> None:  # as the script saves: the changed field, on its version
        response = client.patch(url, {"current_level": level}, content_type="application/json", HTTP_IF_MATCH=etag)
        assert response.status_code == 200, response.content

    etag = version()
    partly = _counted(lambda: autosave(1, etag))  # Brakel has answered about 60 %
    town_schema_activate(world.town_brakel)
    assert sample_answers_write(town=world.town_brakel, grid=grid, completeness=1.0) > 0
    public_schema_activate()
    etag = version()
    every = _counted(lambda: autosave(2, etag))
    assert (partly, every) == (AUTOSAVE, AUTOSAVE)


# Session, user, town, memberships, grid; savepoint, assessment (locked; then read for the view),
# answers, fields, questions; the roadmap's state: old records (read, deleted), measures, new
# records; the assessment's update, its history entry, release; SET search_path twice; notifying the
# coordinators (who they are, their memberships for the permission check, their settings; one insert).
RELEASE = Count(statements=24, search_path=2, selects=15)


def _measures_add(town: Town, count: int, *, start: int = 0) -> None:
    town_schema_activate(town)
    context = plan_context(district=town.district)
    for number in range(start, start + count):
        measure_create(
            town=town,
            data=MeasureInput(
                plan=PlanInput(
                    title=f"Maßnahme {number}",
                    field_key="verwaltung",
                    milestones=(MilestoneInput("Auftakt"), MilestoneInput("Abschluss")),
                )
            ),
            context=context,
            actor=None,
        )
    public_schema_activate()


def test_a_release_costs_the_same_however_many_measures_the_roadmap_holds(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    coordinator, officer = client_as("coordinator"), client_as("officer_hoexter")
    page = f"/kreise/kreis-hoexter/kommunen/hoexter/quick-check/{grid.year}/"

    def release() -> None:
        assert officer.post(page + "freigeben/", {"confirmed": "1"}).status_code == 302

    def reopen_and_release() -> Count:
        assert coordinator.post(page + "wiedereroeffnen/", {"reason": "Bitte prüfen"}).status_code == 302
        count = _counted(release)
        with town_schema(world.town_hoexter):  # the page redirects whether or not it released
            assessment = assessment_get(grid=grid)
            assert assessment is not None
            assert assessment.is_released
        return count

    _measures_add(world.town_hoexter, 1)
    reopen_and_release()  # from now on a release replaces the roadmap's records of the year
    one = reopen_and_release()
    _measures_add(world.town_hoexter, 15, start=1)
    many = reopen_and_release()
    assert (one, many) == (RELEASE, RELEASE)


# --- the measure import ------------------------------------------------------------------------

HEADER = "Titel;Handlungsfeld;Status;Beginn;Meilensteine;Quick-Check-Fragen"
# Per file, whatever its length: savepoints, the fields of action in force with their goals (three
# times: plan context and reader; two statements each since D113, four before), grid and questions,
# goals, the measures (locked) with milestones and local goals, the joint-project links; in the
# service the town's projects and local goals.
IMPORT_UNCHANGED = Count(statements=21, search_path=0, selects=17)
# Per new row: the measure and its milestones are inserted; a history entry per file.
IMPORT_NEW_PER_ROW = 2
# Per changed row: the measure's update.
IMPORT_CHANGED_PER_ROW = 1
# Per row with other milestones: the measure's update and its milestones replaced (Django's delete
# reads the rows it deletes, as django-tenants listens to post_delete, then deletes; an insert).
IMPORT_MILESTONES_PER_ROW = 4


def _file(titles: list[str], *, status: str, milestones: str) -> bytes:
    rows = [f"{title};verwaltung;{status};Q1/2027;{milestones};VW-1" for title in titles]
    return "\r\n".join([HEADER, *rows]).encode()


def _imported(town: Town, content: bytes) -> tuple[Count, dict[str, int]]:
    results: list[dict[str, int]] = []
    count = _counted(
        lambda: results.append(measures_import(town=town, data=content, filename="massnahmen.csv", actor=None))
    )
    return count, results[0]


def test_a_measure_import_reads_once_per_file_and_writes_only_what_changed(world: World, db: None) -> None:
    town = world.town_hoexter
    _measures_add(town, 1)  # files of 5 and of 20 rows meet measures already there
    town_schema_activate(town)
    project = JointProject.objects.create(  # the path is set before counting
        district=world.hoexter_district, lead_town=town, title="Gemeinsames Portal", field_key="verwaltung"
    )
    counts: dict[tuple[str, int], Count] = {}
    for rows in (5, 20):
        titles = [f"Maßnahme {rows}-{number}" for number in range(rows)]
        planned = _file(titles, status="geplant", milestones="Start (Q1/2027)")
        counts["new", rows], created = _imported(town, planned)
        # What the file does not hold and the import keeps: a local goal and a joint project each.
        measures = list(Measure.objects.filter(title__in=titles))
        for measure in measures:
            measure.local_goals.add(LocalGoal.objects.create(field_key="verwaltung", text=f"Ziel {measure.title}"))
            JointProjectItem.objects.create(
                joint_project=project, town=town, item_kind=ItemKind.MEASURE, item_id=measure.pk
            )
        counts["unchanged", rows], unchanged = _imported(town, planned)
        counts["status", rows], status = _imported(town, _file(titles, status="Idee", milestones="Start (Q1/2027)"))
        counts["milestones", rows], milestones = _imported(
            town, _file(titles, status="Idee", milestones="Start | Ende")
        )
        assert [created, unchanged, status, milestones] == [
            {"created": rows, "updated": 0, "unchanged": 0},
            {"created": 0, "updated": 0, "unchanged": rows},
            {"created": 0, "updated": rows, "unchanged": 0},
            {"created": 0, "updated": rows, "unchanged": 0},
        ]
        for measure in Measure.objects.filter(title__in=titles).prefetch_related("milestones", "local_goals"):
            assert measure.status == ProjectStatus.IDEA
            assert [(m.title, m.due_quarter) for m in measure.milestones.all()] == [("Start", ""), ("Ende", "")]
            assert [goal.text for goal in measure.local_goals.all()] == [f"Ziel {measure.title}"]
        links = JointProjectItem.objects.filter(
            town=town, item_kind=ItemKind.MEASURE, item_id__in=[m.pk for m in measures]
        )
        assert list(links.values_list("joint_project_id", flat=True)) == [project.pk] * rows

    assert counts["unchanged", 20] == counts["unchanged", 5] == IMPORT_UNCHANGED
    for kind, per_row in [
        ("new", IMPORT_NEW_PER_ROW),
        ("status", IMPORT_CHANGED_PER_ROW),
        ("milestones", IMPORT_MILESTONES_PER_ROW),
    ]:
        five, twenty = counts[kind, 5], counts[kind, 20]
        assert twenty.statements - five.statements == 15 * per_row, kind
        if kind != "milestones":
            assert twenty.selects == five.selects, kind  # no read per row
    # The 20-row file: reads once, plus its writes and a history entry (+1); new rows need no update.
    assert counts["new", 20].statements == IMPORT_UNCHANGED.statements + 20 * IMPORT_NEW_PER_ROW + 1
    assert counts["status", 20].statements == IMPORT_UNCHANGED.statements + 20 * IMPORT_CHANGED_PER_ROW + 1
    assert counts["milestones", 20].statements == IMPORT_UNCHANGED.statements + 20 * IMPORT_MILESTONES_PER_ROW + 1


# --- the district's pages ----------------------------------------------------------------------

DISTRICT_PAGES = {
    "district home": "/kreise/kreis-hoexter/",
    "conference": "/kreise/kreis-hoexter/konferenz/",
    "comparison": "/kreise/kreis-hoexter/vergleich/{year}/",
    "synergies": "/kreise/kreis-hoexter/vergleich/{year}/synergien/",
    "duplicate flags": "/kreise/kreis-hoexter/doppelstrukturen/",
    "district roadmap": "/kreise/kreis-hoexter/roadmap/",
    "joint projects": "/kreise/kreis-hoexter/projekte/",
    "new joint project": "/kreise/kreis-hoexter/projekte/neu/",
    "lighthouses": "/kreise/kreis-hoexter/leuchttuerme/",
    "yearly review": "/kreise/kreis-hoexter/fortschreibung/{year}/",
    "mentoring": "/kreise/kreis-hoexter/patenschaften/",
    "open data": "/offen/kreis-hoexter/",  # public; switched on by the test
}
# The prepared world as it is: some pages show empty lists, which read less (nothing to prefetch).
DISTRICT_PAGE_STATEMENTS = {  # the fields of action in force: two statements since D113, four before
    "district home": 22,  # with the open-data setting and the mentoring counts
    "conference": 24,
    "comparison": 10,
    "synergies": 11,
    "duplicate flags": 11,  # with the number of comments on each flag shown, in one statement
    "district roadmap": 12,
    "joint projects": 8,
    "new joint project": 15,  # the form lists the grid's questions by field (the grid, its questions)
    "lighthouses": 12,
    "yearly review": 11,
    "mentoring": 10,
    "open data": 23,  # per campaign year with released results: the comparison's statements
}
# The header's count of unread notifications: one statement on every page.
HEADER_UNREAD = 1
# With something in every list, however much.
DISTRICT_PAGE_STATEMENTS_FILLED = {
    "district home": 25,
    "conference": 30,
    "comparison": 10,
    "synergies": 11,
    "duplicate flags": 11,
    "district roadmap": 15,
    "joint projects": 11,
    "new joint project": 15,
    "lighthouses": 15,
    "yearly review": 11,
    "mentoring": 10,
    "open data": 29,
}


def _district_pages(client: Client, year: int) -> dict[str, int]:
    counts = {}
    for name, url in DISTRICT_PAGES.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url.format(year=year))
        assert response.status_code == 200, name
        count = Count.of(captured)
        assert count.search_path == 1, name  # the public schema, once
        counts[name] = count.statements - HEADER_UNREAD
    print(f"\n{counts}")  # noqa: T201 - shown with pytest -s
    return counts


def _district_grows(world: World, grid: GridVersion, *, label: str, towns: int) -> None:
    """More of everything the district's pages list: towns with people and a released, published
    Quick Check; their measures (lighthouses, done, late, alike across towns: flags); joint projects
    with participants, milestones and linked measures; a decided flag."""
    district = world.hoexter_district
    context = plan_context(district=district)
    added: list[tuple[Town, list[int]]] = []
    for number in range(towns):
        town = town_create(
            district=district,
            name=f"Neustadt {label}{number}",
            ags=f"05762{900 + 10 * len(label) + number:03d}",
            population=8000 + 1000 * number,
        )
        officer = user_create(email=f"digital-{town.slug}@example.org", full_name=town.name, password=None)
        membership_grant(user=officer, role=Role.TOWN_DIGITAL_OFFICER, town=town)
        town_schema_activate(town)
        sample_answers_write(town=town, grid=grid, completeness=1.0)
        measure_ids = [
            measure_create(town=town, data=data, context=context, actor=None).pk for data in _town_measures(label=label)
        ]
        assessment_release(town=town, grid=grid, actor=None)
        assessment_publish(town=town, grid=grid)
        items_publish(town=town, items=town_items_publishable())
        public_schema_activate()
        added.append((town, measure_ids))
    lead = added[0][0]
    project = joint_project_create(
        district=district,
        plan=PlanInput(
            title=f"Gemeinsames Ratsinformationssystem {label}",
            field_key="verwaltung",
            status=ProjectStatus.IN_PROGRESS,
            start_quarter="2026-Q1",
            end_quarter="2027-Q4",
            is_lighthouse=True,
            lesson_learned="Gemeinsam ausschreiben spart Zeit.",
            milestones=(MilestoneInput("Ausschreibung", "2026-Q2"), MilestoneInput("Vergabe")),
        ),
        context=context,
        lead_town=lead,
        participants={town: Commitment.COMMITTED for town, _ids in added[1:]},
        actor=None,
    )
    for town, measure_ids in added:
        measure_link(town=town, measure_id=measure_ids[0], joint_project=project)
    flag = flags_open(district=district).first()
    assert flag is not None, "alike measures of several towns are flagged"
    duplicate_flag_dismiss(flag=flag, reason="Verschiedene Zielgruppen", actor=None)
    learner = added[-1][0]
    mentorship_create(
        district=district,
        data=MentorshipInput(mentor_town=lead, mentee_town=learner, field_keys=("verwaltung",), goal="Lernen"),
        actor=None,
    )
    mentor_request_create(
        town=learner, field_key="bildung", message="", preferred_mentor=None, names_visible=False, actor=None
    )
    project_interest_declare(town=world.town_hoexter, joint_project=project, message="", actor=None)


def _town_measures(*, label: str) -> list[MeasureInput]:
    return [
        MeasureInput(
            plan=PlanInput(
                title=f"Digitaler Bauantrag {label}",
                field_key="verwaltung",
                status=ProjectStatus.IN_PROGRESS,
                start_quarter="2025-Q1",
                end_quarter="2025-Q4",  # late
                progress=50,
                question_targets=(QuestionTarget("VW-1", 3),),
            )
        ),
        MeasureInput(
            plan=PlanInput(
                title=f"Online-Terminbuchung {label}",
                field_key="verwaltung",
                status=ProjectStatus.DONE,
                start_quarter="2025-Q1",
                end_quarter="2025-Q4",
                progress=100,
                is_lighthouse=True,
                lesson_learned="Früh mit dem Personalrat sprechen.",
                question_targets=(QuestionTarget("VW-1"),),
            )
        ),
        MeasureInput(plan=PlanInput(title=f"WLAN im Rathaus {label}", field_key="infrastruktur")),
    ]


def test_the_district_pages_cost_the_same_however_many_towns_and_items_there_are(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], person: Callable[[str], User]
) -> None:
    client = client_as("coordinator")
    open_data_set(district=world.hoexter_district, enabled=True, licence="dl-de/by-2-0", actor=person("coordinator"))
    assert _district_pages(client, grid.year) == DISTRICT_PAGE_STATEMENTS
    _district_grows(world, grid, label="a", towns=2)
    assert _district_pages(client, grid.year) == DISTRICT_PAGE_STATEMENTS_FILLED
    _district_grows(world, grid, label="bb", towns=3)
    assert _district_pages(client, grid.year) == DISTRICT_PAGE_STATEMENTS_FILLED
