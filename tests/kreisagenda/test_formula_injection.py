"""A town's text never comes out of an export as a live formula, and an export imports back unchanged (D52).

A text starting with "=", "+", "-", "@", tab or CR would be run by Excel or LibreOffice as a formula
(OWASP "CSV injection"): "=HYPERLINK(…)" becomes a link that sends whoever clicks it elsewhere.
Every exporter that writes a town's text is planted with such texts: in XLSX they are text cells,
in CSV they start with a quote, and importing the unchanged file changes nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db.models import Model
from kreisagenda.tabular import TableFormat, table_read, table_write
from kreisagenda.tenancy import town_schema_activate
from openpyxl import load_workbook

from benchmarking.exports import comparison_export
from benchmarking.selectors import comparison_get
from quickcheck.answers.answer_io import ANSWER_SHEET, answers_export, answers_import
from quickcheck.answers.models import Answer
from quickcheck.models import GridVersion
from reports.render import report_csv, report_xlsx
from reports.selectors import conference_report_content, town_report_content
from roadmap.measures.measure_io import MEASURE_SHEET, measures_export, measures_import
from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from solutions.models import Solution
from solutions.solution_io import SOLUTION_SHEET, solutions_export, solutions_import
from tests.conftest import World
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","klick")'
# Texts a spreadsheet would run, and one that really starts with a quote before "=".
HOSTILE = [HYPERLINK, "@SUM(1)", "-1+2", "\tx", "+49 5271 1234", "'=nur Text"]
# What the app can store: every input (forms, API, imports) trims leading whitespace, so a text starting
# with a tab or CR is only ever planted; the file keeps it (test_escaping_…), the services trim it.
STORABLE = [text for text in HOSTILE if not text[0].isspace()]


def _xlsx_cells(content: bytes, sheet: str) -> list[Any]:
    return [cell for row in load_workbook(io.BytesIO(content))[sheet].iter_rows() for cell in row]


def _csv_cells(content: bytes) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";") for cell in row
    ]


def _assert_escaped(content: bytes, table_format: TableFormat, sheet: str, texts: list[str]) -> None:
    """Each text is in the file, as a text cell (XLSX) or behind a leading quote (CSV); no cell is a formula."""
    if table_format == TableFormat.XLSX:
        xlsx_cells = _xlsx_cells(content, sheet)
        assert not [cell.coordinate for cell in xlsx_cells if cell.data_type == "f"]
        found = {text: [cell for cell in xlsx_cells if cell.value in (text, f"'{text}")] for text in texts}
        for text, matching in found.items():
            assert matching, f"{text!r} fehlt in der Datei"
            assert all(cell.data_type == "s" for cell in matching)
    else:
        cells = _csv_cells(content)
        for text in texts:
            assert f"'{text}" in cells, f"{text!r} steht nicht maskiert in der Datei"
            assert text not in cells


def test_escaping_keeps_numbers_numbers_and_reads_back_every_text() -> None:
    rows: list[list[Any]] = [[text, -1, -2.5, "-2,5"] for text in [*HOSTILE, "''=x", "'", "x", ""]]
    columns = ["Text", "Ganzzahl", "Zahl", "Zahl als Text"]
    for table_format in TableFormat:
        content = table_write(table_format=table_format, sheet="Daten", columns=columns, rows=rows)
        read = table_read(data=content, filename=f"t.{table_format}", sheet="Daten", columns=columns, required=())
        assert [cells["Text"] for _, cells in read.rows] == [row[0] for row in rows]
        assert {cells["Ganzzahl"] for _, cells in read.rows} == {"-1"}
    xlsx = table_write(table_format=TableFormat.XLSX, sheet="Daten", columns=columns, rows=rows)
    numbers = [row[1:3] for row in load_workbook(io.BytesIO(xlsx))["Daten"].iter_rows(min_row=2)]
    assert all(cell.data_type == "n" and isinstance(cell.value, int | float) for row in numbers for cell in row)
    csv_text = table_write(table_format=TableFormat.CSV, sheet="", columns=columns, rows=rows).decode("utf-8-sig")
    assert csv_text.splitlines()[1].endswith(";-1;-2,5;-2,5")  # numbers, not texts behind a quote


# --- the Quick Check's answers (the town's export, the district's after release) ---------------


def _plant_answers(texts: list[str]) -> dict[int, str]:
    """Brakel's draft answers get the texts as comments (as if stored before the export was safe)."""
    answers = list(Answer.objects.filter(not_applicable=False).order_by("question_id")[: len(texts)])
    assert len(answers) == len(texts)
    for answer, text in zip(answers, texts, strict=True):
        Answer.objects.filter(pk=answer.pk).update(comment=text)
    return {answer.pk: text for answer, text in zip(answers, texts, strict=True)}


def _answers_file(world: World, grid: GridVersion, table_format: TableFormat) -> bytes:
    exported = answers_export(town=world.town_brakel, grid=grid, include_drafts=True, table_format=table_format)
    assert exported is not None
    return exported[1]


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_answer_texts_are_no_formulas_and_import_back_unchanged(
    world: World, grid: GridVersion, table_format: TableFormat
) -> None:
    town_schema_activate(world.town_brakel)
    planted = _plant_answers(STORABLE)
    content = _answers_file(world, grid, table_format)
    _assert_escaped(content, table_format, ANSWER_SHEET, STORABLE)
    with town_unchanged(world.town_brakel):
        changed = answers_import(
            town=world.town_brakel, grid=grid, data=content, filename=f"a.{table_format}", actor=None
        )
    assert changed == 0
    assert {pk: Answer.objects.get(pk=pk).comment for pk in planted} == planted
    _plant_answers(HOSTILE)  # a leading tab as well
    _assert_escaped(_answers_file(world, grid, table_format), table_format, ANSWER_SHEET, HOSTILE)


# --- the town's measures -------------------------------------------------------------------------

MEASURE_TEXT_FIELDS = ("description", "responsible_unit", "responsible_person", "funding_source", "status_note")


def _plant_measure(world: World) -> Measure:
    town_schema_activate(world.town_hoexter)
    context = plan_context(district=world.town_hoexter.district)
    measure = measure_create(
        town=world.town_hoexter,
        data=MeasureInput(plan=PlanInput(title="Formeltest", field_key="verwaltung")),
        context=context,
        actor=None,
    )
    Measure.objects.filter(pk=measure.pk).update(**dict(zip(MEASURE_TEXT_FIELDS, STORABLE, strict=True)))
    return measure


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_measure_texts_are_no_formulas_and_import_back_unchanged(world: World, table_format: TableFormat) -> None:
    measure = _plant_measure(world)
    _filename, content = measures_export(town=world.town_hoexter, table_format=table_format)
    _assert_escaped(content, table_format, MEASURE_SHEET, STORABLE)
    with town_unchanged(world.town_hoexter):
        counts = measures_import(town=world.town_hoexter, data=content, filename=f"m.{table_format}", actor=None)
    assert counts["created"] == counts["updated"] == 0
    measure.refresh_from_db()
    assert [getattr(measure, name) for name in MEASURE_TEXT_FIELDS] == STORABLE
    Measure.objects.filter(pk=measure.pk).update(digital_pilot="\tx")
    _filename, content = measures_export(town=world.town_hoexter, table_format=table_format)
    _assert_escaped(content, table_format, MEASURE_SHEET, ["\tx"])


# --- the town's solution register -------------------------------------------------------------------

SOLUTION_TEXT_FIELDS = ("title", "description", "product", "vendor")


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_register_texts_are_no_formulas_and_import_back_unchanged(world: World, table_format: TableFormat) -> None:
    town_schema_activate(world.town_hoexter)
    texts = STORABLE[:4]
    entry = Solution.objects.create(
        field_key="verwaltung",
        category="other",
        status="planned",
        **dict(zip(SOLUTION_TEXT_FIELDS, texts, strict=True)),
    )
    _filename, content = solutions_export(town=world.town_hoexter, table_format=table_format)
    _assert_escaped(content, table_format, SOLUTION_SHEET, texts)
    with town_unchanged(world.town_hoexter):
        counts = solutions_import(town=world.town_hoexter, data=content, filename=f"r.{table_format}", actor=None)
    assert counts["created"] == counts["updated"] == 0
    entry.refresh_from_db()
    assert [getattr(entry, name) for name in SOLUTION_TEXT_FIELDS] == texts


# --- the district's exports: the comparison and the reports ------------------------------------


def _rename(model: type[Model], pk: int, **texts: str) -> None:
    model._default_manager.filter(pk=pk).update(**texts)


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_the_coordinators_comparison_writes_names_as_text(
    world: World, grid: GridVersion, table_format: TableFormat
) -> None:
    from tenants.models import Town

    _rename(Town, world.town_hoexter.pk, name=HYPERLINK)
    comparison = comparison_get(district=world.hoexter_district, year=grid.year)
    assert HYPERLINK in {town.name for town in comparison.towns}
    content = comparison_export(comparison, table_format)
    _assert_escaped(content, table_format, f"Vergleich {grid.year}", [HYPERLINK])


@pytest.mark.parametrize("kind", ["conference", "town"])
def test_the_reports_write_a_towns_name_as_text(world: World, kind: str) -> None:
    from tenants.models import Town

    _rename(Town, world.town_hoexter.pk, name=HYPERLINK)
    if kind == "town":  # a fresh instance: the world's own must keep its name beyond this test's rollback
        content = town_report_content(town=Town.objects.get(pk=world.town_hoexter.pk))
    else:
        content = conference_report_content(district=world.hoexter_district, meeting_date=None)
    workbook = report_xlsx(content)
    cells = [cell for name in load_workbook(io.BytesIO(workbook)).sheetnames for cell in _xlsx_cells(workbook, name)]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    named = [cell.data_type for cell in cells if cell.value == HYPERLINK]
    assert named
    assert set(named) == {"s"}
    csv_cells = _csv_cells(report_csv(content))
    if kind == "conference":  # a town's report's CSV holds its tables, which do not name the town itself
        assert f"'{HYPERLINK}" in csv_cells
    assert HYPERLINK not in csv_cells
