"""A corpus of bad files and payloads (issue 13, item 10c): each is refused with a message that names
what is wrong — file, row and column for files, the field for the API — and the database is unchanged.

The cases are of the kinds that once slipped through or crashed: broken encodings and CSV syntax,
short and long rows, line breaks and control characters, formulas, out-of-range and mistyped values,
XLSX that is not one, wrong types, missing fields, deep nesting and oversized text in the API.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from kreisagenda.tabular import MAX_CELL_CHARS, TableImportError
from kreisagenda.tenancy import town_schema
from openpyxl import Workbook
from rest_framework.test import APIClient

from quickcheck.answers.answer_io import ANSWER_COLUMNS, ANSWER_SHEET, answers_import
from quickcheck.models import GridVersion
from roadmap.measures.measure_io import MEASURE_COLUMNS, measures_import
from tests.conftest import World
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db

ANSWER_HEADER = ";".join(ANSWER_COLUMNS[:9])  # without the optional "Vorjahr geprüft" (D65)
MEASURE_HEADER = ";".join(MEASURE_COLUMNS)
GOOD_MEASURE = ["Bürgerportal", "verwaltung", "", "", "mittel", "Idee"] + [""] * (len(MEASURE_COLUMNS) - 6)


def _csv(header: str, *rows: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding)


def _measure_row(**cells: str) -> str:
    row = list(GOOD_MEASURE)
    for name, value in cells.items():
        row[MEASURE_COLUMNS.index(name)] = value
    return ";".join(row)


def _xlsx(sheet: str, rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class FileCase:
    name: str
    filename: str
    data: bytes
    expect: str  # part of the first problem: where and what


ANSWER_FILES = [
    FileCase("not text", "a.csv", b"\xff\xfe\x00\x00\x81\x82" * 20, "a.csv"),
    FileCase("empty", "a.csv", b"", "a.csv: Die Tabelle ist leer"),
    FileCase("only a byte-order mark", "a.csv", b"\xef\xbb\xbf", "a.csv: Die Tabelle ist leer"),
    FileCase("wrong extension", "a.txt", b"Nr.;Ist", "a.txt: Nur .csv- und .xlsx-Dateien"),
    FileCase("no extension", "antworten", b"Nr.;Ist", "antworten: Nur .csv- und .xlsx-Dateien"),
    FileCase("missing required column", "a.csv", b"Nr.;Ist;Soll\r\nVW-1;1;2", "Spalte \u201eNicht zutreffend\u201c"),
    FileCase("unknown column", "a.csv", _csv(ANSWER_HEADER + ";Extra", "VW-1;;;1;2;nein;;;;"), "Unbekannte Spalte"),
    FileCase("duplicate column", "a.csv", _csv(ANSWER_HEADER + ";Ist", "VW-1;;;1;2;nein;;;;1"), "mehrfach vor"),
    FileCase("unterminated quote", "a.csv", _csv(ANSWER_HEADER, 'VW-1;;;1;2;nein;;"offen;'), "Zeile 2"),
    FileCase("unterminated quote later", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;;", 'VW-2;;"x;1'), "Zeile 3"),
    FileCase("fewer cells", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2"), "Zeile 2: Die Zeile hat 5 Zellen"),
    FileCase("one cell", "a.csv", _csv(ANSWER_HEADER, "VW-1"), "Zeile 2: Die Zeile hat 1 Zellen"),
    FileCase("more cells", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;;;x"), "mehr Zellen"),
    FileCase(
        "line break in a level", "a.csv", _csv(ANSWER_HEADER, 'VW-1;;;"1\n2";2;nein;;;'), "Spalte \u201eIst\u201c"
    ),
    FileCase("line break in the link", "a.csv", _csv(ANSWER_HEADER, 'VW-1;;;1;2;nein;;;"a\nb"'), "Zeilenumbruch"),
    FileCase("bell in a comment", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;x\x07y;"), "U+0007"),
    FileCase("escape in a reason", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;;;ja;\x1b[31m;;"), "U+001B"),
    FileCase("NUL in a cell", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;a\x00b;"), "a.csv"),
    FileCase("vertical tab", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;a\x0bb;"), "U+000B"),
    FileCase(
        "overlong comment",
        "a.csv",
        _csv(ANSWER_HEADER, f"VW-1;;;1;2;nein;;{'x' * (MAX_CELL_CHARS + 1)};"),
        "länger als",
    ),
    FileCase("level 5", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;5;5;nein;;;"), "Spalte \u201eIst\u201c"),
    FileCase("level -1", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;-1;2;nein;;;"), "Spalte \u201eIst\u201c"),
    FileCase("level 2.5", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;2.5;3;nein;;;"), "Spalte \u201eIst\u201c"),
    FileCase("level 2,5", "a.csv", _csv(ANSWER_HEADER, 'VW-1;;;"2,5";3;nein;;;'), "Spalte \u201eIst\u201c"),
    FileCase("level in words", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;zwei;3;nein;;;"), "Spalte \u201eIst\u201c"),
    FileCase("superscript level", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;²;3;nein;;;"), "Spalte \u201eIst\u201c"),
    FileCase("arabic-indic level", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;٢;3;nein;;;"), "Spalte \u201eIst\u201c"),
    FileCase("target below current", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;3;1;nein;;;"), "Spalte \u201eSoll\u201c"),
    FileCase("yes/no misspelt", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;jein;;;"), "Nicht zutreffend"),
    FileCase("n/a with levels", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;ja;Grund;;"), "schließen sich aus"),
    FileCase("n/a without reason", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;;;ja;;;"), "Begründung"),
    FileCase("unknown question", "a.csv", _csv(ANSWER_HEADER, "XX-99;;;1;2;nein;;;"), "XX-99"),
    FileCase("question twice", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;;", "VW-1;;;1;2;nein;;;"), "Zeile 3"),
    FileCase("javascript link", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;;javascript:alert(1)"), "Nachweis"),
    FileCase("ftp link", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;;ftp://example.org/x"), "Nachweis"),
    FileCase("relative link", "a.csv", _csv(ANSWER_HEADER, "VW-1;;;1;2;nein;;;ordner/datei.pdf"), "Nachweis"),
    FileCase("not a zip", "a.xlsx", b"PK\x03\x04 kein Archiv", "a.xlsx: Die Datei ist keine gültige XLSX-Datei."),
    FileCase("text as xlsx", "a.xlsx", b"Nr.;Ist\r\n", "a.xlsx: Die Datei ist keine gültige XLSX-Datei."),
    FileCase("wrong sheet", "a.xlsx", _xlsx("Tabelle1", [list(ANSWER_COLUMNS)]), "Die Tabelle fehlt"),
    FileCase(
        "xlsx row ending early",
        "a.xlsx",
        _xlsx(ANSWER_SHEET, [list(ANSWER_COLUMNS), ["VW-1", None, None, 1]]),
        "Die Zeile endet vor dieser Spalte",
    ),
    FileCase(
        "xlsx level as text",
        "a.xlsx",
        _xlsx(ANSWER_SHEET, [list(ANSWER_COLUMNS), ["VW-1", "", "", "drei", 3, "nein", "", "", ""]]),
        "Spalte \u201eIst\u201c",
    ),
    FileCase(
        "xlsx level as a date",
        "a.xlsx",
        _xlsx(ANSWER_SHEET, [list(ANSWER_COLUMNS), ["VW-1", "", "", "2026-01-02", 3, "nein", "", "", ""]]),
        "Spalte \u201eIst\u201c",
    ),
    FileCase(
        "xlsx boolean yes/no",
        "a.xlsx",
        _xlsx(ANSWER_SHEET, [list(ANSWER_COLUMNS), ["VW-1", "", "", 1, 2, True, "", "", ""]]),
        "Nicht zutreffend",
    ),
    FileCase(
        "xlsx level 7",
        "a.xlsx",
        _xlsx(ANSWER_SHEET, [list(ANSWER_COLUMNS), ["VW-1", "", "", 7, 7, "nein", "", "", ""]]),
        "Spalte \u201eIst\u201c",
    ),
]

MEASURE_FILES = [
    FileCase("no title", "m.csv", _csv(MEASURE_HEADER, _measure_row(Titel="")), "Titel"),
    FileCase(
        "unknown field of action", "m.csv", _csv(MEASURE_HEADER, _measure_row(Handlungsfeld="raumfahrt")), "raumfahrt"
    ),
    FileCase("unknown status", "m.csv", _csv(MEASURE_HEADER, _measure_row(Status="vielleicht")), "Status"),
    FileCase("unknown priority", "m.csv", _csv(MEASURE_HEADER, _measure_row(Priorität="dringend")), "Priorität"),
    FileCase("quarter 5", "m.csv", _csv(MEASURE_HEADER, _measure_row(Beginn="2027-Q5")), "Beginn"),
    FileCase("quarter in words", "m.csv", _csv(MEASURE_HEADER, _measure_row(Ende="nächstes Jahr")), "Ende"),
    FileCase(
        "end before start",
        "m.csv",
        _csv(MEASURE_HEADER, _measure_row(Beginn="2028-Q1", Ende="2027-Q1")),
        "m.csv, Zeile 2",
    ),
    FileCase("progress 101", "m.csv", _csv(MEASURE_HEADER, _measure_row(**{"Fortschritt (%)": "101"})), "Fortschritt"),
    FileCase(
        "progress negative", "m.csv", _csv(MEASURE_HEADER, _measure_row(**{"Fortschritt (%)": "-5"})), "Fortschritt"
    ),
    FileCase(
        "progress in words", "m.csv", _csv(MEASURE_HEADER, _measure_row(**{"Fortschritt (%)": "halb"})), "Fortschritt"
    ),
    FileCase(
        "budget in words", "m.csv", _csv(MEASURE_HEADER, _measure_row(**{"Kostenschätzung (EUR)": "viel"})), "Kosten"
    ),
    FileCase("overlong title", "m.csv", _csv(MEASURE_HEADER, _measure_row(Titel="T" * 201)), "Titel"),
    FileCase(
        "line break in the title",
        "m.csv",
        _csv(MEASURE_HEADER, _measure_row(Titel='"Bürger\nportal"')),
        "Zeilenumbruch",
    ),
    FileCase(
        "control character in the title", "m.csv", _csv(MEASURE_HEADER, _measure_row(Titel="Portal\x07")), "U+0007"
    ),
    FileCase("unknown question", "m.csv", _csv(MEASURE_HEADER, _measure_row(**{"Quick-Check-Fragen": "ZZ-9"})), "ZZ-9"),
    FileCase("same title twice", "m.csv", _csv(MEASURE_HEADER, _measure_row(), _measure_row()), "Zeile 3"),
    FileCase(
        "fewer cells", "m.csv", _csv(MEASURE_HEADER, "Bürgerportal;verwaltung"), "Zeile 2: Die Zeile hat 2 Zellen"
    ),
    FileCase("missing status column", "m.csv", b"Titel;Handlungsfeld\r\nX;verwaltung", "Spalte \u201eStatus\u201c"),
    FileCase("utf-16 file", "m.csv", _csv(MEASURE_HEADER, _measure_row(), encoding="utf-16"), "m.csv"),
]


@pytest.mark.parametrize("case", ANSWER_FILES, ids=[case.name for case in ANSWER_FILES])
def test_a_bad_answer_file_is_refused_by_place_and_changes_nothing(
    world: World, grid: GridVersion, case: FileCase
) -> None:
    town = world.town_brakel  # a draft, so the file would be taken if it were good
    with town_schema(town), town_unchanged(town), pytest.raises(TableImportError) as error:
        answers_import(town=town, grid=grid, data=case.data, filename=case.filename, actor=None)
    problems = [str(problem) for problem in error.value.problems]
    assert problems
    assert all(problem.startswith(case.filename) for problem in problems), problems
    assert any(case.expect in problem for problem in problems), problems


@pytest.mark.parametrize("case", MEASURE_FILES, ids=[case.name for case in MEASURE_FILES])
def test_a_bad_measure_file_is_refused_by_place_and_changes_nothing(world: World, case: FileCase) -> None:
    town = world.town_hoexter
    with town_schema(town), town_unchanged(town), pytest.raises(TableImportError) as error:
        measures_import(town=town, data=case.data, filename=case.filename, actor=None)
    problems = [str(problem) for problem in error.value.problems]
    assert all(problem.startswith(case.filename) for problem in problems), problems
    assert any(case.expect in problem for problem in problems), problems


GOOD_PAYLOAD = {"title": "Bürgerportal", "field_key": "verwaltung", "status": "idea"}

PAYLOADS: list[tuple[str, str, str]] = [  # (case, body as sent, the field or word the answer names)
    ("empty body", "", "title"),  # DRF reads an empty body as {}: every required field is named
    ("not json", "{title: Bürgerportal}", "detail"),
    ("truncated json", '{"title": "Bürger', "detail"),
    ("a list instead of an object", json.dumps([GOOD_PAYLOAD]), "non_field_errors"),
    ("a string instead of an object", json.dumps("Bürgerportal"), "non_field_errors"),
    ("null", "null", "non_field_errors"),
    ("no title", json.dumps({**GOOD_PAYLOAD, "title": None}), "title"),
    ("title missing", json.dumps({"field_key": "verwaltung", "status": "idea"}), "title"),
    ("title a number", json.dumps({**GOOD_PAYLOAD, "title": ["a"]}), "title"),
    ("title an object", json.dumps({**GOOD_PAYLOAD, "title": {"de": "x"}}), "title"),
    ("title empty", json.dumps({**GOOD_PAYLOAD, "title": "   "}), "title"),
    ("title too long", json.dumps({**GOOD_PAYLOAD, "title": "T" * 201}), "title"),
    ("title with a bell", json.dumps({**GOOD_PAYLOAD, "title": "Portal\u0007"}), "title"),
    ("title with NUL", json.dumps({**GOOD_PAYLOAD, "title": "Portal\u0000"}), "title"),
    ("unknown status", json.dumps({**GOOD_PAYLOAD, "status": "vielleicht"}), "status"),
    ("status a number", json.dumps({**GOOD_PAYLOAD, "status": 3}), "status"),
    ("unknown field of action", json.dumps({**GOOD_PAYLOAD, "field_key": "raumfahrt"}), "field_key"),
    ("field of action too long", json.dumps({**GOOD_PAYLOAD, "field_key": "x" * 41}), "field_key"),
    ("quarter 5", json.dumps({**GOOD_PAYLOAD, "start_quarter": "2027-Q5"}), "start_quarter"),
    ("progress 101", json.dumps({**GOOD_PAYLOAD, "progress": 101}), "progress"),
    ("progress negative", json.dumps({**GOOD_PAYLOAD, "progress": -1}), "progress"),
    ("progress text", json.dumps({**GOOD_PAYLOAD, "progress": "halb"}), "progress"),
    ("progress huge", '{"title": "B", "field_key": "verwaltung", "status": "idea", "progress": 1e309}', "progress"),
    ("budget text", json.dumps({**GOOD_PAYLOAD, "budget_estimate": "viel"}), "budget_estimate"),
    ("budget too many digits", json.dumps({**GOOD_PAYLOAD, "budget_estimate": "1" * 20}), "budget_estimate"),
    ("priority unknown", json.dumps({**GOOD_PAYLOAD, "priority": "dringend"}), "priority"),
    ("goal keys not texts", json.dumps({**GOOD_PAYLOAD, "shared_goal_keys": [{"a": 1}]}), "shared_goal_keys"),
    ("unknown goal", json.dumps({**GOOD_PAYLOAD, "shared_goal_keys": ["keine-9"]}), "shared_goal_keys"),
    ("goal ids of old", json.dumps({**GOOD_PAYLOAD, "shared_goal_ids": [1]}), "shared_goal_ids"),
    ("milestones not a list", json.dumps({**GOOD_PAYLOAD, "milestones": "morgen"}), "milestones"),
    ("milestone without title", json.dumps({**GOOD_PAYLOAD, "milestones": [{"due_quarter": "2027-Q1"}]}), "milestones"),
    (
        "question target unknown",
        json.dumps({**GOOD_PAYLOAD, "question_targets": [{"code": "ZZ-9"}]}),
        "question_targets",
    ),
    ("nested too deep", '{"title": ' + "[" * 200 + "]" * 200 + "}", "detail"),
    ("lighthouse not a boolean", json.dumps({**GOOD_PAYLOAD, "is_lighthouse": "vielleicht"}), "is_lighthouse"),
]


@pytest.mark.parametrize(("case", "body", "named"), PAYLOADS, ids=[case for case, _body, _named in PAYLOADS])
def test_a_bad_api_payload_is_refused_naming_the_field_and_changes_nothing(
    world: World, api_as: Callable[[str], APIClient], case: str, body: str, named: str
) -> None:
    client = api_as("officer_hoexter")
    with town_unchanged(world.town_hoexter):
        answer = client.post(
            "/api/v1/districts/kreis-hoexter/towns/hoexter/measures/", body, content_type="application/json"
        )
    assert answer.status_code == 400, answer.content
    assert named in answer.json(), answer.json()


def test_the_corpus_is_as_large_as_promised() -> None:
    assert len(ANSWER_FILES) + len(MEASURE_FILES) + len(PAYLOADS) >= 80
