"""The homes' figures. The Lagebild's heatmap: towns × fields of action, coloured by the distance from
the district's median; a town's standing: its scores against the district's quartile band.

The colours are a diverging purple–orange scale (readable with the common colour-vision deficiencies),
white at the median; the cell's text is the score with ▲/▼ for strength/weakness, and the table below
the chart holds the same numbers, each a link to the town's position (the keyboard and screen-reader
route; a click on a cell goes there too).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from kreisagenda.charts import chart_layout, figure_json, trace
from kreisagenda.numbers import as_float

from benchmarking.selectors import Comparison
from benchmarking.statistics import Verdict
from dashboards.selectors import FieldStanding, TrendPoint

# Orange below the median, purple above: PuOr-like ends, white in the middle.
DIVERGING = [[0.0, "#b35806"], [0.25, "#f1a340"], [0.5, "#f7f7f7"], [0.75, "#998ec3"], [1.0, "#2d004b"]]
SPREAD = 30  # points from the median at which the colour is full
VERDICT_MARKS = {Verdict.STRENGTH: "▲", Verdict.WEAKNESS: "▼"}  # as on the comparison page


def heatmap_figure(comparison: Comparison, *, position_url: Callable[[str], str]) -> str:
    """One row per released town, one column per field of action; ``position_url(slug)`` for the clicks."""
    fields = [f for f in comparison.fields if f.statistics is not None]
    towns = comparison.towns
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for town in towns:
        row_z: list[float | None] = []
        row_text: list[str] = []
        for field_comparison in fields:
            result = town.fields.get(field_comparison.key)
            median = field_comparison.statistics.median if field_comparison.statistics else None
            if result is None or result.current is None or median is None:
                row_z.append(None)
                row_text.append("–")
                continue
            row_z.append(as_float(result.current - median))
            row_text.append(
                f"{number_format(result.current, 1)}{VERDICT_MARKS.get(result.verdict, '') if result.verdict else ''}"
            )
        z.append(row_z)
        text.append(row_text)
    # A plain figure, not plotly's graph objects: validating a cell per town and field cost more than
    # the rest of the page for large districts (benchmarks/dashboards.py).
    heatmap = trace(
        "heatmap",
        z=z,
        x=[f.name for f in fields],
        y=[t.name for t in towns],
        text=text,
        texttemplate="%{text}",
        customdata=[[position_url(t.slug)] * len(fields) for t in towns],
        colorscale=DIVERGING,
        zmid=0,
        zmin=-SPREAD,
        zmax=SPREAD,
        xgap=2,
        ygap=2,
        hovertemplate="%{y} – %{x}: %{text}<extra></extra>",
        colorbar={"title": {"text": _("Abstand zum Median")}},
    )
    layout = chart_layout([t.name for t in towns])
    layout.update(
        {
            "xaxis": {"side": "top", "tickangle": -30},
            "yaxis": {"autorange": "reversed"},
            "margin": {"l": 160, "r": 20, "t": 150, "b": 20},
            "height": 190 + 36 * len(towns),
            "showlegend": False,
        }
    )
    return figure_json([heatmap], layout, template=False)


def standing_figure(fields: list[FieldStanding], *, town_name: str) -> str:
    """Per field of action: the district's quartile band and median (once the town released), the
    town's current score (filled dot) and its target (open dot)."""
    shown = [f for f in fields if f.current is not None or f.median is not None]
    if not shown:
        return ""
    names = [f.name for f in shown]
    traces = []
    banded = [f for f in shown if f.lower_quartile is not None and f.upper_quartile is not None]
    if banded:
        traces.append(
            trace(
                "bar",
                y=[f.name for f in banded],
                base=[as_float(f.lower_quartile) for f in banded],
                x=[as_float(f.upper_quartile - f.lower_quartile) for f in banded],  # type: ignore[operator]
                orientation="h",
                name=_("mittlere Hälfte des Kreises (Quartile)"),
                marker={"color": "#d9e2ec"},
                hoverinfo="skip",
            )
        )
        traces.append(
            trace(
                "scatter",
                y=[f.name for f in banded],
                x=[as_float(f.median) for f in banded],
                mode="markers",
                name=_("Median des Kreises"),
                marker={"symbol": "line-ns-open", "size": 18, "color": "#1f3a56", "line": {"width": 3}},
                hovertemplate="%{y}: %{x:.1f}<extra></extra>",
            )
        )
    for attribute, label, symbol in (("current", _("Ist"), "circle"), ("target", _("Soll"), "circle-open")):
        scored = [(f.name, getattr(f, attribute)) for f in shown if getattr(f, attribute) is not None]
        traces.append(
            trace(
                "scatter",
                y=[name for name, _score in scored],
                x=[as_float(score) for _name, score in scored],
                mode="markers",
                name=f"{town_name}: {label}",
                marker={"symbol": symbol, "size": 12, "color": "#b34700", "line": {"width": 2}},
                hovertemplate="%{y}: %{x:.1f}<extra></extra>",
            )
        )
    layout = chart_layout(names)
    layout["barmode"] = "overlay"
    return figure_json(traces, layout)


def trend_figure(trend: list[TrendPoint], field_names: dict[str, str]) -> str:
    """The district's median score per field of action over the campaign years, and overall."""
    if not trend:
        return ""
    years = [str(point.year) for point in trend]
    traces = [
        trace(
            "scatter",
            x=years,
            y=[as_float(point.medians.get(key)) for point in trend],
            mode="lines+markers",
            name=name,
            hovertemplate=name + " %{x}: %{y:.1f}<extra></extra>",
        )
        for key, name in field_names.items()
    ]
    traces.append(
        trace(
            "scatter",
            x=years,
            y=[as_float(point.overall) for point in trend],
            mode="lines+markers",
            name=_("Gesamt (Median)"),
            line={"width": 5, "color": "#1f3a56"},
            hovertemplate=_("Gesamt") + " %{x}: %{y:.1f}<extra></extra>",
        )
    )
    layout = chart_layout([])
    layout.update(
        {
            "xaxis": {"type": "category", "title": {"text": _("Erhebungsjahr")}},
            "yaxis": {"range": [0, 100], "title": {"text": _("Punkte (0–100)")}},
            "height": 520,
            "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
            "legend": {"orientation": "h", "y": -0.3},
        }
    )
    return figure_json(traces, layout)
