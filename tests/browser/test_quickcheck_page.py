"""The Quick Check page in a real browser (issue 14, item 2; D65, D67).

Each question says itself whether its save worked, in a live region next to it; the progress bar and
the filters stay in view while the page scrolls; the navigation by field of action jumps to the field
without hiding its heading under the bar; the filters "unbeantwortet" and "aus dem Vorjahr, ungeprüft"
show only those questions; an answer from last year is confirmed with its own box; a release first shows
what is released. axe-core finds nothing serious or critical on the way. Whatever a test changes it
sets back, for the tests that follow in the same transaction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from kreisagenda.tenancy import town_schema
from playwright.sync_api import Page, expect

from quickcheck.answers.models import Answer
from quickcheck.answers.services import assessment_reopen
from quickcheck.models import GridQuestion, GridVersion
from tests.browser.conftest import Sessions, Site
from tests.conftest import World

pytestmark = pytest.mark.browser
REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


BRAKEL = "/kreise/kreis-hoexter/kommunen/brakel/quick-check/{year}/"
HOEXTER = "/kreise/kreis-hoexter/kommunen/hoexter/quick-check/{year}/"
SAVED = re.compile(r"^Gespeichert um \d\d:\d\d$")

# The first question Brakel has not answered (the demo answers about 60 %), and its field.
OPEN_QUESTION = """() => {
  const fieldset = document.querySelector("fieldset[data-code]:not([data-complete])");
  return fieldset ? [fieldset.dataset.code, fieldset.dataset.field] : null;
}"""


def _serious(page: Page) -> list[str]:
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def _answered(page: Page) -> int:
    return int(page.locator("#progress-text").get_attribute("data-answered") or 0)


def test_each_question_shows_its_own_save_and_the_figures_follow(
    site: Site, sessions: Sessions, artifacts: Path
) -> None:
    tab = sessions.tab("officer_brakel")
    page = tab.page
    page.goto(site.url + BRAKEL.format(year=site.year), wait_until="load")
    found = page.evaluate(OPEN_QUESTION)
    assert found, "Brakel has no open question"
    code, field = found
    question = page.locator(f"fieldset[data-code='{code}']")
    state = question.locator("[data-save-state]")
    expect(state).to_have_attribute("role", "status")
    count = page.locator(f"[data-field-nav='{field}'] [data-field-count]")
    answered_in_field = int(count.get_attribute("data-answered") or 0)
    answered = _answered(page)
    try:
        question.locator(f"[name='{code}-current']").select_option("1")
        expect(state).to_have_text(SAVED)
        question.locator(f"[name='{code}-target']").select_option("3")
        expect(state).to_have_text(SAVED)
        expect(question.locator("[data-state]")).to_have_text("beantwortet")
        expect(page.locator("#progress-text")).to_have_text(re.compile(rf"^{answered + 1} von \d+ beantwortet$"))
        expect(count).to_have_text(re.compile(rf"^{answered_in_field + 1} von \d+ beantwortet$"))
        assert page.locator("#completeness").evaluate("bar => bar.value") == answered + 1

        # A refused save is shown at the question, not only at the top of the page.
        question.locator(f"[name='{code}-evidence']").fill("keine-adresse")
        question.locator(f"[name='{code}-evidence']").press("Tab")
        expect(state).to_have_text(re.compile(r"^Nicht gespeichert: .*http:// oder https://"))
        expect(state).to_have_class(re.compile(r"\berror\b"))
        (artifacts / "officer_brakel").mkdir(exist_ok=True)
        question.evaluate("fieldset => fieldset.scrollIntoView({block: 'center'})")
        page.screenshot(path=artifacts / "officer_brakel" / "quick-check-save-state.jpg", type="jpeg", quality=80)
        assert _serious(page) == []
        question.locator(f"[name='{code}-evidence']").fill("")
        question.locator(f"[name='{code}-evidence']").press("Tab")
        expect(state).to_have_text(SAVED)
        expect(state).not_to_have_class(re.compile(r"\berror\b"))
    finally:
        for suffix in ("-target", "-current"):
            question.locator(f"[name='{code}{suffix}']").select_option("")
            expect(state).to_have_text(SAVED)
    expect(page.locator("#progress-text")).to_have_text(re.compile(rf"^{answered} von \d+ beantwortet$"))
    assert tab.errors == [REFUSED]  # the one refused save, and nothing else


def test_each_question_shows_its_levels_once_and_marks_the_chosen_ones(site: Site, sessions: Sessions) -> None:
    tab = sessions.tab("officer_brakel")
    page = tab.page
    page.goto(site.url + BRAKEL.format(year=site.year), wait_until="load")
    found = page.evaluate(OPEN_QUESTION)
    assert found, "Brakel has no open question"
    code = found[0]
    question = page.locator(f"fieldset[data-code='{code}']")
    state = question.locator("[data-save-state]")
    with site.database():
        stored = GridQuestion.objects.get(grid__district__slug="kreis-hoexter", grid__year=site.year, code=code)
    descriptions = question.locator("[data-levels] dd")
    expect(descriptions).to_have_text([text for _level, text in stored.levels])
    expect(question.locator(f"[name='{code}-current'] option")).to_have_text(["–", "0", "1", "2", "3", "4"])
    expect(question.locator(".level-mark")).to_have_count(0)

    def marks() -> list[tuple[str, str]]:
        return [
            (description.get_attribute("data-level") or "", mark)
            for description in descriptions.all()
            for mark in description.locator(".level-mark").all_inner_texts()
        ]

    try:
        question.locator(f"[name='{code}-current']").select_option("1")
        question.locator(f"[name='{code}-target']").select_option("3")
        expect(state).to_have_text(SAVED)
        assert marks() == [("1", "Ist"), ("3", "Soll")]
        # Each select is described by its level's text (what a screen reader says after the number).
        expect(question.locator(f"[name='{code}-current']")).to_have_attribute("aria-describedby", f"{code}-stufe-1")
        expect(question.locator(f"[name='{code}-target']")).to_have_attribute("aria-describedby", f"{code}-stufe-3")
        expect(page.locator(f"#{code}-stufe-1")).to_have_text(stored.levels[1][1] + " Ist")
        question.locator(f"[name='{code}-current']").select_option("3")
        expect(state).to_have_text(SAVED)
        expect(question.locator("[data-levels] [data-chosen]")).to_have_count(1)
        assert marks() == [("3", "Ist"), ("3", "Soll")]
        page.reload(wait_until="load")  # the marks come from what is stored
        assert marks() == [("3", "Ist"), ("3", "Soll")]
    finally:
        for suffix in ("-target", "-current"):
            question.locator(f"[name='{code}{suffix}']").select_option("")
            expect(state).to_have_text(SAVED)
    expect(question.locator(".level-mark")).to_have_count(0)
    expect(question.locator(f"[name='{code}-current']")).not_to_have_attribute("aria-describedby", re.compile(".*"))
    assert tab.errors == []


def test_the_bar_stays_in_view_and_the_field_navigation_lands_below_it(site: Site, sessions: Sessions) -> None:
    page = sessions.tab("officer_brakel").page
    page.goto(site.url + BRAKEL.format(year=site.year), wait_until="load")
    bar = page.locator("#qc-progress")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = bar.bounding_box()
    assert box is not None
    assert abs(box["y"]) < 1, box  # stuck to the top of the viewport at the end of a long page
    assert page.locator("#qc-progress [data-filter='offen']").is_visible()
    links = page.locator("#handlungsfelder a")
    target = links.nth(links.count() - 2)  # a field far down the page
    href = target.get_attribute("href") or ""
    page.locator("#qc-progress a[href='#handlungsfelder']").click()
    target.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    heading = page.locator(href)
    page.wait_for_function(
        "([selector, bar]) => Math.abs(document.querySelector(selector).getBoundingClientRect().top"
        " - document.querySelector(bar).getBoundingClientRect().bottom) < 80",
        arg=[href, "#qc-progress"],
    )
    heading_box, bar_box = heading.bounding_box(), bar.bounding_box()
    assert heading_box is not None
    assert bar_box is not None
    assert heading_box["y"] >= bar_box["y"] + bar_box["height"] - 1  # not hidden under the bar


def test_the_filters_show_only_open_or_unchecked_questions_and_a_box_confirms_one(
    site: Site, sessions: Sessions, world: World
) -> None:
    with site.database(), town_schema(world.town_brakel):
        grid = GridVersion.objects.get(district=world.hoexter_district, year=site.year)
        marked = list(Answer.objects.exclude(current_level=None).exclude(target_level=None).order_by("question_id")[:2])
        Answer.objects.filter(pk__in=[a.pk for a in marked]).update(carried_over_from=site.year - 1)
        codes = sorted(
            GridQuestion.objects.filter(grid=grid, pk__in=[a.question_id for a in marked]).values_list(
                "code", flat=True
            )
        )
    tab = sessions.tab("officer_brakel")
    page = tab.page
    try:
        page.goto(site.url + BRAKEL.format(year=site.year), wait_until="load")
        open_filter = page.locator("[data-filter='offen']")
        expected_open = int(re.search(r"\((\d+)\)", open_filter.inner_text()).group(1))  # type: ignore[union-attr]
        open_filter.click()
        page.wait_for_url(re.compile(r"\?zeigen=offen$"))
        shown = page.locator("fieldset[data-code]")
        assert shown.count() == expected_open
        assert page.locator("fieldset[data-code][data-complete]").count() == 0
        expect(page.locator("[data-filter='offen']")).to_have_attribute("aria-current", "page")

        page.locator("[data-filter='vorjahr']").click()
        page.wait_for_url(re.compile(r"\?zeigen=vorjahr$"))
        assert sorted(shown.evaluate_all("sets => sets.map(s => s.dataset.code)")) == codes
        expect(page.locator("#carried-over-text")).to_have_text("2 aus dem Vorjahr ungeprüft")
        assert _serious(page) == []
        first = page.locator(f"fieldset[data-code='{codes[0]}']")
        first.get_by_label(re.compile(r"^Geprüft: Antwort aus \d{4} unverändert übernehmen$")).check()
        expect(first.locator("[data-save-state]")).to_have_text(
            re.compile(r"^Antwort aus dem Vorjahr als geprüft bestätigt\.")
        )
        expect(first.locator("[data-carried-over]")).to_have_count(0)
        expect(first.locator("[data-confirm-slot]")).to_have_count(0)
        expect(page.locator("#carried-over-text")).to_have_text("1 aus dem Vorjahr ungeprüft")
        page.reload(wait_until="load")
        assert shown.evaluate_all("sets => sets.map(s => s.dataset.code)") == [codes[1]]
    finally:
        with site.database(), town_schema(world.town_brakel):
            Answer.objects.filter(pk__in=[a.pk for a in marked]).update(carried_over_from=None)
    assert tab.errors == []


def test_the_release_shows_what_is_released_and_asks_first(
    site: Site, sessions: Sessions, world: World, artifacts: Path
) -> None:
    with site.database(), town_schema(world.town_hoexter):
        grid = GridVersion.objects.get(district=world.hoexter_district, year=site.year)
        assessment_reopen(town=world.town_hoexter, grid=grid, reason="Browsertest", actor=None)
    tab = sessions.tab("officer_hoexter")
    page = tab.page
    page.goto(site.url + HOEXTER.format(year=site.year), wait_until="load")
    page.get_by_role("link", name="Freigabe prüfen und bestätigen …").click()
    page.wait_for_url(re.compile(r"/freigeben/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("freigeben")
    expect(page.locator("#release-fields tbody tr")).to_have_count(page.locator("#release-fields tbody tr").count())
    assert page.locator("#release-fields tbody tr").count() >= 10
    expect(page.locator("[data-release-summary]")).to_contain_text("Fragen beantwortet")
    (artifacts / "officer_hoexter").mkdir(exist_ok=True)
    page.screenshot(
        path=artifacts / "officer_hoexter" / "quick-check-release.jpg", full_page=True, type="jpeg", quality=80
    )
    assert _serious(page) == []
    page.get_by_role("link", name="Abbrechen und weiter bearbeiten").click()
    page.wait_for_url(re.compile(r"/quick-check/\d{4}/$"))
    expect(page.locator(".badge-draft")).to_be_visible()  # asking released nothing
    page.get_by_role("link", name="Freigabe prüfen und bestätigen …").click()
    page.get_by_role("button", name=re.compile(r"jetzt an den Kreis freigeben")).click()
    page.wait_for_url(re.compile(r"/quick-check/\d{4}/$"))
    expect(page.get_by_text("Der Quick Check ist an den Kreis freigegeben.")).to_be_visible()
    expect(page.locator(".badge-adopted")).to_contain_text("Freigegeben am")
    assert tab.errors == []
