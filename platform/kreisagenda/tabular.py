"""Reading and writing tables as CSV or XLSX, with problems named by file, sheet, row and column.

CSV is written the way German spreadsheet programs read it: UTF-8 with byte-order mark,
semicolons, CRLF. Reading accepts semicolon or comma and UTF-8 or Windows-1252 (what Excel
saves as "CSV (Trennzeichen-getrennt)").

Reading is bounded (decision D54): at most MAX_IMPORT_BYTES of file, MAX_UNPACKED_BYTES unpacked
(an XLSX is a ZIP archive: a small file can unpack to gigabytes), MAX_ROWS rows, MAX_COLUMNS
columns and MAX_CELL_CHARS characters per cell; the rows are streamed and reading stops at the
first limit passed, and at most MAX_PROBLEMS problems are listed. A malformed row is refused by
its number instead of being read as something else: a CSV syntax error, a row with fewer cells
than the header, a row that ends before the last required column, a line break in a cell of a
column that holds one line.

A text that a spreadsheet would take for a formula is never written as one (decision D52): in CSV
it gets a leading quote, in XLSX it is a text cell; reading removes the quote again, so an export
imports back unchanged. Control characters are refused on reading and dropped on writing (D53).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell as WorkbookCell
from openpyxl.cell.read_only import EmptyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from kreisagenda.numbers import CENT, AmountError, amount_parse, whole_number
from kreisagenda.text import control_character_message, control_characters_strip

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 10_000
MAX_PROBLEMS = 100
NOTES_SHEET = "Hinweise"

Cell = str | int | float | None


class TableFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        if self == TableFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Problem:
    source: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.source]
        if self.sheet:
            where.append(_("Tabelle „%(sheet)s“") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("Zeile %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("Spalte „%(column)s“") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class TableImportError(Exception):
    """The file cannot be imported; nothing was written. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem], *, unchecked_from_row: int | None = None) -> None:
        """``unchecked_from_row``: reading stopped there, having found MAX_PROBLEMS problems."""
        self.problems = list(problems[:MAX_PROBLEMS])
        if len(problems) > MAX_PROBLEMS:  # a broken file can have thousands: the first ones say enough
            rest = len(problems) - MAX_PROBLEMS
            self.problems.append(
                Problem(
                    source=problems[0].source,
                    message=_("… und %(count)s weitere Probleme; die ersten %(shown)s sind genannt.")
                    % {"count": rest, "shown": MAX_PROBLEMS},
                )
            )
        elif unchecked_from_row is not None and problems:
            self.problems.append(
                Problem(
                    source=problems[0].source,
                    message=_("Ab Zeile %(row)s nicht weiter geprüft; die ersten %(shown)s Probleme sind genannt.")
                    % {"row": unchecked_from_row, "shown": MAX_PROBLEMS},
                )
            )
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Table:
    source: str
    sheet: str | None  # None for CSV: the file is the sheet
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number in the file, cells)

    def problem(self, message: str, *, row: int | None = None, column: str | None = None) -> Problem:
        return Problem(source=self.source, sheet=self.sheet, row=row, column=column, message=message)


def table_format_named(value: str) -> TableFormat | None:
    return TableFormat(value) if value in {f.value for f in TableFormat} else None


def table_format_of(filename: str) -> TableFormat | None:
    return table_format_named(PurePath(filename).suffix.lower().lstrip("."))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class RawRow:
    number: int  # the row (CSV: the line where it starts) in the file, counted from 1
    cells: list[str]
    width: int  # cells the file really has in this row (an XLSX row may stop early)


def _too_many_rows(source: str, sheet: str | None) -> TableImportError:
    return TableImportError(
        [
            Problem(
                source=source,
                sheet=sheet,
                message=_("Die Tabelle hat mehr als %(rows)s Zeilen; bitte aufteilen.") % {"rows": MAX_ROWS},
            )
        ]
    )


def _csv_rows(data: bytes, source: str) -> list[RawRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TableImportError(
                [Problem(source=source, message=_("Die Datei ist keine Textdatei in UTF-8 oder Windows-1252."))]
            ) from None
    if "\x00" in text:
        raise TableImportError([Problem(source=source, message=_("Die Datei ist keine CSV-Datei (Binärdaten)."))])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # strict: a quote in the middle of a field or a file that ends inside quotes is an error, not a guess
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    line = 1
    try:
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(source, None)
            rows.append(RawRow(number=line, cells=[cell.strip() for cell in cells], width=len(cells)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise TableImportError(
            [
                Problem(
                    source=source,
                    row=line,
                    message=_(
                        "Die CSV-Datei ist ab hier fehlerhaft (%(error)s); oft fehlt ein schließendes Anführungszeichen."
                    )
                    % {"error": error},
                )
            ]
        ) from error
    return rows


def _unpacked_size(data: bytes, source: str) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TableImportError(
            [Problem(source=source, message=_("Die Datei ist keine gültige XLSX-Datei."))]
        ) from error


def _xlsx_rows(data: bytes, source: str, sheet: str) -> list[RawRow]:
    if _unpacked_size(data, source) > MAX_UNPACKED_BYTES:
        raise TableImportError(
            [
                Problem(
                    source=source,
                    message=_("Die XLSX-Datei ist entpackt größer als %(mb)s MB.")
                    % {"mb": MAX_UNPACKED_BYTES // 2**20},
                )
            ]
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise TableImportError(
            [Problem(source=source, message=_("Die Datei ist keine gültige XLSX-Datei."))]
        ) from error
    try:
        if sheet not in workbook.sheetnames:
            raise TableImportError(
                [
                    Problem(
                        source=source,
                        sheet=sheet,
                        message=_("Die Tabelle fehlt. Vorhanden: %(sheets)s.")
                        % {"sheets": ", ".join(f"„{name}“" for name in workbook.sheetnames)},
                    )
                ]
            )
        worksheet = workbook[sheet]
        # The sheet's stated size first (not every writer states it; the rows are counted anyway).
        if (worksheet.max_row or 0) > MAX_ROWS:
            raise _too_many_rows(source, sheet)
        if (worksheet.max_column or 0) > MAX_COLUMNS:
            raise TableImportError(
                [
                    Problem(
                        source=source,
                        sheet=sheet,
                        message=_("Die Tabelle hat mehr als %(columns)s Spalten.") % {"columns": MAX_COLUMNS},
                    )
                ]
            )
        rows: list[RawRow] = []
        for number, row in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
            if number > MAX_ROWS:
                raise _too_many_rows(source, sheet)
            present = [index for index, cell in enumerate(row) if not isinstance(cell, EmptyCell)]
            rows.append(
                RawRow(
                    number=number,
                    cells=[_cell_text(cell.value) for cell in row],
                    width=present[-1] + 1 if present else 0,
                )
            )
        return rows
    finally:
        workbook.close()


def table_read(
    *,
    data: bytes,
    filename: str,
    sheet: str,
    columns: Sequence[str],
    required: Sequence[str],
    multiline: Collection[str] = (),
) -> Table:
    """Rows as dicts by column name; raises TableImportError naming everything wrong with the layout.

    ``multiline``: the columns whose cells may hold line breaks (longer texts, lists one per line).
    """
    source = PurePath(filename).name or "Datei"
    table_format = table_format_of(filename)
    if table_format is None:
        raise TableImportError(
            [Problem(source=source, message=_("Nur .csv- und .xlsx-Dateien können importiert werden."))]
        )
    if len(data) > MAX_IMPORT_BYTES:
        raise TableImportError(
            [
                Problem(
                    source=source, message=_("Die Datei ist größer als %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // 2**20}
                )
            ]
        )
    if table_format == TableFormat.CSV:
        raw_rows = _csv_rows(data, source)
        table = Table(source=source, sheet=None)
    else:
        raw_rows = _xlsx_rows(data, source, sheet)
        table = Table(source=source, sheet=sheet)
    numbered = [row for row in raw_rows if any(cell for cell in row.cells)]
    if not numbered:
        raise TableImportError([table.problem(_("Die Tabelle ist leer; erwartet wird eine Kopfzeile."))])
    header_number, header = numbered[0].number, list(numbered[0].cells)
    while header and not header[-1]:
        header.pop()
    problems = [
        table.problem(_("Die Spalte fehlt in der Kopfzeile."), row=header_number, column=name)
        for name in required
        if name not in header
    ]
    problems += [
        table.problem(_("Unbekannte Spalte."), row=header_number, column=name or f"#{index}")
        for index, name in enumerate(header, start=1)
        if name not in columns
    ]
    duplicates = {name for name in header if header.count(name) > 1}
    problems += [
        table.problem(_("Die Spalte kommt mehrfach vor."), row=header_number, column=name) for name in duplicates
    ]
    if problems:
        raise TableImportError(problems)
    # A row that stops before this column would empty the fields it leaves out: refused, not guessed.
    last_required = max((header.index(name) for name in required), default=-1)
    for row in numbered[1:]:
        number = row.number
        if len(problems) >= MAX_PROBLEMS:
            raise TableImportError(problems, unchecked_from_row=number)
        if len(row.cells) > len(header) and any(row.cells[len(header) :]):
            problems.append(table.problem(_("Die Zeile hat mehr Zellen als die Kopfzeile Spalten."), row=number))
            continue
        if table_format == TableFormat.CSV and row.width < len(header):
            problems.append(
                table.problem(
                    _("Die Zeile hat %(cells)s Zellen, die Kopfzeile %(columns)s Spalten.")
                    % {"cells": row.width, "columns": len(header)},
                    row=number,
                )
            )
            continue
        if row.width <= last_required:
            problems.append(
                table.problem(
                    _(
                        "Die Zeile endet vor dieser Spalte; fehlende Zellen würden Angaben leeren. "
                        "Bitte die Zeile bis hierher ausfüllen."
                    ),
                    row=number,
                    column=header[last_required],
                )
            )
            continue
        cells = {name: (row.cells[index] if index < len(row.cells) else "") for index, name in enumerate(header)}
        for name, value in cells.items():
            if len(value) > MAX_CELL_CHARS:
                problems.append(
                    table.problem(
                        _("Der Text ist länger als %(chars)s Zeichen.") % {"chars": MAX_CELL_CHARS},
                        row=number,
                        column=name,
                    )
                )
            elif name not in multiline and ("\n" in value or "\r" in value):
                problems.append(
                    table.problem(
                        _("Die Zelle enthält einen Zeilenumbruch; in dieser Spalte steht eine Zeile."),
                        row=number,
                        column=name,
                    )
                )
        problems += _control_character_problems(table, number, cells)
        table.rows.append((number, {name: text_unescape(text) for name, text in cells.items()}))
    if problems:
        raise TableImportError(problems)
    return table


# --- reading cells into values (the importers' shared vocabulary) --------------------------------


class CellUnreadable(Exception):  # noqa: N818 - a signal inside an importer, carries the message for the cell
    """A cell that cannot be read as its column's value; the importer names it by row and column."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def german(label: object) -> str:
    """A choice's label as files write it (German, whatever the reader's language)."""
    with translation.override("de"):
        return str(label)


def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Code, German label and label in the active language (case-insensitive) -> code."""
    lookup: dict[str, str] = {}
    for choice in choices:
        lookup[choice.value.casefold()] = choice.value
        lookup[german(choice.label).casefold()] = choice.value
        lookup[str(choice.label).casefold()] = choice.value
    return lookup


def amount_read(text: str) -> Decimal | None:
    """An amount of euros from a cell (``kreisagenda.numbers.amount_parse``); empty: None."""
    try:
        return amount_parse(text)
    except AmountError as error:
        raise CellUnreadable(error.message) from None


def same_text(cell: str, stored: str) -> bool:
    """Equal but for line breaks: XLSX turns the CRLF a browser's form sends into LF."""
    return cell.replace("\r\n", "\n") == stored.replace("\r\n", "\n")


def problems_by_row(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in the order of the file's rows (those of the whole file first)."""
    return sorted(problems, key=lambda problem: problem.row or 0)


# --- texts that spreadsheets would take for formulas (OWASP "CSV injection"), decision D52 --------

# What makes Excel or LibreOffice read a cell as a formula (tab and CR: as Excel pastes and imports).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-3", "-2,5", "+1.000,5") is read as that number, never as a formula: left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def _reads_as_formula(text: str) -> bool:
    """Whether the text, without the quotes this module adds in front, starts like a formula."""
    return text.lstrip("'")[:1] in FORMULA_TRIGGERS


def text_escape(text: str) -> str:
    """The text as a CSV cell that no spreadsheet runs: a leading quote where it starts like a formula.

    A text that already starts with quotes before such a character gets one more, so that
    ``text_unescape`` gives back exactly what was written ("'=x" -> "''=x" -> "'=x").
    """
    if _reads_as_formula(text) and not _PLAIN_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def text_unescape(text: str) -> str:
    """An imported cell as it was before ``text_escape``: the added quote removed."""
    if text.startswith("'") and _reads_as_formula(text):
        return text[1:]
    return text


def _control_character_problems(table: Table, number: int, cells: Mapping[str, str]) -> list[Problem]:
    return [
        table.problem(message, row=number, column=name)
        for name, text in cells.items()
        if (message := control_character_message(text)) is not None
    ]


def amount_cell(amount: Decimal | None, table_format: TableFormat) -> Cell:
    """An amount of euros: a number for XLSX; German text for CSV (the writer would round floats to one
    decimal). ``kreisagenda.numbers.amount_parse`` reads both back."""
    if amount is None:
        return None
    if table_format == TableFormat.XLSX:
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    return f"{amount.quantize(CENT):.2f}".replace(".", ",")


def _csv_cell(cell: Cell) -> str | int:
    """CSV for German spreadsheets: decimal comma (the column separator is ";"), texts never formulas."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    if isinstance(cell, str):
        return text_escape(control_characters_strip(cell))
    return cell


def _xlsx_cell(sheet: Worksheet, value: Cell) -> Cell | WorkbookCell:
    """A number as it is; a text as a text cell, never a formula, whatever it starts with.

    openpyxl makes a formula of every text starting with "="; here the cell's type is set back to
    text, and a text that starts like a formula is marked as Excel marks a typed leading quote
    (quotePrefix: shown as it is, still a text after editing). The quote itself is written only
    where reading would otherwise change the text: before a leading tab or CR, which reading
    trims, and before quotes that reading would take for the CSV escape.
    """
    if not isinstance(value, str):
        return value
    text = control_characters_strip(value)
    if _reads_as_formula(text) and text[:1] in ("'", "\t", "\r"):
        text = f"'{text}"
    cell = WorkbookCell(sheet, row=1, column=1, value=text)  # append() gives it its place
    cell.data_type = "s"
    if _reads_as_formula(text):
        cell.quotePrefix = True
    return cell


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a header row, then the rows."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    # Excel number formats by (row, column) of ``rows``, counted from 0: a number stays a number and
    # is shown with, say, a mark ('0.0 "▲"').
    number_formats: Mapping[tuple[int, int], str] = field(default_factory=dict)


def _sheet_append(sheet: Worksheet, row: Sequence[Cell]) -> None:
    sheet.append([_xlsx_cell(sheet, value) for value in row])


def _sheet_fill(data_sheet: Worksheet, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    _sheet_append(data_sheet, columns)
    for cell in data_sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _sheet_append(data_sheet, row)
    data_sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        width = max([len(str(name)), *(min(len(str(row[index - 1] or "")), 60) for row in rows)])
        data_sheet.column_dimensions[get_column_letter(index)].width = width + 2


def workbook_write(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX of several sheets (names at most 31 characters, as the format allows)."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new workbook always has one sheet
    for number, sheet in enumerate(sheets):
        data_sheet = first if number == 0 else workbook.create_sheet()
        data_sheet.title = sheet.name[:31]
        _sheet_fill(data_sheet, sheet.columns, sheet.rows)
        for (row, column), number_format in sheet.number_formats.items():
            data_sheet.cell(row=row + 2, column=column + 1).number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_write(
    *,
    table_format: TableFormat,
    sheet: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    notes: Sequence[str] = (),
) -> bytes:
    if table_format == TableFormat.CSV:
        text_buffer = io.StringIO()
        writer = csv.writer(text_buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([_csv_cell(name) for name in columns])
        writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
        return text_buffer.getvalue().encode("utf-8-sig")
    workbook = Workbook()
    data_sheet = workbook.active
    assert data_sheet is not None  # a new workbook always has one sheet
    data_sheet.title = sheet
    _sheet_fill(data_sheet, columns, rows)
    if notes:
        notes_sheet = workbook.create_sheet(NOTES_SHEET)
        for line in notes:
            _sheet_append(notes_sheet, [line])
        notes_sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _field_itself(name: str) -> tuple[str, str]:
    return name, ""


def row_error_problems(
    table: Table,
    errors: Mapping[str, Iterable[str]],
    *,
    column_of_field: Mapping[str, str],
    field_of: Callable[[str], tuple[str, str]] = _field_itself,
) -> list[Problem]:
    """Errors keyed ``<row>.<field>`` (as the upsert services of an import raise them) as problems with
    row and column; a key without a row is about the whole file. ``field_of`` turns a nested key
    (``milestones.2``) into the field whose column is meant and a prefix for the message."""
    problems: list[Problem] = []
    for key, messages in errors.items():
        row_text, _dot, name = key.partition(".")
        row = whole_number(row_text) if name else None
        if row is None:
            name = key
        name, prefix = field_of(name)
        column = column_of_field.get(name)
        problems.extend(table.problem(prefix + message, row=row, column=column) for message in messages)
    return problems


def validation_error_problems(
    table: Table,
    error: ValidationError,
    *,
    column_of_field: Mapping[str, str],
    field_of: Callable[[str], tuple[str, str]] = _field_itself,
) -> list[Problem]:
    """An import service's refusal as problems: by row and column where it names them."""
    if hasattr(error, "error_dict"):
        return row_error_problems(table, error.message_dict, column_of_field=column_of_field, field_of=field_of)
    return [table.problem(message) for message in error.messages]
