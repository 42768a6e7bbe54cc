"""Reports: the conference's council paper and a town's report, as PDF, XLSX and CSV, from published data."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import number_format
from kreisagenda.tenancy import town_schema
from openpyxl import load_workbook

from benchmarking.selectors import comparison_get
from publishing.services import items_publish
from publishing.tasks import town_items_publishable
from quickcheck.answers.selectors import assessment_view
from quickcheck.models import GridVersion
from reports.models import Report, ReportFile, ReportFormat, ReportKind, ReportStatus
from reports.selectors import conference_report_content, reports_of, town_report_content
from reports.services import report_build, report_failed, report_request
from reports.tasks import report_build_task, reports_reconcile
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context, published_measure_rows
from tenants.models import Town
from tests.conftest import World
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db

CONFERENCE_PAGE = "/kreise/kreis-hoexter/konferenz/berichte/"
TOWN_PAGE = "/kreise/kreis-hoexter/kommunen/hoexter/berichte/"


def _built(world: World, *, town: bool = False) -> Report:
    report = report_request(
        district=world.hoexter_district, town=world.town_hoexter if town else None, user=None, meeting_date=None
    )
    return report_build(report=report)


def _file(report: Report, file_format: ReportFormat) -> bytes:
    return bytes(ReportFile.objects.get(report=report, file_format=file_format).content)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _german(value: Decimal) -> str:
    return number_format(value, 1, use_l10n=True)


def test_the_conference_pdf_holds_the_district_the_year_and_the_tables_numbers(world: World, grid: GridVersion) -> None:
    report = _built(world)
    text = _pdf_text(_file(report, ReportFormat.PDF))
    assert report.status == ReportStatus.READY
    assert report.year == grid.year
    assert "Kreis Höxter" in text
    assert "Sitzungsvorlage für die Bürgermeisterkonferenz" in text
    assert f"Erhebungsjahr {grid.year}" in text
    assert "Inhalt" in text
    assert "Methode und Datengrundlage" in text
    assert "Seite 2 von" in text  # page numbers, from the second page on
    comparison = comparison_get(district=world.hoexter_district, year=grid.year)
    medians = [f.statistics.median for f in comparison.fields if f.statistics is not None]
    assert medians
    for field_comparison in comparison.fields:
        if field_comparison.statistics is not None:  # the trend table's row of this year's medians
            assert field_comparison.name in text
    for town in comparison.towns:  # the heatmap's table: every released town with its score
        assert town.name in text
        first_score = next(r.current for r in town.fields.values() if r.current is not None)
        assert _german(first_score) in text


def test_the_pdf_is_tagged_in_german_with_its_fonts_embedded(world: World) -> None:
    reader = pypdf.PdfReader(io.BytesIO(_file(_built(world), ReportFormat.PDF)))
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged PDF
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert reader.metadata is not None
    assert "Gemeinsames Lagebild" in str(reader.metadata.title)
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font = reference.get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object().get("/FontDescriptor")
            fonts[font["/BaseFont"]] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts
    assert all(fonts.values()), fonts
    figures = _structure_elements(root["/StructTreeRoot"], "/Figure")
    assert len(figures) == 2  # the trend and the heatmap
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)  # each chart's alternative text


def _structure_elements(node: Any, kind: str) -> list[Any]:
    """The tagged PDF's structure elements of one kind (/Figure, /Table, …), depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    found = [node] if hasattr(node, "get") and node.get("/S") == kind else []
    children = node.get("/K") if hasattr(node, "get") else None
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        found += _structure_elements(child, kind)
    return found


def test_xlsx_and_csv_hold_the_same_numbers_as_the_pdf(world: World, grid: GridVersion) -> None:
    report = _built(world)
    content = conference_report_content(district=world.hoexter_district, meeting_date=None)
    trend = next(table for table in content.tables if table.name == "Verlauf")
    workbook = load_workbook(io.BytesIO(_file(report, ReportFormat.XLSX)))
    assert workbook.sheetnames[0] == "Bericht"
    sheet = workbook["Verlauf"]
    header = [cell.value for cell in sheet[1]]
    assert header == trend.columns
    for row, expected in zip(sheet.iter_rows(min_row=2, values_only=True), trend.rows, strict=True):
        assert row[0] == expected[0]
        for written_value, expected_value in zip(row[1:], expected[1:], strict=True):
            assert written_value == (
                float(round(expected_value, 1)) if isinstance(expected_value, Decimal) else expected_value
            )
    strengths = workbook["Stärken und Schwächen"]
    marked = [cell for row in strengths.iter_rows(min_row=2) for cell in row if cell.number_format.endswith('"▲"')]
    assert marked
    assert all(isinstance(cell.value, int | float) for cell in marked)

    rows = list(csv.reader(io.StringIO(_file(report, ReportFormat.CSV).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tabelle", "Zeile", "Spalte", "Wert", "Einordnung"]
    year_column = str(grid.year)
    for expected in trend.rows[:-1]:  # the last row counts towns
        median = expected[trend.columns.index(year_column)]
        written = _german(median) if isinstance(median, Decimal) else ""
        assert ["Verlauf", expected[0], year_column, written, ""] in rows
    assert any(row[0] == "Stärken und Schwächen" and row[4] in {"Stärke", "Schwäche"} for row in rows[1:])


def test_a_towns_report_shows_its_released_scores(world: World, grid: GridVersion) -> None:
    content = town_report_content(town=world.town_hoexter)
    comparison = comparison_get(district=world.hoexter_district, year=grid.year)
    released = comparison.town(world.town_hoexter.pk)
    assert released is not None
    assert content.year == grid.year
    position = next(table for table in content.tables if table.name == "Position")
    by_field = {row[0]: row for row in position.rows}
    for field_comparison in comparison.fields:
        row = by_field[field_comparison.name]
        assert row[1] == released.fields[field_comparison.key].current
        assert row[2] == released.fields[field_comparison.key].target
        assert row[3] == (field_comparison.statistics.median if field_comparison.statistics else None)


def test_a_towns_draft_stays_out_of_its_report(world: World, grid: GridVersion) -> None:
    """Brakel has answered part of this year's Quick Check and released nothing: no scores in its report."""
    with town_schema(world.town_brakel):
        draft = assessment_view(town=world.town_brakel, grid=grid, include_drafts=True)
    assert any(fv.score.current is not None for fv in draft.fields if fv.score)  # there is a draft to leak
    content = town_report_content(town=world.town_brakel)
    assert comparison_get(district=world.hoexter_district, year=grid.year).town(world.town_brakel.pk) is None
    assert [table.name for table in content.tables if table.name in {"Position", "Verlauf"}] == []
    assert "noch keinen Quick Check freigegeben" in content.sections[0].paragraphs[0]


def _measure_published(town: Town, title: str) -> None:
    with town_schema(town):
        measure_create(
            town=town,
            data=MeasureInput(plan=PlanInput(title=title, field_key="verwaltung", status="idea")),
            context=plan_context(district=town.district),
            actor=None,
        )
        items_publish(town=town, items=town_items_publishable())


def test_a_towns_report_lists_its_published_measures_and_no_other_towns(world: World) -> None:
    _measure_published(world.town_hoexter, "E-Rechnung Höxter")
    _measure_published(world.town_brakel, "Ratsinformationssystem Brakel")
    content = town_report_content(town=world.town_hoexter)
    listed = {row[0] for table in content.tables if table.name == "Maßnahmen" for row in table.rows}
    assert "E-Rechnung Höxter" in listed
    assert "Ratsinformationssystem Brakel" not in listed
    published = published_measure_rows(district=world.hoexter_district)
    assert listed == {row.title for row in published if row.town_slug == "hoexter"}


def test_the_page_records_the_request_and_queues_the_build(
    client_as: Callable[[str], Client], person: Callable[[str], object], django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_as("conference").post(CONFERENCE_PAGE, {"meeting_date": "2026-12-15"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.kind == ReportKind.CONFERENCE
    assert report.town is None
    assert report.status == ReportStatus.QUEUED
    assert str(report.meeting_date) == "2026-12-15"
    assert report.requested_by == person("conference")
    assert len(callbacks) == 1  # the build is handed to the worker after the commit
    page = client_as("conference").get(CONFERENCE_PAGE)
    assert b"<progress" in page.content
    assert b"reports/js/progress" in page.content


def test_a_bad_meeting_date_is_named_and_nothing_is_requested(client_as: Callable[[str], Client]) -> None:
    with unchanged(Report.objects.all()):
        response = client_as("conference").post(CONFERENCE_PAGE, {"meeting_date": "15.13.2026"})
    assert response.status_code == 400
    assert "Sitzung am" in response.content.decode()
    assert "gültiges Datum" in response.content.decode()


@pytest.mark.parametrize(
    ("label", "page", "status"),
    [
        ("conference", CONFERENCE_PAGE, 200),
        ("coordinator", CONFERENCE_PAGE, 200),
        ("officer_hoexter", CONFERENCE_PAGE, 403),
        ("viewer_hoexter", CONFERENCE_PAGE, 403),
        ("coordinator_lippe", CONFERENCE_PAGE, 403),
        ("officer_hoexter", TOWN_PAGE, 200),
        ("viewer_hoexter", TOWN_PAGE, 200),  # the mayor reads the town's report
        ("coordinator", TOWN_PAGE, 200),
        ("officer_brakel", TOWN_PAGE, 403),
        ("conference", TOWN_PAGE, 403),
        ("officer_detmold", TOWN_PAGE, 403),
        ("no_role", TOWN_PAGE, 403),
    ],
)
def test_who_may_see_and_request_reports(
    client_as: Callable[[str], Client], label: str, page: str, status: int, django_capture_on_commit_callbacks: Callable
) -> None:
    client = client_as(label)
    assert client.get(page).status_code == status
    if status == 403:
        with unchanged(Report.objects.all()), django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert client.post(page, {}).status_code == 403
        assert callbacks == []


@pytest.mark.parametrize(
    ("label", "district", "status"),
    [
        ("officer_hoexter", "kreis-hoexter", 200),
        ("viewer_hoexter", "kreis-hoexter", 200),
        ("coordinator", "kreis-hoexter", 200),
        ("officer_brakel", "kreis-hoexter", 403),
        ("conference", "kreis-hoexter", 403),
        ("coordinator_lippe", "kreis-hoexter", 403),
        ("coordinator_lippe", "kreis-lippe", 404),  # another district's address finds no such report
    ],
)
def test_a_towns_report_files_are_served_only_to_those_who_see_the_town(
    world: World, client_as: Callable[[str], Client], label: str, district: str, status: int
) -> None:
    report = _built(world, town=True)
    client = client_as(label)
    for file_format in ReportFormat:
        response = client.get(f"/kreise/{district}/berichte/{report.pk}/{file_format.value}/")
        assert response.status_code == status, file_format
        if status == 200:
            assert response["Content-Type"] == file_format.content_type
            assert response["Content-Disposition"].startswith('attachment; filename="bericht-hoexter-')
            assert bytes(response.content) == _file(report, file_format)
    state = client.get(f"/kreise/{district}/berichte/{report.pk}/stand/")
    assert state.status_code == status
    if status == 200:
        assert state.json()["status"] == "ready"
        assert state.json()["progress"] == 100


@pytest.mark.parametrize(("label", "status"), [("conference", 200), ("coordinator", 200), ("officer_hoexter", 403)])
def test_the_conference_report_is_served_like_the_conference_page(
    world: World, client_as: Callable[[str], Client], label: str, status: int
) -> None:
    report = _built(world)
    response = client_as(label).get(f"/kreise/kreis-hoexter/berichte/{report.pk}/pdf/")
    assert response.status_code == status
    if status == 200:
        assert bytes(response.content).startswith(b"%PDF")


def test_an_unknown_format_or_an_unfinished_report_has_no_file(
    world: World, client_as: Callable[[str], Client]
) -> None:
    queued = report_request(district=world.hoexter_district, town=None, user=None)
    client = client_as("conference")
    assert client.get(f"/kreise/kreis-hoexter/berichte/{queued.pk}/pdf/").status_code == 404
    built = _built(world)
    assert client.get(f"/kreise/kreis-hoexter/berichte/{built.pk}/docx/").status_code == 404


def test_a_failed_build_is_shown_with_its_problem_and_offers_no_file(
    world: World, client_as: Callable[[str], Client]
) -> None:
    report = report_request(district=world.hoexter_district, town=None, user=None)
    report_failed(report=report, problem="Der Bericht konnte nicht erstellt werden. Bitte erneut anfordern.")
    client = client_as("conference")
    page = client.get(CONFERENCE_PAGE).content.decode()
    assert "fehlgeschlagen: Der Bericht konnte nicht erstellt werden" in page
    assert "reports/js/progress" not in page  # nothing left to follow
    assert client.get(f"/kreise/kreis-hoexter/berichte/{report.pk}/pdf/").status_code == 404
    assert client.get(f"/kreise/kreis-hoexter/berichte/{report.pk}/stand/").json()["status"] == "failed"


def test_the_list_of_reports_leaves_the_files_content_unread(world: World) -> None:
    _built(world)
    reports = list(reports_of(district=world.hoexter_district, town=None))
    files = [file for report in reports for file in report.files.all()]
    assert [file.file_format for file in files] == ["pdf", "xlsx", "csv"]
    assert all("content" in file.get_deferred_fields() for file in files)


def test_a_report_whose_build_was_lost_is_sent_to_the_worker_again(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    long_ago = timezone.now() - datetime.timedelta(minutes=20)
    lost = report_request(district=world.hoexter_district, town=None, user=None)
    finished = _built(world)
    Report.objects.filter(pk__in=[lost.pk, finished.pk]).update(requested_at=long_ago, active_at=long_ago)
    report_request(district=world.hoexter_district, town=None, user=None)  # just asked for: not lost
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_reconcile() == [lost.pk]
    assert len(callbacks) == 1  # one build sent again, after the commit
    assert Report.objects.get(pk=lost.pk).builds_sent == 2


def test_a_build_sent_again_is_not_sent_again_at_the_next_run(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    # Before, staleness went by the request's time, so a slow build was sent again every 5 minutes.
    long_ago = timezone.now() - datetime.timedelta(minutes=20)
    lost = report_request(district=world.hoexter_district, town=None, user=None)
    Report.objects.filter(pk=lost.pk).update(requested_at=long_ago, active_at=long_ago)
    with django_capture_on_commit_callbacks(execute=False):
        assert reports_reconcile() == [lost.pk]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_reconcile(now=timezone.now() + datetime.timedelta(minutes=5)) == []
    assert callbacks == []
    assert Report.objects.get(pk=lost.pk).builds_sent == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_reconcile(now=timezone.now() + datetime.timedelta(minutes=11)) == [lost.pk]
    assert len(callbacks) == 1


def test_a_build_that_fell_silent_is_built_by_the_build_sent_again(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    silent_since = timezone.now() - datetime.timedelta(minutes=15)
    lost = report_request(district=world.hoexter_district, town=None, user=None)
    Report.objects.filter(pk=lost.pk).update(status=ReportStatus.BUILDING, progress=20, active_at=silent_since)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_reconcile() == [lost.pk]
    assert len(callbacks) == 1
    assert report_build_task.run(report_id=lost.pk) == ReportStatus.READY  # the task sent again, run here
    built = Report.objects.get(pk=lost.pk)
    assert (built.status, built.builds_sent) == (ReportStatus.READY, 2)
    assert ReportFile.objects.filter(report=lost).count() == 3


def test_a_long_build_that_reports_its_steps_is_not_lost(world: World) -> None:
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    running = report_request(district=world.hoexter_district, town=None, user=None)
    Report.objects.filter(pk=running.pk).update(
        requested_at=long_ago, status=ReportStatus.BUILDING, active_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with unchanged(Report.objects.filter(pk=running.pk)):
        assert reports_reconcile() == []


def test_a_second_build_leaves_a_report_another_build_is_working_on(world: World) -> None:
    report = report_request(district=world.hoexter_district, town=None, user=None)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.BUILDING, progress=20, active_at=timezone.now())
    with unchanged(Report.objects.filter(pk=report.pk)):
        second = report_build(report=Report.objects.get(pk=report.pk))
    assert (second.status, second.progress) == (ReportStatus.BUILDING, 20)
    assert not ReportFile.objects.filter(report=report).exists()


def test_a_build_takes_over_a_report_whose_build_fell_silent(world: World) -> None:
    report = report_request(district=world.hoexter_district, town=None, user=None)
    silent_since = timezone.now() - datetime.timedelta(minutes=15)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.BUILDING, progress=20, active_at=silent_since)
    built = report_build(report=Report.objects.get(pk=report.pk))
    assert built.status == ReportStatus.READY
    assert sorted(ReportFile.objects.filter(report=report).values_list("file_format", flat=True)) == [
        "csv",
        "pdf",
        "xlsx",
    ]


def test_a_report_lost_three_times_fails_with_a_message_instead_of_being_sent_again(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    long_ago = timezone.now() - datetime.timedelta(minutes=20)
    lost = report_request(district=world.hoexter_district, town=None, user=None)
    Report.objects.filter(pk=lost.pk).update(active_at=long_ago, builds_sent=3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_reconcile() == []
    assert callbacks == []
    failed = Report.objects.get(pk=lost.pk)
    assert failed.status == ReportStatus.FAILED
    assert "nach 3 Versuchen" in failed.problem
