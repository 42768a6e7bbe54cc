"""Plotly figures for the comparison pages. The pages show the same numbers in tables (WCAG: a
text alternative for every chart); the figure travels as JSON and plotly.js is served locally."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from kreisagenda.charts import chart_layout, figure_json, trace

from benchmarking.procurement import CategoryCalendar
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
    box = trace(
        "box",
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
    dots = trace(
        "scatter",
        x=[float(value) for _field, value, _label in points],
        y=[field for field, _value, _label in points],
        text=[label for _field, _value, label in points],
        mode="markers",
        name=points_label,
        hovertemplate="%{text}: %{x:.1f}<extra></extra>",
        marker={"color": "#b34700", "size": 10, "symbol": "diamond"},
    )
    return figure_json([box, dots], chart_layout([name for name, _stats in groups]))


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


def procurement_figure(calendars: list[CategoryCalendar], *, today: datetime.date) -> str:
    """One row per category: each town's date of need as a point, the tender windows as bars before them."""
    if not calendars:
        return ""
    labels = [calendar.label for calendar in calendars]
    traces = []
    windows = [(c.label, w) for c in calendars for w in c.windows]
    if windows:
        traces.append(
            trace(
                "bar",
                y=[label for label, _w in windows],
                base=[w.tender_start.isoformat() for _l, w in windows],
                x=[(w.drawn_until - w.tender_start).days * 86_400_000 for _l, w in windows],
                orientation="h",
                name=_("Fenster für eine gemeinsame Ausschreibung"),
                marker={"color": "#9cc3e0"},
                text=[", ".join(w.town_names) for _l, w in windows],
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    points = [(c.label, e) for c in calendars for e in c.entries if not e.undated]
    traces.append(
        trace(
            "scatter",
            y=[label for label, _e in points],
            x=[e.needed_on(today).isoformat() for _l, e in points],
            mode="markers",
            name=_("Bedarf einer Kommune (Vertragsende oder geplant)"),
            marker={"color": "#00507a", "size": 11, "symbol": "diamond", "line": {"color": "#ffffff", "width": 1}},
            text=[f"{e.town_name}: {e.title}" for _l, e in points],
            hovertemplate="%{text} – %{x|%d.%m.%Y}<extra></extra>",
        )
    )
    layout = chart_layout(labels)
    layout["xaxis"] = {"type": "date", "tickformat": "%Y", "dtick": "M12", "title": {"text": _("Jahr")}}
    layout["barmode"] = "overlay"
    layout["shapes"] = [
        {
            "type": "line",
            "x0": today.isoformat(),
            "x1": today.isoformat(),
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": "#b00020", "width": 2, "dash": "dash"},
        }
    ]
    layout["annotations"] = [
        {"x": today.isoformat(), "y": 1, "yref": "paper", "text": _("heute"), "showarrow": False, "yanchor": "bottom"}
    ]
    return figure_json(traces, layout)
