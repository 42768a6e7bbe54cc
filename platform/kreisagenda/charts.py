"""Chart plumbing shared by every chart page: one layout, and figures safely embedded as JSON.

Each chart page shows the same numbers in a table (WCAG: a text alternative for every chart);
the figure travels as JSON in the page and plotly.js is served by the app, never from a CDN.
The template ``kreisagenda/_chart.html`` draws a figure with its label and table reference.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def embeddable(json_text: str) -> str:
    """Safe inside <script type="application/json">: no "</" can close the element."""
    return json_text.replace("</", "<\\/")


def trace(kind: str, **properties: Any) -> dict[str, Any]:
    """One trace as plotly.js reads it (``kind``: "bar", "box", "scatter", "heatmap" — the partial
    bundle's, D81)."""
    return {"type": kind, **properties}


@functools.cache
def _default_template() -> dict[str, Any]:
    """plotly's default look ("plotly": grey plot area, white grid), as its graph objects write it into
    every figure: read once per process from plotly's own file, without importing its graph objects (slow)."""
    raw = json.loads(importlib.resources.files("plotly").joinpath("package_data/templates/plotly.json").read_text())
    return {"data": raw["data"], "layout": raw["layout"]}  # in the order the graph objects write it


def figure_json(traces: list[dict[str, Any]], layout: dict[str, Any], *, template: bool = True) -> str:
    """The figure as JSON for ``_chart.html``: the same JSON plotly's ``go.Figure(...).to_json()`` gives,
    built from plain data. The graph objects validated every property on every request, 10–20 ms a
    chart (D113); tests/kreisagenda/test_charts.py runs each chart through them to prove it valid and
    unchanged."""
    figure = {"data": traces, "layout": {**layout, "template": _default_template()} if template else layout}
    return embeddable(json.dumps(figure, ensure_ascii=False))


def chart_layout(rows: list[str]) -> dict[str, Any]:
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
