"""A town's answers as a file (CSV or XLSX): export, and an import that writes all of it or nothing.

The columns "Handlungsfeld" and "Frage" are for the reader; the import matches rows by "Nr."
and ignores those two. Questions missing from the file keep their answers.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from kreisagenda.numbers import whole_number
from kreisagenda.tabular import Cell, Problem, TableFormat, TableImportError, table_read, table_write

from quickcheck.answers.selectors import AssessmentView, assessment_view
from quickcheck.answers.services import AnswerEdit, AnswerInput, answer_input_validate, answers_save
from quickcheck.models import GridQuestion, GridVersion

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import Town

ANSWER_SHEET = "Antworten"
ANSWER_COLUMNS = (
    "Nr.",
    "Handlungsfeld",
    "Frage",
    "Ist",
    "Soll",
    "Nicht zutreffend",
    "Begründung",
    "Kommentar",
    "Nachweis",
    "Vorjahr geprüft",
)
# "Vorjahr geprüft" (D65): "nein" on export where an answer was taken over from last year and nobody
# has checked it; "ja" on import confirms such an answer as it stands. Optional, so older files import.
CHECKED_COLUMN = "Vorjahr geprüft"
REQUIRED_COLUMNS = ("Nr.", "Ist", "Soll", "Nicht zutreffend")
MULTILINE_COLUMNS = ("Frage", "Kommentar")  # the question is read-only in the file, the comment a longer text
COLUMN_OF_FIELD = {
    "current_level": "Ist",
    "target_level": "Soll",
    "not_applicable": "Nicht zutreffend",
    "not_applicable_reason": "Begründung",
    "comment": "Kommentar",
    "evidence_url": "Nachweis",
}
YES, NO = "ja", "nein"


def answers_file_notes(view: AssessmentView, town: Town) -> list[str]:
    notes = [
        _("Quick Check %(year)s – %(town)s (%(status)s)")
        % {"year": view.grid.year, "town": town.name, "status": "freigegeben" if view.is_released else "Entwurf"},
        _("„Ist“ und „Soll“: Reifegrad 0 bis 4. „Nicht zutreffend“: ja oder nein; bei ja ist eine Begründung nötig."),
        _("Der Import ordnet Zeilen über „Nr.“ zu; „Handlungsfeld“ und „Frage“ dienen nur der Lesbarkeit."),
        _(
            "„Vorjahr geprüft“: „nein“ steht bei Antworten, die aus dem Vorjahr übernommen und noch nicht geprüft "
            "sind. „ja“ bestätigt eine solche Antwort unverändert; eine geänderte Antwort gilt als geprüft. "
            "Unverändert importiert bleibt sie sonst ungeprüft."
        ),
        _("Diese Tabelle „Hinweise“ wird beim Import nicht gelesen."),
    ]
    if view.assessment is not None and view.assessment.is_sample_data:
        notes.insert(1, _("Beispieldaten: erfundene Antworten für die Vorführung."))
    return notes


def answers_export(
    *, town: Town, grid: GridVersion, include_drafts: bool, table_format: TableFormat
) -> tuple[str, bytes] | None:
    """The answers as a file; None when the reader may not see them (the district, before release)."""
    view = assessment_view(town=town, grid=grid, include_drafts=include_drafts)
    if not view.answers_visible:
        return None
    rows: list[list[Cell]] = []
    for field_view in view.fields:
        for item in field_view.questions:
            answer = item.answer
            rows.append(
                [
                    item.question.code,
                    field_view.field.name,
                    item.question.text,
                    answer.current_level if answer else None,
                    answer.target_level if answer else None,
                    (YES if answer.not_applicable else NO) if answer else "",
                    answer.not_applicable_reason if answer else "",
                    answer.comment if answer else "",
                    answer.evidence_url if answer else "",
                    NO if item.is_carried_over else "",
                ]
            )
    content = table_write(
        table_format=table_format,
        sheet=ANSWER_SHEET,
        columns=ANSWER_COLUMNS,
        rows=rows,
        notes=answers_file_notes(view, town),
    )
    return f"quick-check-{town.slug}-{grid.year}.{table_format.value}", content


def _level(text: str) -> int | str | None:
    """A level, None when empty, or the error message."""
    if text == "":
        return None
    level = whole_number(text)
    if level is not None and 0 <= level <= 4:
        return level
    return _("Erwartet wird ein Reifegrad von 0 bis 4 oder ein leeres Feld.")


@transaction.atomic
def answers_import(*, town: Town, grid: GridVersion, data: bytes, filename: str, actor: User | None) -> int:
    """Import the file's answers as drafts; all or nothing. Returns how many answers changed."""
    table = table_read(
        data=data,
        filename=filename,
        sheet=ANSWER_SHEET,
        columns=ANSWER_COLUMNS,
        required=REQUIRED_COLUMNS,
        multiline=MULTILINE_COLUMNS,
    )
    questions = {q.code: q for q in GridQuestion.objects.filter(grid=grid)}
    problems: list[Problem] = []
    answers: dict[GridQuestion, AnswerEdit] = {}
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        code = cells.get("Nr.", "")
        question = questions.get(code)
        if question is None:
            problems.append(
                table.problem(
                    _("Im Raster %(year)s gibt es keine Frage „%(code)s“.") % {"year": grid.year, "code": code},
                    row=number,
                    column="Nr.",
                )
            )
            continue
        if code in seen:
            problems.append(
                table.problem(
                    _("Die Frage kommt schon in Zeile %(row)s vor.") % {"row": seen[code]}, row=number, column="Nr."
                )
            )
            continue
        seen[code] = number
        if not question.applies_to(town.kind):
            problems.append(
                table.problem(_("Die Frage gilt nicht für %(town)s.") % {"town": town.name}, row=number, column="Nr.")
            )
            continue
        levels: dict[str, int | None] = {}
        for column, name in (("Ist", "current_level"), ("Soll", "target_level")):
            parsed = _level(cells.get(column, ""))
            if isinstance(parsed, str):
                problems.append(table.problem(parsed, row=number, column=column))
            else:
                levels[name] = parsed
        flag = cells.get("Nicht zutreffend", "").strip().lower()
        if flag not in {YES, NO, ""}:
            problems.append(
                table.problem(
                    _("Erwartet wird „ja“, „nein“ oder ein leeres Feld."), row=number, column="Nicht zutreffend"
                )
            )
            continue
        checked = cells.get(CHECKED_COLUMN, "").strip().lower()
        if checked not in {YES, NO, ""}:
            problems.append(
                table.problem(_("Erwartet wird „ja“, „nein“ oder ein leeres Feld."), row=number, column=CHECKED_COLUMN)
            )
            continue
        if len(levels) < 2:
            continue
        not_applicable = flag == YES
        if not_applicable and (levels["current_level"] is not None or levels["target_level"] is not None):
            problems.append(
                table.problem(
                    _("„Nicht zutreffend“ und ein Reifegrad schließen sich aus."), row=number, column="Nicht zutreffend"
                )
            )
            continue
        if not_applicable and not cells.get("Begründung", "").strip():
            problems.append(
                table.problem(_("Bei „nicht zutreffend“ ist eine Begründung nötig."), row=number, column="Begründung")
            )
            continue
        answer = AnswerInput(
            current_level=levels["current_level"],
            target_level=levels["target_level"],
            not_applicable=not_applicable,
            not_applicable_reason=cells.get("Begründung", ""),
            comment=cells.get("Kommentar", ""),
            evidence_url=cells.get("Nachweis", ""),
        )
        for name, messages in answer_input_validate(answer).items():
            problems.extend(table.problem(message, row=number, column=COLUMN_OF_FIELD[name]) for message in messages)
        answers[question] = AnswerEdit(answer, confirm=checked == YES)
    if not table.rows:
        problems.append(table.problem(_("Die Tabelle enthält keine Antworten.")))
    if problems:
        raise TableImportError(problems)
    try:
        return answers_save(town=town, grid=grid, answers=answers, actor=actor)
    except ValidationError as error:  # e.g. released meanwhile: nothing was written
        raise TableImportError([Problem(source=PurePath(filename).name, message=m) for m in error.messages]) from error
