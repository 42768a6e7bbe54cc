"""Every page each person of the world can reach, in a real browser (Debian's Chromium).

Each visit asserts: the page answers 200 (no redirect), the browser logs no error, nothing is requested
from any host but the live server, every plotly chart is drawn with its data (and the pages that
have charts in the world show them), axe-core finds no serious or critical accessibility violation,
and no aria-describedby, aria-labelledby or label names an id the page lacks. A screenshot of each
page and axe's findings (all impacts) go to .local/test-artifacts/browser/<person>/.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import Sessions, Site, charts_drawn

pytestmark = pytest.mark.browser

# Where each person works: (district slug, town slug or "").
PLACES: dict[str, tuple[str, str]] = {
    "anonymous": ("", ""),
    "no_role": ("", ""),
    "operator": ("kreis-hoexter", "hoexter"),
    "coordinator": ("kreis-hoexter", "hoexter"),
    "conference": ("kreis-hoexter", ""),
    "officer_hoexter": ("kreis-hoexter", "hoexter"),
    "viewer_hoexter": ("kreis-hoexter", "hoexter"),
    "officer_brakel": ("kreis-hoexter", "brakel"),
    "coordinator_lippe": ("kreis-lippe", "detmold"),
    "officer_detmold": ("kreis-lippe", "detmold"),
    "partner": ("kreis-hoexter", ""),  # an outsider (D94): the published strategy and its own proposals
}
SIGNED_IN = frozenset(PLACES) - {"anonymous"}
PARTNERS = frozenset({"partner"})
IN_A_DISTRICT = frozenset(role for role, (district, _town) in PLACES.items() if district) - PARTNERS
IN_HOEXTER = frozenset(role for role, (district, _town) in PLACES.items() if district == "kreis-hoexter") - PARTNERS
WITH_A_TOWN = frozenset(role for role, (_district, town) in PLACES.items() if town)
# Lippe has no grid, campaign, comparison or joint project yet: those pages are Höxter's.
TOWN_IN_HOEXTER = WITH_A_TOWN & IN_HOEXTER
BENCHMARK = frozenset({"operator", "coordinator", "conference"})  # the named comparison, synergies, reviews
TOWN_DRAFTS = frozenset({"officer_hoexter", "viewer_hoexter", "officer_brakel", "officer_detmold"})
OFFICERS = frozenset({"officer_hoexter", "officer_brakel", "officer_detmold"})

DISTRICT = "/kreise/{district}"
TOWN = "/kreise/{district}/kommunen/{town}"


@dataclass(frozen=True)
class Visit:
    path: str
    roles: frozenset[str]
    ready: str = ""  # a selector the page shows once its script has run


PAGES: dict[str, Visit] = {
    "login": Visit("/anmelden/", frozenset({"anonymous"})),
    "start": Visit("/?liste", SIGNED_IN),  # the list; "/" leads most people to their home
    "api-tokens": Visit("/konto/api-zugaenge/", SIGNED_IN),
    "notifications": Visit("/benachrichtigungen/", SIGNED_IN),
    "notification-settings": Visit("/benachrichtigungen/einstellungen/", SIGNED_IN),
    "api-docs": Visit("/api/v1/docs/", SIGNED_IN, ready=".swagger-ui .opblock"),
    "district-home": Visit(f"{DISTRICT}/", IN_A_DISTRICT),
    "open-data-settings": Visit(f"{DISTRICT}/offene-daten/", frozenset({"coordinator", "coordinator_lippe"})),
    # Höxter's public open-data page, for a visitor without a session and for someone of another district
    "open-data": Visit("/offen/kreis-hoexter/", frozenset({"anonymous", "coordinator_lippe"})),
    "open-data-en": Visit("/offen/kreis-hoexter/?lang=en", frozenset({"anonymous"})),
    "peer-names": Visit(f"{DISTRICT}/namen-in-vergleichen/", frozenset({"coordinator", "coordinator_lippe"})),
    "conference-home": Visit(f"{DISTRICT}/konferenz/", BENCHMARK),
    "conference-reports": Visit(f"{DISTRICT}/konferenz/berichte/", BENCHMARK),
    "vision": Visit(f"{DISTRICT}/leitbild/", IN_A_DISTRICT),
    "grid-list": Visit(f"{DISTRICT}/quick-check/", IN_A_DISTRICT),
    "grid": Visit(f"{DISTRICT}/quick-check/{{year}}/", IN_HOEXTER),
    "grid-close": Visit(f"{DISTRICT}/quick-check/{{year}}/abschliessen/", frozenset({"coordinator"})),
    "joint-projects": Visit(f"{DISTRICT}/projekte/", IN_A_DISTRICT | PARTNERS),
    "joint-project-new": Visit(f"{DISTRICT}/projekte/neu/", frozenset({"coordinator"})),
    "joint-project": Visit(f"{DISTRICT}/projekte/{{project}}/", IN_HOEXTER | PARTNERS),
    "joint-project-comments": Visit(f"{DISTRICT}/projekte/{{project}}/kommentare/", IN_HOEXTER),
    "joint-project-comment": Visit(
        f"{DISTRICT}/projekte/{{project}}/kommentare/{{comment}}/", frozenset({"coordinator"})
    ),
    "flag-comments": Visit(f"{DISTRICT}/doppelstrukturen/{{flag}}/kommentare/", frozenset({"coordinator"})),
    "lighthouses": Visit(f"{DISTRICT}/leuchttuerme/", IN_A_DISTRICT | PARTNERS),
    "partner-home": Visit(f"{DISTRICT}/partner/", PARTNERS),
    "district-proposals": Visit(f"{DISTRICT}/vorschlaege/", frozenset({"coordinator", "coordinator_lippe"})),
    # the demo's proposal of the Stadtwerke to Höxter
    "proposal": Visit(
        f"{DISTRICT}/vorschlaege/{{proposal}}/", frozenset({"coordinator", "officer_hoexter", "viewer_hoexter"})
    ),
    "district-roadmap": Visit(f"{DISTRICT}/roadmap/", BENCHMARK | {"coordinator_lippe"}),
    "comparison": Visit(f"{DISTRICT}/vergleich/{{year}}/", BENCHMARK),
    "synergies": Visit(f"{DISTRICT}/vergleich/{{year}}/synergien/", BENCHMARK),
    "district-review": Visit(f"{DISTRICT}/fortschreibung/{{year}}/", BENCHMARK),
    "flags": Visit(f"{DISTRICT}/doppelstrukturen/", frozenset({"coordinator", "coordinator_lippe"})),
    "thesaurus": Visit(f"{DISTRICT}/doppelstrukturen/wortschatz/", frozenset({"coordinator", "coordinator_lippe"})),
    "procurement": Visit(f"{DISTRICT}/beschaffungskalender/", frozenset({"coordinator", "coordinator_lippe"})),
    "town-create": Visit(f"{DISTRICT}/kommunen/neu/", frozenset({"operator"})),
    "town-home": Visit(f"{TOWN}/", WITH_A_TOWN),
    "town-reports": Visit(f"{TOWN}/berichte/", WITH_A_TOWN),
    "quick-check": Visit(f"{TOWN}/quick-check/{{year}}/", TOWN_IN_HOEXTER),
    "quick-check-release": Visit(f"{TOWN}/quick-check/{{year}}/freigeben/", frozenset({"officer_brakel"})),
    "focus": Visit(f"{TOWN}/schwerpunkte/", TOWN_DRAFTS),
    "register": Visit(f"{TOWN}/loesungen/", WITH_A_TOWN),
    "town-roadmap": Visit(f"{TOWN}/roadmap/", WITH_A_TOWN),
    "measure-new": Visit(f"{TOWN}/roadmap/neu/", OFFICERS),
    # A measure with its comments (Höxter's towns have sample measures; the town's people and the coordinators).
    "measure": Visit(f"{TOWN}/roadmap/{{measure}}/", TOWN_IN_HOEXTER),
    "measure-comments": Visit(f"{TOWN}/roadmap/{{measure}}/kommentare/", TOWN_IN_HOEXTER),
    "town-position": Visit(f"{TOWN}/vergleich/{{year}}/", TOWN_IN_HOEXTER),
    "town-review": Visit(f"{TOWN}/fortschreibung/{{year}}/", TOWN_IN_HOEXTER),
    "mentoring": Visit(f"{DISTRICT}/patenschaften/", frozenset({"coordinator", "coordinator_lippe"})),
    "mentorship-new": Visit(f"{DISTRICT}/patenschaften/neu/", frozenset({"coordinator", "coordinator_lippe"})),
    "mentorship": Visit(
        f"{DISTRICT}/patenschaften/{{mentorship}}/", frozenset({"coordinator", "officer_hoexter", "viewer_hoexter"})
    ),
    "town-mentoring": Visit(f"{TOWN}/patenschaften/", TOWN_DRAFTS | {"coordinator", "coordinator_lippe"}),
    "mentor-request": Visit(f"{TOWN}/patenschaften/anfragen/", OFFICERS),
    "town-proposals": Visit(f"{TOWN}/vorschlaege/", TOWN_DRAFTS | {"coordinator"}),
}

# Pages that show charts in the world, by the district or town they are about: how many at least.
CHARTS = {
    ("comparison", "kreis-hoexter"): 1,
    ("procurement", "kreis-hoexter"): 1,  # the calendar
    ("district-roadmap", "kreis-hoexter"): 2,  # progress per field of action, timeline
    ("town-roadmap", "hoexter"): 2,
    ("town-roadmap", "brakel"): 2,
    ("town-position", "hoexter"): 1,  # Brakel has not released: no position yet
    ("conference-home", "kreis-hoexter"): 1,  # the trend over the campaign years
    ("town-home", "hoexter"): 2,  # its standing against the district, its roadmap
    ("town-home", "brakel"): 1,  # its draft's standing (no district figures before release)
}

VISITS = [(role, page) for role in PLACES for page, visit in PAGES.items() if role in visit.roles]

# axe-core's impacts, worst first: these two fail a page; the others are written down in the artifacts.
FAILING_IMPACTS = ("critical", "serious")


def _charts_expected(role: str, page_name: str, visit: Visit) -> int:
    district, town = PLACES[role]
    return CHARTS.get((page_name, town if "{town}" in visit.path else district), 0)


def _url(site: Site, role: str, visit: Visit) -> str:
    district, town = PLACES[role]
    return site.url + visit.path.format(
        district=district,
        town=town,
        year=site.year,
        project=site.joint_project,
        measure=site.measures.get(town, 0),
        flag=site.flag,
        comment=site.comment,
        mentorship=site.mentorship,
        proposal=site.proposal,
    )


# axe-core only asks for a review when every id a reference names is missing: find those ourselves.
MISSING_REFERENCES = """() => {
  const missing = [];
  const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.getAttribute("name") ? "[name=" + element.getAttribute("name") + "]" : "");
  for (const attribute of ["aria-describedby", "aria-labelledby"]) {
    for (const element of document.querySelectorAll("[" + attribute + "]")) {
      for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) { missing.push(name(element) + " " + attribute + "=" + id); }
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) { missing.push("label for=" + label.htmlFor); }
  }
  return missing;
}"""


# axe-core's findings by the document they were found in: a page whose document is the same for several
# people (the API docs) is checked once; same elements, style sheets and viewport, same findings. Script
# text is left out: axe does not read it, and it differs per request (the docs' CSRF token).
_FINDINGS: dict[str, list[dict[str, Any]]] = {}
DOCUMENT_WITHOUT_SCRIPT_TEXT = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("script").forEach((script) => { script.textContent = ""; });
  return copy.outerHTML;
}"""


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    document = hashlib.sha256(page.evaluate(DOCUMENT_WITHOUT_SCRIPT_TEXT).encode()).hexdigest()
    if document not in _FINDINGS:
        _FINDINGS[document] = Axe().run(page).response["violations"]
    return _FINDINGS[document]


def _axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize(("role", "page_name"), VISITS, ids=[f"{role}-{page}" for role, page in VISITS])
def test_page(role: str, page_name: str, site: Site, sessions: Sessions, artifacts: Path) -> None:
    visit = PAGES[page_name]
    url = _url(site, role, visit)
    tab = sessions.tab(role)
    page = tab.page
    response = page.goto(url, wait_until="load")
    problems = []
    if response is None or response.status != 200 or page.url != url:
        problems.append(f"answered {response.status if response else 'nothing'}, ended at {page.url}")
    if visit.ready:
        page.locator(visit.ready).first.wait_for(state="visible")
    charts, chart_problems = charts_drawn(page)
    problems += chart_problems
    if charts < _charts_expected(role, page_name, visit):
        problems.append(f"{charts} charts, expected {_charts_expected(role, page_name, visit)}")
    (artifacts / role).mkdir(exist_ok=True)
    page.screenshot(path=artifacts / role / f"{page_name}.jpg", full_page=True, type="jpeg", quality=80)
    violations = _axe_violations(page)
    (artifacts / role / f"{page_name}.axe.json").write_text(json.dumps(violations, indent=1, ensure_ascii=False))
    failing = [violation for violation in violations if violation["impact"] in FAILING_IMPACTS]
    if failing:
        problems.append("axe-core:\n" + _axe_report(failing))
    missing: list[str] = page.evaluate(MISSING_REFERENCES)
    if missing:
        problems.append("references to ids the page does not have:\n" + "\n".join(missing))
    if tab.errors:
        problems.append("console errors:\n" + "\n".join(tab.errors))
    if tab.foreign_requests:
        problems.append("requests to other hosts:\n" + "\n".join(tab.foreign_requests))
    assert not problems, f"{role} on {url}:\n" + "\n".join(problems)
