"""Plotly figures for the comparison pages. The pages show the same numbers in tables (WCAG: a
text alternative for every chart); the figure travels as JSON and plotly.js is served locally."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from kreisagenda.charts import chart_layout, embeddable

from benchmarking.selectors import Comparison, TownPosition
from benchmarking.statistics import GroupStatistics


def _figure(
    groups: list[tuple[str, GroupStatistics]],
    points: list[tuple[str, Decimal, str]],
    *,
    group_label: str,
    points_label: str,
) -> str:
    """One box per field of action (the group's quartiles, min–max as whiskers) and the points on top."""
    figure = go.Figure()
    figure.add_trace(
        go.Box(
            y=[name for name, _stats in groups],
            q1=[float(stats.lower_quartile) for _name, stats in groups],
            median=[float(stats.median) for _name, stats in groups],
            q3=[float(stats.upper_quartile) for _name, stats in groups],
            lowerfence=[float(stats.minimum) for _name, stats in groups],
            upperfence=[float(stats.maximum) for _name, stats in groups],
            orientation="h",
            name=group_label,
            marker={"color": "#4a6a8a"},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[float(value) for _field, value, _label in points],
            y=[field for field, _value, _label in points],
            text=[label for _field, _value, label in points],
            mode="markers",
            name=points_label,
            hovertemplate="%{text}: %{x:.1f}<extra></extra>",
            marker={"color": "#b34700", "size": 10, "symbol": "diamond"},
        )
    )
    figure.update_layout(**chart_layout([name for name, _stats in groups]))
    return embeddable(figure.to_json())


def comparison_figure(comparison: Comparison) -> str:
    """Per field of action: the district's towns as points over the group's quartiles."""
    shown = [(field, field.statistics) for field in comparison.fields if field.statistics is not None]
    return _figure(
        [(field.name, stats) for field, stats in shown],
        [
            (field.name, result.current, town.name)
            for town in comparison.towns
            for field, _stats in shown
            if (result := town.fields.get(field.key)) is not None and result.current is not None
        ],
        group_label=_("Median und Quartile"),
        points_label=_("Kommunen"),
    )


def position_figure(position: TownPosition) -> str:
    """The town's score per field against the group's median and quartiles."""
    shown = [(row, row.field.statistics) for row in position.fields if row.field.statistics is not None]
    return _figure(
        [(row.field.name, stats) for row, stats in shown],
        [
            (row.field.name, row.own.current, position.town.name)
            for row, _stats in shown
            if row.own is not None and row.own.current is not None
        ],
        group_label=_("Vergleichsgruppe (Median, Quartile)"),
        points_label=position.town.name,
    )
