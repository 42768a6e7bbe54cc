"""The measure form in a real browser (issue 14, item 4; D62): after a refused save the error summary
has the focus and links to the field; the questions are filtered by number or words, the count is
announced; a question's level is offered only while it is ticked. Nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import Sessions, Site

pytestmark = pytest.mark.browser


def test_the_error_summary_takes_the_focus_and_the_questions_filter(
    site: Site, sessions: Sessions, artifacts: Path
) -> None:
    page = sessions.tab("officer_hoexter").page.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site.url}/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/", wait_until="load")
        filter_box = page.get_by_label("Fragen filtern (Nr. oder Stichwort)")
        expect(filter_box).to_be_visible()  # the script shows the filter
        level = page.locator("#id_questions-VW-1-level")
        expect(level).to_be_disabled()  # no Tab stop while the question is not chosen
        filter_box.fill("vw-1")
        expect(page.locator("#id_questions-filter-status")).to_have_text("1 Frage gefunden.")
        box = page.locator("#id_questions-VW-1")
        expect(box).to_be_visible()  # its group opened
        expect(page.locator("#id_questions-VW-2")).to_be_hidden()
        box.check()
        expect(level).to_be_enabled()
        level.select_option("3")
        filter_box.press("Enter")  # filters, does not save
        expect(page).to_have_url(f"{site.url}/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/")
        filter_box.fill("")
        expect(page.locator("#id_questions-filter-status")).to_have_text("")
        expect(page.locator("#id_questions-VW-2")).to_be_attached()

        page.get_by_role("button", name="Speichern").click()  # no title: refused
        page.wait_for_load_state("load")
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Titel:")
        # The chosen question and its level are still there after the refused save.
        expect(page.locator("#id_questions-VW-1")).to_be_checked()
        expect(page.locator("#id_questions-VW-1-level")).to_have_value("3")
        summary.get_by_role("link", name="Titel", exact=False).click()
        expect(page.locator("#id_title")).to_be_focused()
        (artifacts / "officer_hoexter").mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=artifacts / "officer_hoexter" / "measure-form-refused.jpg", type="jpeg", quality=70, full_page=True
        )
        serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("critical", "serious")]
        assert serious == [], serious
        assert errors == []
    finally:
        page.close()
