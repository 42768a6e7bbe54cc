"""Chart plumbing shared by every chart page: one layout, and figures safely embedded as JSON.

Each chart page shows the same numbers in a table (WCAG: a text alternative for every chart);
the figure travels as JSON in the page and plotly.js is served by the app, never from a CDN.
The template ``kreisagenda/_chart.html`` draws a figure with its label and table reference.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def embeddable(json_text: str) -> str:
    """Safe inside <script type="application/json">: no "</" can close the element."""
    return json_text.replace("</", "<\\/")


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
