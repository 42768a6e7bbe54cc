"""Plotly figures for the comparison pages. The pages show the same numbers in tables (WCAG: a
text alternative for every chart); the figure travels as JSON and plotly.js is served locally."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from benchmarking.selectors import Comparison, TownPosition


def _embeddable(json_text: str) -> str:
    """Safe inside <script type="application/json">: no "</" can close the element."""
    return json_text.replace("</", "<\\/")


def _layout(rows: list[str]) -> dict[str, Any]:
    return {
        "separators": ",." if get_language() == "de" else ".,",  # German: decimal comma, thousands dot
        "font": {"family": "system-ui, sans-serif", "size": 14},
        "margin": {"l": 220, "r": 20, "t": 30, "b": 50},
        "xaxis": {"range": [0, 100], "title": {"text": _("Punkte (0–100)")}},
        "yaxis": {"categoryorder": "array", "categoryarray": rows[::-1]},
        "height": 120 + 45 * len(rows),
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.2},
    }


def comparison_figure(comparison: Comparison) -> str:
    """Per field of action: the towns' scores as points and the group's quartiles as a box."""
    figure = go.Figure()
    names = [f.name for f in comparison.fields]
    for field_comparison in comparison.fields:
        if field_comparison.statistics is None:
            continue
        stats = field_comparison.statistics
        figure.add_trace(
            go.Box(
                y=[field_comparison.name],
                q1=[float(stats.lower_quartile)],
                median=[float(stats.median)],
                q3=[float(stats.upper_quartile)],
                lowerfence=[float(stats.minimum)],
                upperfence=[float(stats.maximum)],
                orientation="h",
                name=_("Median und Quartile"),
                legendgroup="box",
                showlegend=field_comparison is comparison.fields[0],
                marker={"color": "#4a6a8a"},
            )
        )
    points = [
        (field.name, float(town.fields[field.key].current), town.name)  # type: ignore[arg-type]
        for town in comparison.towns
        for field in comparison.fields
        if field.statistics is not None and field.key in town.fields and town.fields[field.key].current is not None
    ]
    figure.add_trace(
        go.Scatter(
            x=[p[1] for p in points],
            y=[p[0] for p in points],
            text=[p[2] for p in points],
            mode="markers",
            name=_("Kommunen"),
            hovertemplate="%{text}: %{x:.1f}<extra></extra>",
            marker={"color": "#b34700", "size": 9, "symbol": "diamond"},
        )
    )
    figure.update_layout(**_layout(names))
    return _embeddable(figure.to_json())


def position_figure(position: TownPosition) -> str:
    """The town's score per field against the group's median and quartiles."""
    figure = go.Figure()
    rows = [f for f in position.fields if f.field.statistics is not None]
    names = [f.field.name for f in rows]
    figure.add_trace(
        go.Box(
            y=names,
            q1=[float(f.field.statistics.lower_quartile) for f in rows],  # type: ignore[union-attr]
            median=[float(f.field.statistics.median) for f in rows],  # type: ignore[union-attr]
            q3=[float(f.field.statistics.upper_quartile) for f in rows],  # type: ignore[union-attr]
            lowerfence=[float(f.field.statistics.minimum) for f in rows],  # type: ignore[union-attr]
            upperfence=[float(f.field.statistics.maximum) for f in rows],  # type: ignore[union-attr]
            orientation="h",
            name=_("Vergleichsgruppe (Median, Quartile)"),
            marker={"color": "#4a6a8a"},
        )
    )
    own = [(f.field.name, float(f.own.current)) for f in rows if f.own is not None and f.own.current is not None]
    figure.add_trace(
        go.Scatter(
            x=[value for _name, value in own],
            y=[name for name, _value in own],
            mode="markers",
            name=position.town.name,
            marker={"color": "#b34700", "size": 12, "symbol": "diamond"},
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    figure.update_layout(**_layout(names))
    return _embeddable(figure.to_json())
