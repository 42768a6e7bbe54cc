"""Printing the analysis pages: Chromium prints each to a PDF, as a person would from the browser.

The print style sheet asks for A4 landscape. Each PDF must hold every column and every row of the
page's wide tables (the comparison's strengths and weaknesses matrix: all twelve fields of action and
the last town), and nothing of the application around the analysis: header, navigation, language
switch, sign-out, footer. In print media, laid out at the printable width of the page, nothing may
stick out to the right, nor may a table's scrolling region hide columns. The PDFs go to the run's
artifacts (.local/test-artifacts/browser/print/).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ViewportSize
from pypdf import PdfReader

from tests.browser.conftest import Sessions, Site, charts_drawn

pytestmark = pytest.mark.browser

# The print style sheet's page: A4 landscape with 12 mm margins; its printable width in CSS pixels.
A4_MM = (297, 210)
MARGIN_MM = 12
PRINTABLE_WIDTH = int((A4_MM[0] - 2 * MARGIN_MM) / 25.4 * 96)
POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Printed:
    role: str
    path: str


PRINTS = {
    "comparison": Printed("coordinator", "/kreise/kreis-hoexter/vergleich/{year}/"),
    "lagebild": Printed("coordinator", "/kreise/kreis-hoexter/"),
    "conference-home": Printed("conference", "/kreise/kreis-hoexter/konferenz/"),
    "town-home": Printed("officer_hoexter", "/kreise/kreis-hoexter/kommunen/hoexter/"),
}

# What the page shows in its wide tables (those in a scrolling region), read on screen: per table its
# header row and the first cell of every body row; and the texts of the application around the analysis.
WIDE_TABLES = """() => [...document.querySelectorAll(".scroll > table, .table-scroll > table")].map((table) => ({
  region: table.parentElement.getAttribute("aria-labelledby"),
  header: [...table.querySelectorAll("thead th")].map((cell) => cell.textContent),
  rows: [...table.querySelectorAll("tbody tr")].map((row) => row.cells[0].firstChild.textContent),
  last: [...table.querySelector("tbody tr:last-child").cells].map((cell) => cell.textContent),
}))"""
AROUND_THE_ANALYSIS = """() => {
  const main = document.querySelector("main").textContent.replace(/\\s+/g, "");
  const parts = ".skip-link, .site-header a, .site-header label, .site-header option, .site-header button, "
    + ".site-header .who, .site-footer p";
  return [...document.querySelectorAll(parts)].map((element) => element.textContent.trim())
    .filter((text) => text && !main.includes(text.replace(/\\s+/g, "")));
}"""
# In print media: what sticks out to the right of the page, and scrolling regions whose content is wider.
OVERFLOWING = """(width) => {
  const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push("the document is " + document.documentElement.scrollWidth + " px wide");
  }
  const beyond = (element) => element !== null && element.getBoundingClientRect().right > width + 1;
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1) { continue; }  // visually hidden: only for screen readers
    if (beyond(element) && !beyond(element.parentElement)) {  // the outermost only
      found.push(name(element) + " ends at " + Math.round(box.right) + " px");
    }
    if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== "visible") {
      found.push(name(element) + " hides " + (element.scrollWidth - element.clientWidth) + " px of its content");
    }
  }
  return found.slice(0, 20);
}"""


def _compact(text: str) -> str:
    """Text without any whitespace (a cell's words may be wrapped onto several lines in the PDF) and
    without ligatures (the PDF writes the "fl" of "Pflege" as one glyph)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("name", PRINTS)
def test_printing_gives_the_analysis_whole(name: str, site: Site, sessions: Sessions, artifacts: Path) -> None:
    printed = PRINTS[name]
    tab = sessions.tab(printed.role)
    page = tab.page
    url = site.url + printed.path.format(year=site.year)
    page.goto(url, wait_until="load")
    _charts, chart_problems = charts_drawn(page)
    assert chart_problems == []
    tables: list[dict[str, Any]] = page.evaluate(WIDE_TABLES)
    around: list[str] = page.evaluate(AROUND_THE_ANALYSIS)
    assert tables, f"{url} has no wide table"
    assert "Abmelden" in around
    assert "English" in around

    (artifacts / "print").mkdir(exist_ok=True)
    pdf = page.pdf(
        path=artifacts / "print" / f"{name}.pdf", format="A4", prefer_css_page_size=True, print_background=True
    )
    reader = PdfReader(io.BytesIO(pdf))
    sizes = {
        (round(float(p.mediabox.width) / POINTS_PER_MM), round(float(p.mediabox.height) / POINTS_PER_MM))
        for p in reader.pages
    }
    text = _compact("".join(pdf_page.extract_text() for pdf_page in reader.pages))

    problems = []
    if sizes != {A4_MM}:
        problems.append(f"pages of {sizes} mm, not A4 landscape")
    for table in tables:
        where = f"table in #{table['region']}"
        if _compact("".join(table["header"])) not in text:
            missing = [cell for cell in table["header"] if _compact(cell) not in text]
            problems.append(f"{where}: header row not printed whole, missing {missing or 'its order'}")
        missing_rows = [row for row in table["rows"] if _compact(row) not in text]
        if missing_rows:
            problems.append(f"{where}: rows not printed: {missing_rows}")
        if _compact("".join(table["last"])) not in text:
            problems.append(f"{where}: the last row not printed whole: {table['last']}")
    printed_around = [part for part in around if _compact(part) in text]
    if printed_around:
        problems.append(f"printed with the page around it: {printed_around}")

    page.emulate_media(media="print")
    size = page.viewport_size
    page.set_viewport_size(ViewportSize(width=PRINTABLE_WIDTH, height=800))
    try:
        overflowing: list[str] = page.evaluate(OVERFLOWING, PRINTABLE_WIDTH)
    finally:
        page.emulate_media(media="null")  # no emulation: page.pdf prints in print media
        if size is not None:
            page.set_viewport_size(size)
    if overflowing:
        problems.append(f"wider than the page ({PRINTABLE_WIDTH} px) in print:\n" + "\n".join(overflowing))
    assert tab.errors == []
    assert not problems, f"printing {url}:\n" + "\n".join(problems)
