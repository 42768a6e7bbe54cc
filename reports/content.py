"""What a report says, independent of its file format: sections of text, charts and tables.

The PDF, the XLSX and the CSV are written from the same ``ReportContent``, so they always hold the
same numbers (reports.render).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Scored:
    """A score with its strength/weakness mark (▲/▼): printed together, a number in the workbook."""

    score: Decimal
    mark: str  # "▲", "▼" or ""
    verdict: str  # "Stärke", "Schwäche" or ""


Value = str | int | Decimal | Scored | None
WIDE_COLUMNS = 8


@dataclass(frozen=True)
class ReportTable:
    name: str  # the XLSX sheet's name (at most 31 characters) and the CSV's "Tabelle"
    caption: str
    columns: list[str]
    rows: list[list[Value]]
    row_headers: bool = True  # the first column names the row


@dataclass(frozen=True)
class ReportChart:
    svg: SafeString  # reports.svg; its title and description name what it shows
    note: str = ""  # how to read it, printed below


@dataclass(frozen=True)
class ReportSection:
    key: str  # the anchor of the contents' link
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    charts: list[ReportChart] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)

    @property
    def is_wide(self) -> bool:
        """Printed on landscape pages: a table with more columns than a portrait page holds legibly."""
        return any(len(table.columns) > WIDE_COLUMNS for table in self.tables)


@dataclass(frozen=True)
class ReportContent:
    title: str  # "Gemeinsames Lagebild der Digitalisierung", "Digitalisierung in Brakel"
    kind_label: str  # "Sitzungsvorlage für die Bürgermeisterkonferenz", "Bericht der Kommune"
    district_name: str
    town_name: str | None
    year: int | None  # the campaign year the figures are of; None: no campaign yet
    meeting_date: datetime.date | None
    made_on: datetime.date
    filename_stem: str  # e.g. "lagebild-kreis-hoexter-2026"
    sections: list[ReportSection]

    @property
    def tables(self) -> list[ReportTable]:
        return [table for section in self.sections for table in section.tables]
