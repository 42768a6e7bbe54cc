"""Malformed answer files are refused by row and change nothing (issue 13): before, an unterminated
quote merged two lines and emptied two answers, and a short XLSX row cleared an answer."""

from __future__ import annotations

import io

import pytest
from kreisagenda.tabular import TableImportError
from kreisagenda.tenancy import town_schema
from openpyxl import Workbook

from quickcheck.answers.answer_io import ANSWER_COLUMNS, ANSWER_SHEET, answers_import
from quickcheck.answers.models import Answer
from quickcheck.models import GridQuestion, GridVersion
from tests.conftest import World
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db

HEADER = ";".join(ANSWER_COLUMNS[:9])  # a file without "Vorjahr geprüft" (optional, D65), as written before it


def _csv(*rows: str) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode("utf-8")


def _answered(world: World, grid: GridVersion) -> list[str]:
    """Two codes Brakel has answered with a target, a comment or both (its draft is about 60 % done)."""
    with town_schema(world.town_brakel):
        codes = dict(GridQuestion.objects.filter(grid=grid).values_list("pk", "code"))
        answered = Answer.objects.filter(target_level__isnull=False).order_by("question_id")
        return [codes[answer.question_id] for answer in answered[:2]]


def _refused(world: World, grid: GridVersion, data: bytes, filename: str) -> list[str]:
    with town_schema(world.town_brakel), town_unchanged(world.town_brakel), pytest.raises(TableImportError) as error:
        answers_import(town=world.town_brakel, grid=grid, data=data, filename=filename, actor=None)
    return [str(problem) for problem in error.value.problems]


def test_an_unterminated_quote_is_refused_at_its_line(world: World, grid: GridVersion) -> None:
    first, second = _answered(world, grid)
    data = _csv(f'{first};;;1;2;nein;;"Kommentar ohne Ende;', f"{second};;;1;2;nein;;;")
    problems = _refused(world, grid, data, "a.csv")
    assert len(problems) == 1
    assert problems[0].startswith("a.csv, Zeile 2: Die CSV-Datei ist ab hier fehlerhaft")
    assert "schließendes Anführungszeichen" in problems[0]


def test_a_csv_row_with_fewer_cells_than_the_header_is_refused(world: World, grid: GridVersion) -> None:
    first, _second = _answered(world, grid)
    assert _refused(world, grid, _csv(f"{first};;;1"), "a.csv") == [
        "a.csv, Zeile 2: Die Zeile hat 4 Zellen, die Kopfzeile 9 Spalten."
    ]


def test_an_xlsx_row_that_ends_early_does_not_empty_the_rest(world: World, grid: GridVersion) -> None:
    first, _second = _answered(world, grid)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ANSWER_SHEET
    sheet.append(list(ANSWER_COLUMNS))
    sheet.append([first, None, None, 1])  # only the number and one level: the rest of the row is missing
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _refused(world, grid, buffer.getvalue(), "a.xlsx") == [
        "a.xlsx, Tabelle „Antworten“, Zeile 2, Spalte „Nicht zutreffend“: Die Zeile endet vor dieser Spalte; "
        "fehlende Zellen würden Angaben leeren. Bitte die Zeile bis hierher ausfüllen."
    ]


def test_a_line_break_in_a_one_line_column_is_refused(world: World, grid: GridVersion) -> None:
    first, _second = _answered(world, grid)
    data = _csv(f'{first};;;1;2;nein;;;"https://example.org/a\nhttps://example.org/b"')
    assert _refused(world, grid, data, "a.csv") == [
        "a.csv, Zeile 2, Spalte „Nachweis“: Die Zelle enthält einen Zeilenumbruch; in dieser Spalte steht eine Zeile."
    ]


def test_a_comment_may_span_lines(world: World, grid: GridVersion) -> None:
    first, _second = _answered(world, grid)
    data = _csv(f'{first};;;1;2;nein;;"erste Zeile\nzweite Zeile";')
    with town_schema(world.town_brakel):
        assert answers_import(town=world.town_brakel, grid=grid, data=data, filename="a.csv", actor=None) == 1
        question = GridQuestion.objects.get(grid=grid, code=first)
        assert Answer.objects.get(question_id=question.pk).comment == "erste Zeile\nzweite Zeile"
