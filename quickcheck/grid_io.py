"""The grid as a file (CSV or XLSX): export, and an import that writes all of it or nothing."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from kreisagenda.numbers import whole_number
from kreisagenda.tabular import Cell, Problem, Table, TableFormat, TableImportError, table_read, table_write

from quickcheck.content import GridRow
from quickcheck.models import Applicability, GridVersion
from quickcheck.selectors import grid_previous, grid_question_codes, grid_rows
from quickcheck.services import grid_content_replace, grid_rows_validate
from shared_vision.selectors import fields_of_action_current

DEFAULT_GRID_FILE = Path(__file__).resolve().parent / "data" / "default-grid.csv"
GRID_SHEET = "Fragen"
LEVEL_COLUMNS = ("Stufe 0", "Stufe 1", "Stufe 2", "Stufe 3", "Stufe 4")
GRID_COLUMNS = (
    "Handlungsfeld-Schlüssel",
    "Handlungsfeld",
    "Nr.",
    "Frage",
    "Erläuterung",
    "Gewicht",
    "Gilt für",
    *LEVEL_COLUMNS,
    "Ersetzt Nr.",
)
REQUIRED_COLUMNS = tuple(name for name in GRID_COLUMNS if name not in {"Erläuterung", "Ersetzt Nr."})
# The file speaks German: "Gilt für" holds the label, not the code.
APPLICABILITY_BY_LABEL = {
    "kommunen": Applicability.TOWNS,
    "kreisverwaltung": Applicability.DISTRICT_ADMINISTRATION,
    "beide": Applicability.BOTH,
}
LABEL_BY_APPLICABILITY = {
    value: label.capitalize() if label != "beide" else label for label, value in APPLICABILITY_BY_LABEL.items()
}
# Which column a validation problem belongs to.
COLUMN_OF_FIELD = {
    "field_key": "Handlungsfeld-Schlüssel",
    "field_name": "Handlungsfeld",
    "code": "Nr.",
    "text": "Frage",
    "help_text": "Erläuterung",
    "weight": "Gewicht",
    "applicability": "Gilt für",
    "replaces_code": "Ersetzt Nr.",
    **{f"level_{level}": column for level, column in enumerate(LEVEL_COLUMNS)},
}


def grid_file_notes(grid: GridVersion) -> list[str]:
    return [
        _("Quick-Check-Raster %(year)s – %(district)s") % {"year": grid.year, "district": grid.district.name},
        _("Eine Zeile je Frage. „Gewicht“: 1 bis 3. „Gilt für“: Kommunen, Kreisverwaltung oder beide."),
        _("„Stufe 0“ bis „Stufe 4“ beschreiben, was der Reifegrad bei dieser Frage bedeutet."),
        _("„Ersetzt Nr.“: die Nr. der Frage im Raster des Vorjahrs, die diese Frage fortführt (oder leer)."),
        _("Der Import ersetzt alle Fragen eines Raster-Entwurfs. Diese Tabelle „Hinweise“ wird nicht gelesen."),
    ]


def grid_export(*, grid: GridVersion, table_format: TableFormat) -> tuple[str, bytes]:
    rows: list[list[Cell]] = [
        [
            row.field_key,
            row.field_name,
            row.code,
            row.text,
            row.help_text,
            row.weight,
            LABEL_BY_APPLICABILITY[row.applicability],
            *row.levels,
            row.replaces_code,
        ]
        for row in grid_rows(grid=grid)
    ]
    content = table_write(
        table_format=table_format, sheet=GRID_SHEET, columns=GRID_COLUMNS, rows=rows, notes=grid_file_notes(grid)
    )
    return f"quick-check-raster-{grid.district.slug}-{grid.year}.{table_format.value}", content


def grid_rows_parse(
    table: Table, *, previous_codes: set[str], field_keys: Collection[str] | None = None
) -> list[GridRow]:
    """Rows of the file as GridRows; raises TableImportError with every problem, by row and column.

    ``field_keys``: the fields of action the district's Leitbild has; a row with another key is refused.
    """
    problems: list[Problem] = []
    rows: list[GridRow] = []
    row_numbers: list[int] = []
    for number, cells in table.rows:
        weight_text = cells.get("Gewicht", "")
        weight = whole_number(weight_text) or 0
        if whole_number(weight_text) is None:
            problems.append(
                table.problem(_("Erwartet wird eine ganze Zahl von 1 bis 3."), row=number, column="Gewicht")
            )
        applicability = APPLICABILITY_BY_LABEL.get(cells.get("Gilt für", "").strip().lower())
        if applicability is None:
            problems.append(
                table.problem(
                    _("Erwartet wird „Kommunen“, „Kreisverwaltung“ oder „beide“."), row=number, column="Gilt für"
                )
            )
        field_key = cells.get("Handlungsfeld-Schlüssel", "")
        if field_keys is not None and field_key and field_key not in field_keys:
            problems.append(
                table.problem(
                    _("Das Leitbild des Kreises hat kein Handlungsfeld „%(key)s“. Vorhanden: %(keys)s.")
                    % {"key": field_key, "keys": ", ".join(sorted(field_keys))},
                    row=number,
                    column="Handlungsfeld-Schlüssel",
                )
            )
        rows.append(
            GridRow(
                field_key=field_key,
                field_name=cells.get("Handlungsfeld", ""),
                code=cells.get("Nr.", ""),
                text=cells.get("Frage", ""),
                help_text=cells.get("Erläuterung", ""),
                weight=weight,
                applicability=applicability or Applicability.BOTH,
                levels=(
                    cells.get("Stufe 0", ""),
                    cells.get("Stufe 1", ""),
                    cells.get("Stufe 2", ""),
                    cells.get("Stufe 3", ""),
                    cells.get("Stufe 4", ""),
                ),
                replaces_code=cells.get("Ersetzt Nr.", ""),
            )
        )
        row_numbers.append(number)
    if not rows:
        problems.append(table.problem(_("Die Tabelle enthält keine Fragen.")))
    for index, by_field in sorted(grid_rows_validate(rows, previous_codes=previous_codes).items()):
        for field_name, messages in by_field.items():
            if field_name == "weight" and whole_number(table.rows[index][1].get("Gewicht", "")) is None:
                continue  # already said above
            problems.extend(
                table.problem(message, row=row_numbers[index], column=COLUMN_OF_FIELD.get(field_name))
                for message in messages
            )
    if problems:
        raise TableImportError(problems)
    return rows


def grid_file_rows(
    *, data: bytes, filename: str, previous_codes: set[str] | None = None, field_keys: Collection[str] | None = None
) -> list[GridRow]:
    table = table_read(
        data=data,
        filename=filename,
        sheet=GRID_SHEET,
        columns=GRID_COLUMNS,
        required=REQUIRED_COLUMNS,
        multiline=("Frage", "Erläuterung"),
    )
    return grid_rows_parse(table, previous_codes=previous_codes or set(), field_keys=field_keys)


@transaction.atomic
def grid_import(*, grid: GridVersion, data: bytes, filename: str) -> GridVersion:
    """Replace the draft grid's questions by the file's; all or nothing."""
    if not grid.is_draft:
        raise TableImportError(
            [
                Problem(
                    source=Path(filename).name, message=_("Das Raster %(year)s ist eingefroren.") % {"year": grid.year}
                )
            ]
        )
    # The grid asks about the Leitbild's fields of action; without an adopted Leitbild any key is taken.
    vision_keys = {field.key for field in fields_of_action_current(district=grid.district)}
    rows = grid_file_rows(
        data=data,
        filename=filename,
        previous_codes=grid_question_codes(grid=grid_previous(grid=grid)),
        field_keys=vision_keys or None,
    )
    try:
        return grid_content_replace(grid=grid, rows=rows)
    except ValidationError as error:  # checked above already; kept for races with another editor
        raise TableImportError([Problem(source=Path(filename).name, message=m) for m in error.messages]) from error


def default_grid_rows() -> list[GridRow]:
    """The product's default German grid (data/default-grid.csv), read by the same importer."""
    return grid_file_rows(data=DEFAULT_GRID_FILE.read_bytes(), filename=DEFAULT_GRID_FILE.name)
