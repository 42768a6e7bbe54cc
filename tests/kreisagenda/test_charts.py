"""The charts are built as plain data, not through plotly's graph objects (D113): each must still be
a figure plotly accepts, unchanged by its validation — so it is the JSON the graph objects wrote before,
default template included — and safe inside its <script> element."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
import pytest
from kreisagenda.charts import figure_json

from benchmarking.charts import comparison_figure, procurement_figure
from benchmarking.procurement import CalendarEntry, CategoryCalendar, TenderWindow
from benchmarking.selectors import Comparison, FieldComparison, FieldResult, TownResult
from benchmarking.statistics import GroupStatistics, Verdict
from dashboards.charts import standing_figure, trend_figure
from dashboards.selectors import FieldStanding, TrendPoint
from roadmap.charts import progress_figure, timeline_figure
from roadmap.progress import ProgressFigure, Rollup
from roadmap.selectors import RoadmapRow

TODAY = datetime.date(2026, 12, 2)
STATS = GroupStatistics(
    n=5,
    minimum=Decimal("12.5"),
    lower_quartile=Decimal("30"),
    median=Decimal("45.5"),
    upper_quartile=Decimal("60"),
    maximum=Decimal("88"),
)


def _standing() -> str:
    fields = [
        FieldStanding(
            key="verwaltung",
            name="Verwaltung </script>",
            current=Decimal("50.5"),
            target=Decimal("75"),
            median=Decimal("45"),
            lower_quartile=Decimal("30"),
            upper_quartile=Decimal("60"),
            verdict=Verdict.STRENGTH,
            priority="high",
            measures=1,
            joint_projects=0,
        ),
        FieldStanding(
            key="bildung",
            name="Bildung",
            current=None,
            target=Decimal("40"),
            median=None,
            lower_quartile=None,
            upper_quartile=None,
            verdict=None,
            priority=None,
            measures=0,
            joint_projects=0,
        ),
    ]
    return standing_figure(fields, town_name="Höxter")


def _trend() -> str:
    points = [
        TrendPoint(year=2025, towns=8, medians={"verwaltung": Decimal("40")}, overall=Decimal("41.5")),
        TrendPoint(year=2026, towns=10, medians={"verwaltung": Decimal("47"), "bildung": Decimal("30")}, overall=None),
    ]
    return trend_figure(points, {"verwaltung": "Verwaltung", "bildung": "Bildung"})


def _row(title: str, status: str, start: str, end: str, progress: int) -> RoadmapRow:
    return RoadmapRow(
        kind="measure",
        id=1,
        town_name="Brakel",
        title=title,
        field_keys=["verwaltung"],
        priority="high",
        status=status,
        start_quarter=start,
        end_quarter=end,
        progress=progress,
    )


def _timeline() -> str:
    rows = [
        _row("E-Akte", "in_progress", "2025-Q1", "2026-Q2", 40),  # late on TODAY
        _row("Portal", "planned", "2027-Q1", "", 0),
        _row("Idee ohne Start", "idea", "", "", 0),
    ]
    return timeline_figure(rows, show_town=True, today=TODAY)


def _progress() -> str:
    rollup = Rollup(
        fields={
            "verwaltung": ProgressFigure(counted=3, done=1, mean=Decimal("55.3")),
            "bildung": ProgressFigure(counted=1, done=0, mean=Decimal("10")),
        },
        overall=ProgressFigure(counted=4, done=1, mean=Decimal("44")),
    )
    return progress_figure(rollup, {"verwaltung": "Verwaltung"})


def _comparison() -> str:
    town = TownResult(
        snapshot_id=1,
        town_id=1,
        name="Höxter",
        slug="hoexter",
        kind="town",
        population=28_000,
        version=1,
        released_at=None,
        is_sample_data=False,
        overall_current=Decimal("50"),
        overall_target=None,
        fields={"verwaltung": FieldResult(current=Decimal("50.5"), target=None, verdict=Verdict.STRENGTH)},
    )
    comparison = Comparison(
        district=None,  # type: ignore[arg-type]  # the figure reads fields and towns only
        year=2026,
        fields=[FieldComparison(key="verwaltung", name="Verwaltung", statistics=STATS, target_statistics=None)],
        towns=[town],
        administration=None,
        overall=None,
        releases=[],
    )
    return comparison_figure(comparison)


def _procurement() -> str:
    entry = CalendarEntry(
        town_id=1,
        town_name="Brakel",
        title="Ratsinformationssystem",
        kind="solution",
        stage="in_use",
        field_key="verwaltung",
        contract_end=datetime.date(2028, 6, 30),
    )
    window = TenderWindow(
        tender_start=datetime.date(2027, 6, 30),
        needed_on=datetime.date(2028, 6, 30),
        joins_until=datetime.date(2028, 12, 31),
        entries=[entry],
    )
    calendar = CategoryCalendar(
        category="ris", label="Ratsinformation", entries=[entry], windows=[window], candidates=[]
    )
    return procurement_figure([calendar], today=TODAY)


CHARTS = {
    "standing": _standing,
    "trend": _trend,
    "timeline": _timeline,
    "progress": _progress,
    "comparison": _comparison,
    "procurement": _procurement,
}


@pytest.mark.parametrize("build", CHARTS.values(), ids=CHARTS.keys())
def test_a_chart_is_what_plotlys_graph_objects_would_write(build: Any) -> None:
    spec = build()
    assert "</" not in spec  # cannot close its <script> element
    figure = json.loads(spec)
    assert figure["data"], "no trace"
    # go.Figure validates every property (an unknown one raises) and writes what it keeps.
    assert json.loads(go.Figure(figure).to_json()) == figure
    assert figure["layout"]["template"] == json.loads(go.Figure().to_json())["layout"]["template"]


def test_a_misspelt_property_would_be_caught() -> None:
    """The check above can fail: plotly refuses what plotly.js would silently ignore."""
    spec = json.loads(figure_json([{"type": "bar", "x": [1], "colour": "red"}], {}))
    with pytest.raises(ValueError, match="colour"):
        go.Figure(spec)
