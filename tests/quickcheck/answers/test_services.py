"""A town's answers: drafts, history, release, reopening, files in and out."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from kreisagenda.tabular import TableFormat, TableImportError
from kreisagenda.tenancy import town_schema, town_schema_activate
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditEntry
from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.models import Answer, AssessmentStatus
from quickcheck.answers.selectors import assessment_get, assessment_history, assessment_view
from quickcheck.answers.services import AnswerInput, answer_save, assessment_release, assessment_reopen
from quickcheck.models import GridQuestion, GridVersion
from tenants.models import Town
from tests.conftest import World
from tests.helpers import nothing_sent_on_commit, town_unchanged


def _question(grid: GridVersion, code: str) -> GridQuestion:
    return GridQuestion.objects.select_related("field").get(grid=grid, code=code)


def _answer(code: str, grid: GridVersion) -> Answer:
    return Answer.objects.get(question_id=_question(grid, code).pk)


def test_a_draft_answer_is_saved_as_typed_and_its_history_shows_before_and_after(
    world: World, grid: GridVersion, person: Callable[[str], User]
) -> None:
    officer = person("officer_brakel")
    town_schema_activate(world.town_brakel)
    view = assessment_view(town=world.town_brakel, grid=grid, include_drafts=True)
    question = next(item.question for item in view.question_views() if item.answer is None)  # Brakel is ~60 % done
    answer_save(town=world.town_brakel, grid=grid, question=question, data=AnswerInput(current_level=1), actor=officer)
    answer_save(
        town=world.town_brakel,
        grid=grid,
        question=question,
        data=AnswerInput(current_level=1, target_level=3, comment="Check im Herbst"),
        actor=officer,
    )
    saved = Answer.objects.get(question_id=question.pk)
    assert (saved.current_level, saved.target_level, saved.comment, saved.is_complete) == (
        1,
        3,
        "Check im Herbst",
        True,
    )
    entries = list(assessment_history(year=grid.year)[:2])
    assert [entry.actor_label for entry in entries] == [str(officer)] * 2
    assert [entry.changes["question"] for entry in entries] == [question.code] * 2
    assert entries[0].changes["fields"] == {"target_level": [None, 3], "comment": ["", "Check im Herbst"]}
    assert entries[1].changes["fields"] == {"current_level": [None, 1]}


def test_saving_the_same_answer_again_leaves_no_history_entry(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_brakel)
    question = _question(grid, "SD-2")
    data = AnswerInput(current_level=2, target_level=2)
    answer_save(town=world.town_brakel, grid=grid, question=question, data=data, actor=None)
    count = AuditEntry.objects.count()
    answer_save(town=world.town_brakel, grid=grid, question=question, data=data, actor=None)
    assert AuditEntry.objects.count() == count


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (AnswerInput(current_level=3, target_level=2), "target_level"),
        (AnswerInput(current_level=5), "current_level"),
        (AnswerInput(evidence_url="intranet/ordner"), "evidence_url"),
        (AnswerInput(not_applicable=True, not_applicable_reason="x" * 501), "not_applicable_reason"),
    ],
)
def test_invalid_answers_are_refused_with_the_field_named(
    world: World, grid: GridVersion, data: AnswerInput, field: str
) -> None:
    town_schema_activate(world.town_brakel)
    question = _question(grid, "SD-3")
    with town_unchanged(world.town_brakel), pytest.raises(ValidationError) as error:
        answer_save(town=world.town_brakel, grid=grid, question=question, data=data, actor=None)
    assert list(error.value.message_dict) == [field]


def test_not_applicable_drops_levels_and_leaves_the_maximum(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_brakel)
    question = _question(grid, "SD-4")
    answer_save(
        town=world.town_brakel,
        grid=grid,
        question=question,
        data=AnswerInput(current_level=2, target_level=3, not_applicable=True, not_applicable_reason="Kreisaufgabe"),
        actor=None,
    )
    saved = _answer("SD-4", grid)
    assert (saved.current_level, saved.target_level, saved.is_complete) == (None, None, True)


def test_a_question_for_the_district_administration_cannot_be_answered_by_a_town(
    world: World, grid: GridVersion
) -> None:
    town_schema_activate(world.town_brakel)
    question = GridQuestion.objects.filter(grid=grid, applicability="district_administration").first()
    assert question is not None
    with town_unchanged(world.town_brakel), pytest.raises(ValidationError, match="gilt nicht für Brakel"):
        answer_save(town=world.town_brakel, grid=grid, question=question, data=AnswerInput(current_level=1), actor=None)


def test_release_needs_every_applicable_question_answered(
    world: World, grid: GridVersion, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    town_schema_activate(world.town_brakel)  # the demo leaves Brakel about 60 % answered
    view = assessment_view(town=world.town_brakel, grid=grid, include_drafts=True)
    assert not view.completeness.is_complete
    with (
        town_unchanged(world.town_brakel),
        nothing_sent_on_commit(django_capture_on_commit_callbacks),
        pytest.raises(ValidationError, match="Noch nicht vollständig beantwortet"),
    ):
        assessment_release(town=world.town_brakel, grid=grid, actor=None)
    assert assessment_get(grid=grid).status == AssessmentStatus.DRAFT  # type: ignore[union-attr]


def _answer_everything(town_world: World, grid: GridVersion) -> None:
    town = town_world.town_brakel
    for item in assessment_view(town=town, grid=grid, include_drafts=True).question_views():
        if not item.is_complete:
            answer_save(
                town=town,
                grid=grid,
                question=item.question,
                data=AnswerInput(current_level=1, target_level=2),
                actor=None,
            )


def test_release_freezes_and_the_coordinator_reopens_with_a_reason(
    world: World,
    grid: GridVersion,
    person: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    town_schema_activate(world.town_brakel)
    _answer_everything(world, grid)
    released = assessment_release(town=world.town_brakel, grid=grid, actor=person("officer_brakel"))
    assert released.is_released
    assert released.released_at is not None
    question = _question(grid, "VW-1")
    with town_unchanged(world.town_brakel), pytest.raises(ValidationError, match="freigegeben und damit eingefroren"):
        answer_save(town=world.town_brakel, grid=grid, question=question, data=AnswerInput(current_level=4), actor=None)
    coordinator = person("coordinator")
    with (
        town_unchanged(world.town_brakel),
        nothing_sent_on_commit(django_capture_on_commit_callbacks),
        pytest.raises(ValidationError) as error,
    ):
        assessment_reopen(town=world.town_brakel, grid=grid, reason="  ", actor=coordinator)
    assert "reason" in error.value.message_dict
    reopened = assessment_reopen(
        town=world.town_brakel, grid=grid, reason="VW-1 bitte prüfen", actor=person("coordinator")
    )
    assert reopened.status == AssessmentStatus.DRAFT
    history = list(assessment_history(year=grid.year)[:2])
    assert [entry.action for entry in history] == ["quickcheck.reopened", "quickcheck.released"]
    assert history[0].changes["reason"] == "VW-1 bitte prüfen"
    assert history[0].actor_label == str(person("coordinator"))
    answer_save(
        town=world.town_brakel,
        grid=grid,
        question=_question(grid, "VW-1"),
        data=AnswerInput(current_level=4, target_level=4),
        actor=None,
    )


def test_reopening_needs_a_release(
    world: World, grid: GridVersion, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    town_schema_activate(world.town_brakel)
    with (
        town_unchanged(world.town_brakel),
        nothing_sent_on_commit(django_capture_on_commit_callbacks),
        pytest.raises(ValidationError, match="nicht freigegeben"),
    ):
        assessment_reopen(town=world.town_brakel, grid=grid, reason="bitte", actor=None)


def _export(town: Town, grid: GridVersion, table_format: TableFormat) -> bytes:
    """The answers as the town's own members export them (drafts included)."""
    exported = answers_export(town=town, grid=grid, include_drafts=True, table_format=table_format)
    assert exported is not None
    return exported[1]


def test_the_district_gets_no_export_of_drafts(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_brakel)  # a draft in the demo
    assert answers_export(town=world.town_brakel, grid=grid, include_drafts=False, table_format=TableFormat.CSV) is None
    town_schema_activate(world.town_hoexter)  # released
    assert answers_export(town=world.town_hoexter, grid=grid, include_drafts=False, table_format=TableFormat.CSV)


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_exported_answers_import_back_unchanged(world: World, grid: GridVersion, table_format: TableFormat) -> None:
    town_schema_activate(world.town_brakel)
    content = _export(world.town_brakel, grid, table_format)
    before = list(Answer.objects.order_by("question_id").values())
    history = AuditEntry.objects.count()
    assert (
        answers_import(town=world.town_brakel, grid=grid, data=content, filename=f"a.{table_format}", actor=None) == 0
    )
    assert list(Answer.objects.order_by("question_id").values()) == before
    assert AuditEntry.objects.count() == history
    again = _export(world.town_brakel, grid, table_format)
    if table_format == TableFormat.CSV:
        assert again == content
    else:
        sheet = "Antworten"
        assert list(load_workbook(io.BytesIO(again))[sheet].values) == list(
            load_workbook(io.BytesIO(content))[sheet].values
        )


def test_an_edited_export_imports_the_changes_with_history(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_brakel)
    content = _export(world.town_brakel, grid, TableFormat.CSV)
    lines = content.decode("utf-8-sig").split("\r\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("SD-1;"))
    cells = lines[index].split(";")
    cells[3:9] = ["0", "2", "nein", "", "aus der Datei", "https://example.org/nachweis"]
    lines[index] = ";".join(cells)
    changed = answers_import(
        town=world.town_brakel, grid=grid, data="\r\n".join(lines).encode("utf-8-sig"), filename="a.csv", actor=None
    )
    assert changed == 1
    saved = _answer("SD-1", grid)
    assert (saved.current_level, saved.target_level, saved.comment) == (0, 2, "aus der Datei")
    assert assessment_history(year=grid.year).first().changes["question"] == "SD-1"  # type: ignore[union-attr]


def _csv(rows: list[str]) -> bytes:
    return "\r\n".join(
        ["Nr.;Handlungsfeld;Frage;Ist;Soll;Nicht zutreffend;Begründung;Kommentar;Nachweis", *rows]
    ).encode()


BROKEN_ANSWER_FILES = [
    (
        "unknown question",
        _csv(["XX-1;;;1;2;nein;;;"]),
        "a.csv, Zeile 2, Spalte „Nr.“: Im Raster {year} gibt es keine Frage „XX-1“.",
    ),
    (
        "level out of range",
        _csv(["VW-1;;;7;2;nein;;;"]),
        "a.csv, Zeile 2, Spalte „Ist“: Erwartet wird ein Reifegrad von 0 bis 4 oder ein leeres Feld.",
    ),
    (
        "target below current",
        _csv(["VW-1;;;3;1;nein;;;"]),
        "a.csv, Zeile 2, Spalte „Soll“: Das Soll liegt unter dem Ist. Das Soll ist die Stufe, die Sie erreichen wollen.",
    ),
    (
        "n/a without reason",
        _csv(["VW-1;;;;;ja;;;"]),
        "a.csv, Zeile 2, Spalte „Begründung“: Bei „nicht zutreffend“ ist eine Begründung nötig.",
    ),
    (
        "bad yes/no",
        _csv(["VW-1;;;1;2;vielleicht;;;"]),
        "a.csv, Zeile 2, Spalte „Nicht zutreffend“: Erwartet wird „ja“, „nein“ oder ein leeres Feld.",
    ),
    (
        "twice the same question",
        _csv(["VW-1;;;1;2;nein;;;", "VW-1;;;1;2;nein;;;"]),
        "a.csv, Zeile 3, Spalte „Nr.“: Die Frage kommt schon in Zeile 2 vor.",
    ),
    (
        "bad evidence link",
        _csv(["VW-1;;;1;2;nein;;;ordner/x"]),
        "a.csv, Zeile 2, Spalte „Nachweis“: Bitte eine vollständige Adresse mit http:// oder https:// angeben.",
    ),
]


@pytest.mark.parametrize(("case", "content", "expected"), BROKEN_ANSWER_FILES, ids=[c[0] for c in BROKEN_ANSWER_FILES])
def test_a_broken_answer_file_names_row_and_column_and_writes_nothing(
    world: World, grid: GridVersion, case: str, content: bytes, expected: str
) -> None:
    town_schema_activate(world.town_brakel)
    # A good row first: it must not be written either.
    good_then_bad = content.replace(b"\r\n", b"\r\nSD-2;;;4;4;nein;;;\r\n", 1)
    with town_unchanged(world.town_brakel), pytest.raises(TableImportError) as error:
        answers_import(town=world.town_brakel, grid=grid, data=good_then_bad, filename="a.csv", actor=None)
    shifted = expected.replace("Zeile 3", "Zeile 4").replace("Zeile 2", "Zeile 3").format(year=grid.year)
    assert [str(problem) for problem in error.value.problems] == [shifted]


def test_a_released_quick_check_takes_no_import(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_hoexter)  # released in the demo
    with town_unchanged(world.town_hoexter), pytest.raises(TableImportError, match="eingefroren"):
        answers_import(
            town=world.town_hoexter, grid=grid, data=_csv(["VW-1;;;1;2;nein;;;"]), filename="a.csv", actor=None
        )


def test_sample_answers_are_labelled_and_leave_one_history_entry(world: World, grid: GridVersion) -> None:
    with town_schema(world.town_hoexter):
        assessment = assessment_get(grid=grid)
        assert assessment is not None
        assert assessment.is_sample_data
        assert AuditEntry.objects.filter(action="quickcheck.sample_data").count() == 1
        assert Answer.objects.filter(comment__startswith="Beispieldaten").exists()
