"""The charts' plotly.js: the partial "cartesian" bundle, served by the app, of the version the Python
package writes figures for (D81). An upgrade of plotly fails here until the bundle is replaced."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
from kreisagenda.settings.base import REPO_DIR

BUNDLE = REPO_DIR / "platform" / "kreisagenda" / "static" / "vendor" / "plotly" / "plotly-cartesian.min.js"
VERSION = re.compile(rb"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


def _version(script: Path) -> str:
    match = VERSION.search(script.read_bytes()[:400])
    assert match, script
    return match.group(1).decode()


def test_the_bundle_matches_the_plotly_the_charts_are_built_with() -> None:
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert _version(BUNDLE) == _version(full)


def test_the_bundle_draws_every_trace_the_charts_use() -> None:
    """Bar, box, scatter and heatmap are the traces of every chart (roadmap, comparison, Lagebild)."""
    head = BUNDLE.read_bytes()[:400]
    assert b"cartesian" in head
    used = set()
    for source in REPO_DIR.glob("*/**/*.py"):
        if ".venv" in source.parts or ".tools" in source.parts or "tests" in source.parts:
            continue
        # Traces are plain data made by kreisagenda.charts.trace("<type>", ...) (D113).
        used |= set(re.findall(r"\btrace\(\s*\"(\w+)\"", source.read_text()))
    assert used, "no chart found"
    assert used <= {"bar", "box", "scatter", "heatmap"}, used  # the cartesian bundle's traces we rely on
