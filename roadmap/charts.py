"""Plotly figures for the roadmap pages: the timeline over quarters and the progress per field of
action. Each page shows the same facts in a table (WCAG: a text alternative for every chart)."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.utils.translation import gettext as _
from kreisagenda.charts import chart_layout, figure_json, trace
from kreisagenda.numbers import as_float

from roadmap.models import ProjectStatus
from roadmap.progress import Rollup
from roadmap.quarters import Quarter, quarters_between
from roadmap.rules import is_delayed
from roadmap.selectors import RoadmapRow

STATUS_COLOURS = {
    ProjectStatus.IDEA: "#8a8a8a",
    ProjectStatus.PLANNED: "#4a6a8a",
    ProjectStatus.IN_PROGRESS: "#b34700",
    ProjectStatus.DONE: "#2e6b30",
    ProjectStatus.PAUSED: "#7a5c00",
    ProjectStatus.DROPPED: "#5a5a5a",
}


class _Bar(NamedTuple):
    label: str
    start: Quarter
    end: Quarter
    row: RoadmapRow
    late: bool  # still open after its end quarter (only when the chart knows today)


def timeline_figure(rows: list[RoadmapRow], *, show_town: bool, today: datetime.date | None = None) -> str:
    """One bar per entry from its start to its end quarter (entries without a start are left out).

    With ``today``: a line marks today, and entries still open after their end quarter are marked late
    (a dark outline and "verspätet" in their text).
    """
    placed: list[_Bar] = []
    for row in rows:
        start = Quarter.from_code(row.start_quarter)
        if start is None:
            continue
        end = Quarter.from_code(row.end_quarter) or start
        late = today is not None and is_delayed(status=row.status, end_quarter=row.end_quarter, on=today)
        label = f"{row.town_name}: {row.title}" if show_town and row.town_name else row.title
        placed.append(_Bar(f"⚠ {label}" if late else label, start, max(end, start), row, late))
    if not placed:
        return ""
    first = min(bar.start for bar in placed)
    last = max(bar.end for bar in placed)
    if today is not None:
        first, last = min(first, Quarter.of(today)), max(last, Quarter.of(today))
    ticks = quarters_between(first, last)
    traces = []
    for status in ProjectStatus:
        group = [bar for bar in placed if bar.row.status == status]
        if not group:
            continue
        traces.append(
            trace(
                "bar",
                y=[bar.label for bar in group],
                base=[bar.start.index for bar in group],
                x=[bar.end.index - bar.start.index + 1 for bar in group],
                orientation="h",
                name=str(status.label),
                marker={
                    "color": STATUS_COLOURS[status],
                    "line": {"color": "#000000", "width": [3 if bar.late else 0 for bar in group]},
                },
                text=[
                    f"{bar.start.label}–{bar.end.label}, {bar.row.progress} %"
                    + (f", {_('verspätet')}" if bar.late else "")
                    for bar in group
                ],
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    labels = [bar.label for bar in placed]
    layout = chart_layout(labels)
    layout["xaxis"] = {
        "tickvals": [q.index + 0.5 for q in ticks],
        "ticktext": _tick_texts(ticks),
        "tickangle": 0,
        "range": [first.index, last.index + 1],
    }  # no axis title: "Q3 2027" says it, and a title there ran into the legend
    layout["barmode"] = "overlay"
    if today is not None:
        # Quarters are one unit wide: today sits at its quarter's start plus the share of it gone by.
        quarter = Quarter.of(today)
        position = quarter.index + ((today.month - 1) % 3 + (today.day - 1) / 31) / 3
        layout["shapes"] = [
            {
                "type": "line",
                "x0": position,
                "x1": position,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": "#b00020", "width": 2, "dash": "dash"},
            }
        ]
        layout["annotations"] = [
            {"x": position, "y": 1, "yref": "paper", "text": _("heute"), "showarrow": False, "yanchor": "bottom"}
        ]
    return figure_json(traces, layout)


def _tick_texts(ticks: list[Quarter]) -> list[str]:
    """Short, upright quarter labels: "Q2", with the year beneath the first quarter of each year
    (and beneath the first tick); over many years only each year's first quarter is named."""
    many = len(ticks) > 16
    texts = []
    for position, quarter in enumerate(ticks):
        year_starts = quarter.number == 1 or position == 0
        if many:
            texts.append(str(quarter.year) if quarter.number == 1 else "")
        else:
            texts.append(f"Q{quarter.number}<br>{quarter.year}" if year_starts else f"Q{quarter.number}")
    return texts


def progress_figure(rollup: Rollup, field_names: dict[str, str]) -> str:
    """Mean progress per field of action (fields with counted entries only)."""
    shown = [(field_names.get(key, key), figure) for key, figure in rollup.fields.items() if figure.mean is not None]
    if not shown:
        return ""
    bars = trace(
        "bar",
        y=[name for name, _f in shown],
        x=[as_float(f.mean) for _n, f in shown],
        orientation="h",
        name=_("Fortschritt (%)"),
        marker={"color": "#4a6a8a"},
        # Which entries the mean is taken over, in words: "2/3" was read as a score.
        text=[_("%(done)s von %(counted)s abgeschlossen") % {"done": f.done, "counted": f.counted} for _n, f in shown],
        # Inside a long bar, beside a short one (a bar at 0 % has no inside).
        textposition=["inside" if (as_float(f.mean) or 0) >= 30 else "outside" for _n, f in shown],
        cliponaxis=False,
        hovertemplate="%{y}: " + _("durchschnittlich %{x:.1f} %, %{text}") + "<extra></extra>",
    )
    layout = chart_layout([name for name, _f in shown])
    layout["xaxis"] = {"range": [0, 100], "title": {"text": _("Fortschritt (%)")}}
    return figure_json([bars], layout)
