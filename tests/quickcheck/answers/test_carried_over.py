"""Answers taken over from last year are checked before release, never by accident (issue 14, item 2; D65).

An answer prefilled from last year stays marked until it is changed or explicitly confirmed as it
stands: saving it unchanged (the whole form sent, the same values by API, a file with the same values)
confirms nothing. A release with such an answer left is refused and changes nothing. A file confirms an
unchanged answer only where its column "Vorjahr geprüft" says "ja".
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from kreisagenda.tabular import TableFormat, TableImportError
from kreisagenda.tenancy import town_schema
from openpyxl import load_workbook
from rest_framework.test import APIClient

from audit.models import AuditEntry
from quickcheck.answers.answer_io import CHECKED_COLUMN, answers_export, answers_import
from quickcheck.answers.models import Answer
from quickcheck.answers.services import AnswerEdit, AnswerInput, answer_save, answers_save, assessment_release
from quickcheck.models import GridQuestion, GridVersion
from tenants.models import Town
from tests.conftest import World
from tests.helpers import form_fields, town_unchanged, unchanged

PAGE = "/kreise/kreis-hoexter/kommunen/brakel/quick-check/{year}/"
API = "/api/v1/districts/kreis-hoexter/towns/brakel/quickcheck/{year}/answers/{code}/"


def _marienmuenster() -> Town:
    return Town.objects.get(slug="marienmuenster")  # every question answered, not released


def _carry_over(town: Town, grid: GridVersion, count: int) -> list[GridQuestion]:
    """Mark ``count`` complete answers as taken over from last year and not looked at (as prefilling does)."""
    with town_schema(town):
        answers = list(
            Answer.objects.filter(assessment__grid_id=grid.pk, not_applicable=False, current_level__isnull=False)
            .exclude(target_level=None)
            .order_by("question_id")[:count]
        )
        Answer.objects.filter(pk__in=[a.pk for a in answers]).update(carried_over_from=grid.year - 1)
    questions = GridQuestion.objects.in_bulk([a.question_id for a in answers])
    return [questions[a.question_id] for a in answers]


def _marked(town: Town, questions: list[GridQuestion]) -> dict[str, int | None]:
    with town_schema(town):
        stored = dict(
            Answer.objects.filter(question_id__in=[q.pk for q in questions]).values_list(
                "question_id", "carried_over_from"
            )
        )
    return {q.code: stored[q.pk] for q in questions}


def _same(town: Town, question: GridQuestion) -> AnswerInput:
    """The answer as stored, as input: saving it changes nothing."""
    with town_schema(town):
        answer = Answer.objects.get(question_id=question.pk)
    return AnswerInput(
        current_level=answer.current_level,
        target_level=answer.target_level,
        not_applicable=answer.not_applicable,
        not_applicable_reason=answer.not_applicable_reason,
        comment=answer.comment,
        evidence_url=answer.evidence_url,
    )


# --- services ------------------------------------------------------------------------------------


def test_a_release_with_unchecked_answers_from_last_year_is_refused_and_changes_nothing(
    world: World, grid: GridVersion
) -> None:
    town = _marienmuenster()
    first, second = _carry_over(town, grid, 2)
    with town_schema(town), town_unchanged(town), pytest.raises(ValidationError) as error:
        assessment_release(town=town, grid=grid, actor=None)
    (message,) = error.value.messages
    assert message.startswith("Aus dem Vorjahr übernommen und noch nicht geprüft (2): ")
    assert first.code in message
    assert second.code in message


def test_saving_unchanged_confirms_nothing_and_confirming_clears_the_mark_with_a_history_entry(
    world: World, grid: GridVersion
) -> None:
    town = _marienmuenster()
    first, second = _carry_over(town, grid, 2)
    with town_schema(town):
        with town_unchanged(town):  # the same values, once alone and once with the others: no write, no entry
            answer_save(town=town, grid=grid, question=first, data=_same(town, first), actor=None)
            answers_save(town=town, grid=grid, answers={second: _same(town, second)}, actor=None)
        answer_save(
            town=town, grid=grid, question=first, data=AnswerEdit(AnswerInput(), frozenset(), confirm=True), actor=None
        )
        entry = AuditEntry.objects.order_by("-pk").first()
    assert _marked(town, [first, second]) == {first.code: None, second.code: grid.year - 1}
    assert entry is not None
    assert entry.summary == f"Quick Check {grid.year}: Antwort auf {first.code} aus dem Vorjahr unverändert bestätigt"
    assert entry.changes["fields"] == {"carried_over_from": [grid.year - 1, None]}


def test_a_changed_answer_counts_as_checked_and_then_the_release_goes_through(world: World, grid: GridVersion) -> None:
    town = _marienmuenster()
    first, second = _carry_over(town, grid, 2)
    with town_schema(town):
        changed = _same(town, first)
        answer_save(
            town=town,
            grid=grid,
            question=first,
            data=AnswerInput(**{**changed.__dict__, "comment": changed.comment + " geprüft"}),
            actor=None,
        )
        answers_save(
            town=town,
            grid=grid,
            answers={second: AnswerEdit(_same(town, second), confirm=True)},
            actor=None,
        )
        assert assessment_release(town=town, grid=grid, actor=None).is_released
    assert _marked(town, [first, second]) == {first.code: None, second.code: None}


# --- files ---------------------------------------------------------------------------------------


def _export(town: Town, grid: GridVersion) -> bytes:
    with town_schema(town):
        exported = answers_export(town=town, grid=grid, include_drafts=True, table_format=TableFormat.XLSX)
    assert exported is not None
    return exported[1]


def _with_checked(data: bytes, values: dict[str, str]) -> bytes:
    """The exported file with "Vorjahr geprüft" set for the rows named by question number."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Antworten"]
    header = [cell.value for cell in sheet[1]]
    number, checked = header.index("Nr.") + 1, header.index(CHECKED_COLUMN) + 1
    for row in range(2, sheet.max_row + 1):
        code = str(sheet.cell(row=row, column=number).value)
        if code in values:
            sheet.cell(row=row, column=checked).value = values[code]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_export_says_which_answers_are_unchecked(world: World, grid: GridVersion) -> None:
    town = _marienmuenster()
    (first,) = _carry_over(town, grid, 1)
    sheet = load_workbook(io.BytesIO(_export(town, grid)))["Antworten"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(CHECKED_COLUMN)
    marked = {row[0]: row[column] for row in rows[1:]}
    assert marked[first.code] == "nein"
    assert {value for code, value in marked.items() if code != first.code} == {None}  # empty cells


def test_an_unchanged_import_leaves_the_marks_and_only_ja_confirms(world: World, grid: GridVersion) -> None:
    town = _marienmuenster()
    first, second, third = _carry_over(town, grid, 3)
    data = _export(town, grid)
    with town_schema(town), town_unchanged(town):  # the file as exported: nothing to write, nothing confirmed
        assert answers_import(town=town, grid=grid, data=data, filename="a.xlsx", actor=None) == 0
    edited = _with_checked(data, {first.code: "ja", second.code: "nein"})
    with town_schema(town):
        assert answers_import(town=town, grid=grid, data=edited, filename="a.xlsx", actor=None) == 1
    assert _marked(town, [first, second, third]) == {
        first.code: None,
        second.code: grid.year - 1,
        third.code: grid.year - 1,
    }


def test_an_answer_changed_in_the_file_counts_as_checked(world: World, grid: GridVersion) -> None:
    town = _marienmuenster()
    (first,) = _carry_over(town, grid, 1)
    workbook = load_workbook(io.BytesIO(_export(town, grid)))
    sheet = workbook["Antworten"]
    header = [cell.value for cell in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == first.code:
            sheet.cell(row=row, column=header.index("Kommentar") + 1).value = "im Januar geprüft"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with town_schema(town):
        assert answers_import(town=town, grid=grid, data=buffer.getvalue(), filename="a.xlsx", actor=None) == 1
    assert _marked(town, [first]) == {first.code: None}


def test_a_bad_value_in_vorjahr_geprueft_is_named_and_writes_nothing(world: World, grid: GridVersion) -> None:
    town = _marienmuenster()
    (first,) = _carry_over(town, grid, 1)
    edited = _with_checked(_export(town, grid), {first.code: "vielleicht"})
    with town_schema(town), town_unchanged(town), pytest.raises(TableImportError) as error:
        answers_import(town=town, grid=grid, data=edited, filename="a.xlsx", actor=None)
    assert "Spalte „Vorjahr geprüft“: Erwartet wird „ja“, „nein“ oder ein leeres Feld." in str(error.value)


# --- the page without JavaScript, and the API the page's script uses ---------------------------------


def test_the_whole_form_sent_unchanged_confirms_nothing_and_the_box_confirms_one(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    first, second = _carry_over(world.town_brakel, grid, 2)
    officer = client_as("officer_brakel")
    page = officer.get(PAGE.format(year=grid.year)).content.decode()
    assert f'name="{first.code}-confirm"' in page
    assert f"Geprüft: Antwort aus {grid.year - 1} unverändert übernehmen" in page
    form = form_fields(page, "answers-form")
    assert officer.post(PAGE.format(year=grid.year), form).status_code == 302
    assert _marked(world.town_brakel, [first, second]) == {first.code: grid.year - 1, second.code: grid.year - 1}
    form[f"{first.code}-confirm"] = "1"
    assert officer.post(PAGE.format(year=grid.year), form).status_code == 302
    assert _marked(world.town_brakel, [first, second]) == {first.code: None, second.code: grid.year - 1}
    assert f'name="{first.code}-confirm"' not in officer.get(PAGE.format(year=grid.year)).content.decode()


def test_the_api_confirms_only_when_asked(world: World, grid: GridVersion, api_as: Callable[[str], APIClient]) -> None:
    (first,) = _carry_over(world.town_brakel, grid, 1)
    api = api_as("officer_brakel")
    url = API.format(year=grid.year, code=first.code)
    same = _same(world.town_brakel, first)
    response = api.patch(url, {"comment": same.comment}, format="json")
    assert response.status_code == 200
    assert response.json()["carried_over_from"] == grid.year - 1
    assert response.json()["carried_over_unchecked"] >= 1
    response = api.patch(url, {"confirm_carried_over": True}, format="json")
    assert response.status_code == 200
    assert response.json()["carried_over_from"] is None
    assert _marked(world.town_brakel, [first]) == {first.code: None}


@pytest.mark.parametrize("role", ["officer_hoexter", "viewer_hoexter", "coordinator", "officer_detmold"])
def test_nobody_else_confirms_a_towns_answer(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], role: str
) -> None:
    (first,) = _carry_over(world.town_brakel, grid, 1)
    with town_unchanged(world.town_brakel), unchanged(GridVersion.objects.filter(pk=grid.pk)):
        response = api_as(role).patch(
            API.format(year=grid.year, code=first.code), {"confirm_carried_over": True}, format="json"
        )
    assert response.status_code in (403, 404)
