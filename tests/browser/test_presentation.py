"""The conference's presentation, driven by the keyboard in Chromium as a presenter would."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import Sessions, Site

pytestmark = pytest.mark.browser

SLIDES = ["title", "trend", "heatmap", "projects", "lighthouses"]


def _shown(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-slide]", "slides => slides.filter(s => !s.hidden).map(s => s.dataset.slide)"
    )


def test_the_presenter_steps_through_the_slides_with_the_keyboard(
    site: Site, sessions: Sessions, artifacts: Path
) -> None:
    tab = sessions.tab("conference")
    page = tab.page
    start = f"{site.url}/kreise/kreis-hoexter/konferenz/praesentation/"
    page.goto(start, wait_until="load")
    assert _shown(page) == ["title"]
    assert page.inner_text("#slide-status") == "Folie 1 von 5"
    seen = []
    for expected in SLIDES[1:]:
        page.keyboard.press("ArrowRight")
        assert _shown(page) == [expected]
        seen.append(expected)
        if expected in ("trend", "heatmap"):  # the chart of the slide now shown is drawn, with data
            page.locator(f"[data-slide={expected}] .main-svg :is(.trace, .hm image)").first.wait_for(state="visible")
            page.screenshot(path=artifacts / f"presentation-{expected}.jpg", type="jpeg", quality=80)
    assert seen == SLIDES[1:]
    page.keyboard.press("ArrowRight")  # the last slide stays
    assert _shown(page) == ["lighthouses"]
    page.keyboard.press("Home")
    assert _shown(page) == ["title"]
    page.keyboard.press("End")
    assert _shown(page) == ["lighthouses"]
    assert page.url.endswith("#folie-5")
    page.keyboard.press("ArrowLeft")
    assert _shown(page) == ["projects"]
    failing = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("critical", "serious")]
    assert failing == []
    with page.expect_navigation():
        page.keyboard.press("Escape")  # not in full screen: back to the joint Lagebild
    assert page.url == f"{site.url}/kreise/kreis-hoexter/konferenz/"
    assert tab.errors == []
    assert tab.foreign_requests == []
