"""The README's pictures of the four dashboards, taken in Chromium from the test world.

The test always runs, so the pictures can always be made: each dashboard at a fixed viewport, its
charts drawn with data, each file under MAX_BYTES. The pictures go to the run's artifacts
(.local/test-artifacts/browser/readme/), or, with KREISAGENDA_README_SCREENSHOTS=1 (what
``./kreisagenda screenshots`` sets), to docs/screenshots/, where README.md shows them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from kreisagenda.launcher import README_SCREENSHOTS_VARIABLE
from playwright.sync_api import ViewportSize

from tests.browser.conftest import Sessions, Site
from tests.conftest import REPO_DIR

pytestmark = pytest.mark.browser

README_SCREENSHOTS = REPO_DIR / "docs" / "screenshots"
VIEWPORT = ViewportSize(width=1280, height=900)
MAX_BYTES = 250_000
DRAWN = ".main-svg :is(.trace, .hm image)"  # a chart drawn with data (a heatmap's cells are an image)


@dataclass(frozen=True)
class Shot:
    name: str  # the file's name without .png
    role: str  # whose tab
    path: str
    shows: str = ""  # where the picture starts (scrolled to the top of the viewport), or the page's top
    drawn: str = DRAWN  # a chart the picture must show drawn


SHOTS = [
    # the coordinator's Lagebild from its heatmap of strengths and weaknesses
    Shot("lagebild-koordination", "coordinator", "/kreise/kreis-hoexter/", shows="#heatmap-heading"),
    # the conference's joint Lagebild from its top: the campaign's figures and the trend
    Shot("konferenz", "conference", "/kreise/kreis-hoexter/konferenz/"),
    # its presentation, the slide with the heatmap (the trend needs a second campaign year to be one)
    Shot(
        "praesentation",
        "conference",
        "/kreise/kreis-hoexter/konferenz/praesentation/#folie-3",
        drawn=f"[data-slide=heatmap] {DRAWN}",
    ),
    # Höxter's page from where it stands against the district
    Shot("kommune-hoexter", "officer_hoexter", "/kreise/kreis-hoexter/kommunen/hoexter/", shows="#standing-heading"),
]


def test_readme_screenshots(site: Site, sessions: Sessions, artifacts: Path) -> None:
    target = README_SCREENSHOTS if os.environ.get(README_SCREENSHOTS_VARIABLE) == "1" else artifacts / "readme"
    target.mkdir(parents=True, exist_ok=True)
    problems = []
    for shot in SHOTS:
        tab = sessions.tab(shot.role)
        page = tab.page
        size = page.viewport_size
        page.set_viewport_size(VIEWPORT)
        try:
            page.goto(site.url + shot.path, wait_until="load")
            page.locator(shot.drawn).first.wait_for(state="visible")
            if shot.shows:
                page.locator(shot.shows).evaluate("element => { element.scrollIntoView(); window.scrollBy(0, -24); }")
            page.mouse.move(0, 0)  # no hover label over a chart
            path = target / f"{shot.name}.png"
            page.screenshot(path=path, animations="disabled", caret="hide")
        finally:
            if size is not None:
                page.set_viewport_size(size)
        if path.stat().st_size > MAX_BYTES:
            problems.append(f"{shot.name}: {path.stat().st_size} bytes, more than {MAX_BYTES}")
        problems += [f"{shot.name}: {error}" for error in tab.errors]
    assert not problems, "\n".join(problems)
