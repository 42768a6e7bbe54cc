"""Reading tables is bounded: rows, columns, cell length, unpacked size, and how many problems are listed.

Each file here would have held a server process for a long time or slipped through before (issue 13).
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from kreisagenda.tabular import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    Problem,
    TableImportError,
    table_read,
)
from openpyxl import Workbook

COLUMNS = ("Nr.", "Text")


def _xlsx(rows: list[list[object]], sheet: str = "Daten") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewritten(data: bytes, member: str, change: object) -> bytes:
    """The XLSX with one of its files changed (``change`` maps the file's text to the new text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content.decode()).encode()  # type: ignore[operator]
            target.writestr(info.filename, content)
    return buffer.getvalue()


def _problems(data: bytes, filename: str = "t.xlsx", **options: object) -> list[str]:
    with pytest.raises(TableImportError) as error:
        table_read(data=data, filename=filename, sheet="Daten", columns=COLUMNS, required=("Nr.",), **options)  # type: ignore[arg-type]
    return [str(problem) for problem in error.value.problems]


def test_a_sheet_that_says_it_has_too_many_rows_is_refused_before_reading_them() -> None:
    data = _xlsx([["Nr.", "Text"], *[[n, "x"] for n in range(MAX_ROWS + 1)]])
    assert _problems(data) == [f"t.xlsx, Tabelle „Daten“: Die Tabelle hat mehr als {MAX_ROWS} Zeilen; bitte aufteilen."]


def test_rows_are_counted_while_reading_when_the_sheet_does_not_say_its_size() -> None:
    data = _xlsx([["Nr.", "Text"], *[[n, "x"] for n in range(MAX_ROWS + 10)]])
    undeclared = _rewritten(data, "xl/worksheets/sheet1.xml", lambda text: re.sub(r"<dimension[^>]*/>", "", text))
    assert "<dimension" not in zipfile.ZipFile(io.BytesIO(undeclared)).read("xl/worksheets/sheet1.xml").decode()
    assert _problems(undeclared) == [
        f"t.xlsx, Tabelle „Daten“: Die Tabelle hat mehr als {MAX_ROWS} Zeilen; bitte aufteilen."
    ]


def test_a_csv_with_too_many_rows_is_refused() -> None:
    data = ("Nr.;Text\r\n" + "".join(f"{n};x\r\n" for n in range(MAX_ROWS + 1))).encode()
    assert _problems(data, "t.csv") == [f"t.csv: Die Tabelle hat mehr als {MAX_ROWS} Zeilen; bitte aufteilen."]


def test_too_many_columns_are_refused() -> None:
    data = _xlsx([["Nr.", "Text", *[f"S{n}" for n in range(MAX_COLUMNS)]]])
    assert _problems(data) == [f"t.xlsx, Tabelle „Daten“: Die Tabelle hat mehr als {MAX_COLUMNS} Spalten."]


def test_a_small_file_that_unpacks_to_a_huge_cell_is_refused_unread() -> None:
    """A decompression bomb: one cell of more than MAX_UNPACKED_BYTES, a few hundred KB packed."""
    data = _xlsx([["Nr.", "Text"], [1, "PLATZHALTER"]])
    huge = "A" * (MAX_UNPACKED_BYTES + 1)
    bomb = _rewritten(data, "xl/worksheets/sheet1.xml", lambda text: text.replace("PLATZHALTER", huge))
    assert len(bomb) < 1024 * 1024
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml").file_size > MAX_UNPACKED_BYTES
    assert _problems(bomb) == [f"t.xlsx: Die XLSX-Datei ist entpackt größer als {MAX_UNPACKED_BYTES // 2**20} MB."]


def test_a_cell_longer_than_the_limit_is_named_by_row_and_column() -> None:
    data = _xlsx([["Nr.", "Text"], [1, "kurz"], [2, "x" * (MAX_CELL_CHARS + 1)]])
    assert _problems(data) == [
        f"t.xlsx, Tabelle „Daten“, Zeile 3, Spalte „Text“: Der Text ist länger als {MAX_CELL_CHARS} Zeichen."
    ]


def test_at_most_a_hundred_problems_are_listed() -> None:
    data = ("Nr.;Text\r\n" + "".join(f"{n};a\nb\r\n" for n in range(300))).encode()
    problems = _problems(data.replace(b"a\nb", b'"a\nb"'), "t.csv")
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].startswith("t.csv, Zeile 2, Spalte „Text“: Die Zelle enthält einen Zeilenumbruch")
    # each record spans two lines: the 101st problem's record starts on line 202
    assert problems[-1] == f"t.csv: Ab Zeile 202 nicht weiter geprüft; die ersten {MAX_PROBLEMS} Probleme sind genannt."


def test_an_importer_with_more_problems_lists_the_first_hundred() -> None:
    many = [Problem(source="t.csv", row=n, message="falsch") for n in range(1, 251)]
    problems = [str(problem) for problem in TableImportError(many).problems]
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"t.csv: … und 150 weitere Probleme; die ersten {MAX_PROBLEMS} sind genannt."
