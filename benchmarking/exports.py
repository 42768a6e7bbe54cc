"""The comparison as a file (XLSX or CSV), with the same numbers and the same rule as the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from kreisagenda.numbers import as_float
from kreisagenda.tabular import TableFormat, table_write

from benchmarking.selectors import Comparison, TownPosition
from benchmarking.statistics import RULE_TEXT, SIZE_CLASS_LABELS, VERDICT_LABELS, GroupStatistics, Verdict


def _verdict(value: Verdict | None) -> str:
    return str(VERDICT_LABELS[value]) if value else ""


def _statistics_cells(stats: GroupStatistics | None) -> list[float | int | None]:
    if stats is None:
        return [None] * 6
    return [
        stats.n,
        as_float(stats.minimum),
        as_float(stats.lower_quartile),
        as_float(stats.median),
        as_float(stats.upper_quartile),
        as_float(stats.maximum),
    ]


def _statistics_columns() -> list[str]:
    return [_("n"), _("Minimum"), _("unteres Quartil"), _("Median"), _("oberes Quartil"), _("Maximum")]


def _verdict_column() -> str:
    return _("Einordnung (Stärke: ≥ 10 Punkte über dem Median, Schwäche: ≥ 10 Punkte darunter)")


def comparison_export(comparison: Comparison, table_format: TableFormat) -> bytes:
    """One row per released town and field of action (coordinators and the conference only)."""
    columns = [_("Kommune"), _("Handlungsfeld"), _("Ist"), _("Soll"), *_statistics_columns(), _verdict_column()]
    rows = []
    members = list(comparison.towns) + ([comparison.administration] if comparison.administration else [])
    for town in members:
        for field in comparison.fields:
            result = town.fields.get(field.key)
            if result is None:
                continue
            in_group = town is not comparison.administration
            rows.append(
                [
                    town.name,
                    field.name,
                    as_float(result.current),
                    as_float(result.target),
                    *_statistics_cells(field.statistics if in_group else None),
                    _verdict(result.verdict),
                ]
            )
    return table_write(
        table_format=table_format,
        sheet=_("Vergleich %(year)s") % {"year": comparison.year},
        columns=columns,
        rows=rows,
        notes=[str(RULE_TEXT), _("Quelle: freigegebene Quick Checks, Stand der letzten Veröffentlichung je Kommune.")],
    )


def position_export(position: TownPosition, table_format: TableFormat) -> bytes:
    """The town's own values against the group's figures; never other towns' names or values."""
    size_label = str(SIZE_CLASS_LABELS[position.size_class])
    columns = [
        _("Handlungsfeld"),
        _("Ist der Kommune"),
        _("Soll der Kommune"),
        *_statistics_columns(),
        _verdict_column(),
        _("Median der Größenklasse (%(size)s)") % {"size": size_label},
        _("n der Größenklasse"),
    ]
    rows = [
        [
            row.field.name,
            as_float(row.own.current) if row.own else None,
            as_float(row.own.target) if row.own else None,
            *_statistics_cells(row.field.statistics),
            _verdict(row.own.verdict if row.own else None),
            as_float(row.size_class_statistics.median) if row.size_class_statistics else None,
            row.size_class_statistics.n if row.size_class_statistics else None,
        ]
        for row in position.fields
    ]
    return table_write(
        table_format=table_format,
        sheet=_("Position %(year)s") % {"year": position.comparison.year},
        columns=columns,
        rows=rows,
        notes=[str(RULE_TEXT)],
    )
