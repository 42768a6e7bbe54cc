"""The Lagebild's heatmap: towns × fields of action, coloured by the distance from the district's median.

The colours are a diverging blue–orange scale (readable with the common colour-vision deficiencies),
white at the median; the cell's text is the score with ▲/▼ for strength/weakness, and the table below
the chart holds the same numbers, each a link to the town's position (the keyboard and screen-reader
route; a click on a cell goes there too).
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from kreisagenda.charts import chart_layout, embeddable
from kreisagenda.numbers import as_float

from benchmarking.selectors import Comparison
from dashboards.selectors import verdict_mark

# Orange below the median, blue above: PuOr-like ends, white in the middle.
DIVERGING = [[0.0, "#b35806"], [0.25, "#f1a340"], [0.5, "#f7f7f7"], [0.75, "#998ec3"], [1.0, "#2d004b"]]
SPREAD = 30  # points from the median at which the colour is full


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
            row_text.append(f"{number_format(result.current, 1)}{verdict_mark(result.verdict)}")
        z.append(row_z)
        text.append(row_text)
    figure = go.Figure(
        go.Heatmap(
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
    figure.update_layout(**layout)
    return embeddable(figure.to_json())
