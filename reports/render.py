"""Writing a report's content as PDF (WeasyPrint: tagged PDF/UA-1, fonts embedded), XLSX and CSV.

WeasyPrint lays out HTML and CSS without a browser and installs from PyPI (it needs Pango, a Debian
package the launcher checks for); the reports' charts are SVG drawn by reports.svg (decision D50).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from kreisagenda.tabular import Cell, Sheet, TableFormat, table_write, workbook_write

from reports.content import ReportContent, ReportTable, Scored, Value

PDF_VARIANT = "pdf/ua-1"  # tagged, with language, title and embedded fonts (accessible PDF)


@dataclass(frozen=True)
class PrintedCell:
    text: str
    is_number: bool
    is_row_header: bool


def _printed(table: ReportTable) -> list[list[PrintedCell]]:
    """Numbers with a decimal comma and right-aligned; the first cell the row's header where it names the row."""
    rows = []
    for row in table.rows:
        cells = []
        for index, value in enumerate(row):
            is_number = isinstance(value, Decimal | int | Scored) and not isinstance(value, bool)
            if value is None:
                text = "–"
            elif isinstance(value, Scored):
                text = f"{_csv_value(value.score)} {value.mark}".strip()
            elif isinstance(value, int) and not isinstance(value, bool):
                text = number_format(value, 0, force_grouping=True)
            else:
                text = _csv_value(value)
            cells.append(PrintedCell(text=text, is_number=is_number, is_row_header=index == 0 and table.row_headers))
        rows.append(cells)
    return rows


def report_html(content: ReportContent) -> str:
    sections = [(section, [(table, _printed(table)) for table in section.tables]) for section in content.sections]
    return render_to_string("reports/document.html", {"report": content, "sections": sections})


def report_pdf(content: ReportContent, on_step: Callable[[int, str], None] | None = None) -> bytes:
    """Lay out the pages, then write the PDF; ``on_step(percent, text)`` hears when the second part begins."""
    # Imported here: loading WeasyPrint (and Pango through it) costs ~0.5 s, which only the worker pays.
    from weasyprint import HTML

    document = HTML(string=report_html(content)).render(pdf_variant=PDF_VARIANT)
    if on_step is not None:
        on_step(60, _("PDF wird geschrieben"))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def _cell(value: Value) -> Cell:
    """Numbers stay numbers in the workbook (one decimal place, as on the pages)."""
    if isinstance(value, Scored):
        return float(round(value.score, 1))
    if isinstance(value, Decimal):
        return float(round(value, 1))
    return value


def _number_formats(table: ReportTable) -> dict[tuple[int, int], str]:
    """One decimal place for scores; a score's mark (▲/▼) shown with the number, which stays a number."""
    formats = {}
    for row_index, row in enumerate(table.rows):
        for column_index, value in enumerate(row):
            if isinstance(value, Scored) and value.mark:
                formats[(row_index, column_index)] = f'0.0 "{value.mark}"'
            elif isinstance(value, Decimal | Scored):
                formats[(row_index, column_index)] = "0.0"
    return formats


def _facts(content: ReportContent) -> list[list[Cell]]:
    facts: list[list[Cell]] = [
        [_("Bericht"), content.kind_label],
        [_("Titel"), content.title],
        [_("Kreis"), content.district_name],
    ]
    if content.town_name:
        facts.append([_("Kommune"), content.town_name])
    facts.append([_("Erhebungsjahr"), content.year])
    if content.meeting_date:
        facts.append([_("Sitzung am"), content.meeting_date.isoformat()])
    facts.append([_("Stand"), content.made_on.isoformat()])
    facts.extend([[section.heading, paragraph] for section in content.sections for paragraph in section.paragraphs])
    return facts


def report_xlsx(content: ReportContent) -> bytes:
    """A sheet "Bericht" with what the title page and the texts say, then one sheet per table."""
    sheets = [Sheet(name=_("Bericht"), columns=[_("Angabe"), _("Wert")], rows=_facts(content))]
    used: set[str] = {sheets[0].name}
    for table in content.tables:
        name = table.name[:31]
        number = 2
        while name in used:  # sheet names must differ
            name = f"{table.name[:28]} {number}"
            number += 1
        used.add(name)
        sheets.append(
            Sheet(
                name=name,
                columns=table.columns,
                rows=[[_cell(v) for v in row] for row in table.rows],
                number_formats=_number_formats(table),
            )
        )
    return workbook_write(sheets)


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Scored):
        return _csv_value(value.score)
    if isinstance(value, Decimal):
        return number_format(value, 1, use_l10n=True)
    return str(value)


def report_csv(content: ReportContent) -> bytes:
    """Every table in one long table (Tabelle; Zeile; Spalte; Wert; Einordnung, the Stärke or Schwäche of
    a score): one file, readable by machines and spreadsheets alike, whatever the tables' shapes."""
    rows: list[list[Cell]] = []
    for table in content.tables:
        for number, row in enumerate(table.rows, start=1):
            label = _csv_value(row[0]) if table.row_headers else str(number)
            values = row[1:] if table.row_headers else row
            columns = table.columns[1:] if table.row_headers else table.columns
            rows.extend(
                [table.name, label, column, _csv_value(value), value.verdict if isinstance(value, Scored) else ""]
                for column, value in zip(columns, values, strict=True)
            )
    return table_write(
        table_format=TableFormat.CSV,
        sheet="",
        columns=[_("Tabelle"), _("Zeile"), _("Spalte"), _("Wert"), _("Einordnung")],
        rows=rows,
    )
