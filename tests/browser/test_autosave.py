"""Two tabs of one digital officer on the same Quick Check, in a real browser (issue 13, item 8; D55).

Each tab's script saves only the field that changed, based on the version the page holds: changes of
different fields of one answer both survive; a change of the same field from the tab that has not
seen the other's is refused and shown at the question (announced by its live region) with the stored
value, "Übernehmen" and "Meine Eingabe speichern". At the end the answer is set back as it was, for
the tests that follow in the same transaction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Sessions, Site

pytestmark = pytest.mark.browser

# A question Brakel answered with levels and a target below 4 (the demo answers about 60 %).
ANSWERED = """() => {
  for (const fieldset of document.querySelectorAll("fieldset[data-code]")) {
    const code = fieldset.dataset.code;
    const current = fieldset.querySelector(`[name='${code}-current']`).value;
    const target = fieldset.querySelector(`[name='${code}-target']`).value;
    if (current !== "" && target !== "" && Number(target) < 4) { return code; }
  }
  return null;
}"""


def _saved(page: Page, code: str) -> None:
    expect(page.locator("#autosave-status")).to_have_text(f"Gespeichert: {code}")


def test_two_tabs_keep_each_others_changes_and_a_stale_change_of_the_same_field_is_shown(
    site: Site, sessions: Sessions, artifacts: Path
) -> None:
    context = sessions.tab("officer_brakel").page.context
    url = f"{site.url}/kreise/kreis-hoexter/kommunen/brakel/quick-check/{site.year}/"
    first, second = context.new_page(), context.new_page()
    errors: list[str] = []
    for page in (first, second):
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url, wait_until="load")
    code = first.evaluate(ANSWERED)
    assert code, "Brakel has no answer with levels"
    one, two = (page.locator(f"fieldset[data-code='{code}']") for page in (first, second))
    comment, target = f"[name='{code}-comment']", f"[name='{code}-target']"
    original_comment, original_target = one.locator(comment).input_value(), one.locator(target).input_value()
    try:
        # Different fields, each tab unaware of the other's change: both are kept, and the second tab
        # shows the first one's comment once its own save brings the stored answer back.
        one.locator(comment).fill("Aus dem ersten Tab")
        one.locator(comment).press("Tab")
        _saved(first, code)
        two.locator(target).select_option(str(int(original_target) + 1))
        _saved(second, code)
        assert two.locator(comment).input_value() == "Aus dem ersten Tab"
        first.reload(wait_until="load")
        assert one.locator(comment).input_value() == "Aus dem ersten Tab"
        assert one.locator(target).input_value() == str(int(original_target) + 1)

        # The same field from the tab that has not seen the other's change: refused, shown at the question.
        one.locator(comment).fill("Aus dem ersten Tab, zweite Fassung")
        one.locator(comment).press("Tab")
        _saved(first, code)
        two.locator(comment).fill("Aus dem zweiten Tab")
        two.locator(comment).press("Tab")
        box = two.locator("[data-conflict-slot][aria-live] [data-conflict]")
        expect(box).to_contain_text("inzwischen geändert")
        expect(box).to_contain_text("Kommentar: Aus dem ersten Tab, zweite Fassung")
        expect(second.locator("#autosave-status")).to_have_text(f"Nicht gespeichert: {code}")
        (artifacts / "officer_brakel").mkdir(exist_ok=True)
        second.screenshot(path=artifacts / "officer_brakel" / "autosave-conflict.jpg", type="jpeg", quality=80)
        serious = [v["id"] for v in Axe().run(second).response["violations"] if v["impact"] in ("critical", "serious")]
        assert serious == [], serious
        box.get_by_role("button", name="Übernehmen").click()
        expect(box).to_have_count(0)
        assert two.locator(comment).input_value() == "Aus dem ersten Tab, zweite Fassung"
        expect(second.locator("#autosave-status")).to_have_text(f"Gespeicherte Antwort übernommen: {code}")

        # Again, and this time the second tab keeps its own input.
        one.locator(comment).fill("Aus dem ersten Tab, dritte Fassung")
        one.locator(comment).press("Tab")
        _saved(first, code)
        two.locator(comment).fill("Aus dem zweiten Tab")
        two.locator(comment).press("Tab")
        box.get_by_role("button", name="Meine Eingabe speichern").click()
        _saved(second, code)
        expect(box).to_have_count(0)
        first.reload(wait_until="load")
        assert one.locator(comment).input_value() == "Aus dem zweiten Tab"
        assert one.locator(target).input_value() == str(int(original_target) + 1)
    finally:
        first.reload(wait_until="load")
        one.locator(comment).fill(original_comment)
        one.locator(comment).press("Tab")
        _saved(first, code)
        one.locator(target).select_option(original_target)
        _saved(first, code)
        first.close()
        second.close()
    assert errors == []
