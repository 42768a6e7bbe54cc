"""The coordinator's peer-names form on the district page (issue 14, item 8; D78), in Chromium: it
opens from its summary, each radio sits on one line with its label, the keyboard saves it, and the
page then says who changed it. The setting is put back at the end (the browser tests share one world).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Sessions, Site

pytestmark = pytest.mark.browser

SAME_LINE = """() => [...document.querySelectorAll("[data-peer-names-form] input[type=radio]")].map((radio) => {
  const label = document.querySelector("label[for='" + radio.id + "']").getBoundingClientRect();
  const box = radio.getBoundingClientRect();
  return Math.abs((box.top + box.bottom) / 2 - (label.top + label.bottom) / 2) < label.height / 2
    && box.right <= label.left + 1;
})"""


def test_the_coordinator_changes_peer_names_on_the_district_page(
    site: Site, sessions: Sessions, artifacts: Path
) -> None:
    tab = sessions.tab("coordinator")
    page = tab.page
    page.goto(f"{site.url}/kreise/kreis-hoexter/", wait_until="load")
    page.get_by_text("Namen in Vergleichen ändern").click()
    form = page.locator("[data-peer-names-form]")
    assert form.is_visible()
    assert page.evaluate(SAME_LINE) == [True, True]
    (artifacts / "peer-names").mkdir(exist_ok=True)
    form.screenshot(path=artifacts / "peer-names" / "form.png")
    try:
        page.get_by_label("Kommunen sehen andere nur ohne Namen").check()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        facts = page.locator("dd[data-peer-names]")
        assert facts.get_attribute("data-peer-names") == "unnamed"
        assert "geändert von" in facts.inner_text()
    finally:
        page.goto(f"{site.url}/kreise/kreis-hoexter/", wait_until="load")
        page.get_by_text("Namen in Vergleichen ändern").click()
        page.get_by_label("Kommunen sehen die Namen der anderen").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Einstellung speichern").click()
    assert page.locator("dd[data-peer-names]").get_attribute("data-peer-names") == "named"
    assert tab.errors == []
