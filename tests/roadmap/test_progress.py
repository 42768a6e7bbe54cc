"""Progress rolls up from measures to fields of action and overall: hand-computed."""

from __future__ import annotations

from decimal import Decimal

from roadmap.progress import ProgressEntry, ProgressFigure, progress_rollup


def test_roll_up_by_hand() -> None:
    rollup = progress_rollup(
        [
            ProgressEntry(["verwaltung"], "in_progress", 40),
            ProgressEntry(["verwaltung", "bildung"], "done", 100),
            ProgressEntry(["verwaltung"], "paused", 25),
            ProgressEntry(["bildung"], "planned", 0),
            ProgressEntry(["bildung"], "idea", 0),  # not decided: not counted
            ProgressEntry(["verwaltung"], "dropped", 70),  # off the roadmap: not counted
        ],
        field_order=["verwaltung", "bildung", "kultur"],
    )
    # verwaltung: (40 + 100 + 25) / 3 = 55.0; bildung: (100 + 0) / 2 = 50.0; kultur: nothing counted
    assert rollup.fields == {
        "verwaltung": ProgressFigure(counted=3, done=1, mean=Decimal("55.0")),
        "bildung": ProgressFigure(counted=2, done=1, mean=Decimal("50.0")),
        "kultur": ProgressFigure(counted=0, done=0, mean=None),
    }
    # overall counts each measure once: (40 + 100 + 25 + 0) / 4 = 41.25 → 41.3 (halves up)
    assert rollup.overall == ProgressFigure(counted=4, done=1, mean=Decimal("41.3"))
