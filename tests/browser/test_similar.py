"""Checking while typing, in a real browser (issue 15, item 2): typing a measure's title lists similar
published entries of other towns; nothing is saved by looking."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import Sessions, Site

pytestmark = pytest.mark.browser


def test_typing_a_title_lists_what_other_towns_published(site: Site, sessions: Sessions, artifacts: Path) -> None:
    page = sessions.tab("officer_hoexter").page.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site.url}/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/", wait_until="load")
        page.locator("#id_title").press_sequentially("Ratsinformationssystem erneuern", delay=20)
        matches = page.locator("[data-similar-match]")
        expect(matches.first).to_be_visible(timeout=10_000)
        expect(page.locator("[data-similar]")).to_contain_text("Einführung eines Ratsinformationssystems")
        expect(page.locator("[data-similar]")).to_contain_text("gleicher Begriff: Ratsinformationssystem")
        expect(page.locator("[data-similar-status]")).to_contain_text("ähnliche")
        expect(page).to_have_url(f"{site.url}/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/")  # not saved
        (artifacts / "officer_hoexter").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=artifacts / "officer_hoexter" / "measure-similar.jpg", type="jpeg", quality=70)
        serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("critical", "serious")]
        assert serious == [], serious
        assert errors == []
    finally:
        page.close()
