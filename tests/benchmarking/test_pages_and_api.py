"""Comparison, synergies, flags and a town's position through pages, API and exports: who sees what.

Isolation first: no town ever sees another town's drafts; under the unnamed setting no town sees
another town's name; a town's people see only their own position; only coordinators decide flags.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema_activate
from openpyxl import load_workbook
from rest_framework.test import APIClient

from benchmarking.models import DuplicateFlag, FlagStatus
from quickcheck.answers.selectors import assessment_view
from quickcheck.models import GridVersion
from tenants.models import Town
from tests.conftest import World
from tests.helpers import JOINT_PROJECTS, unchanged

DISTRICT_PAGES = [
    "/kreise/kreis-hoexter/vergleich/{year}/",
    "/kreise/kreis-hoexter/vergleich/{year}/synergien/",
    "/kreise/kreis-hoexter/vergleich/{year}/export.csv",
    "/kreise/kreis-hoexter/vergleich/{year}/export.xlsx",
]
DISTRICT_API = [
    "/api/v1/districts/kreis-hoexter/benchmark/{year}/",
    "/api/v1/districts/kreis-hoexter/benchmark/{year}/synergies/",
    "/api/v1/districts/kreis-hoexter/benchmark/{year}/export/?file_format=csv",
]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("coordinator", 200),
        ("conference", 200),
        ("operator", 200),
        ("officer_hoexter", 403),
        ("viewer_hoexter", 403),
        ("officer_brakel", 403),
        ("coordinator_lippe", 403),
        ("officer_detmold", 403),
        ("no_role", 403),
    ],
)
def test_who_sees_the_named_district_comparison(
    grid: GridVersion,
    client_as: Callable[[str], Client],
    api_as: Callable[[str], APIClient],
    label: str,
    expected: int,
) -> None:
    for url in DISTRICT_PAGES:
        assert client_as(label).get(url.format(year=grid.year)).status_code == expected, url
    for url in DISTRICT_API:
        assert api_as(label).get(url.format(year=grid.year)).status_code == expected, url


def test_anonymous_people_are_sent_to_the_login(grid: GridVersion, client_as: Callable[[str], Client]) -> None:
    response = client_as("anonymous").get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/")


def test_the_comparison_page_shows_releases_figures_rule_and_a_local_chart(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    client = client_as("coordinator")
    assert client.get("/kreise/kreis-hoexter/vergleich/")["Location"] == f"/kreise/kreis-hoexter/vergleich/{grid.year}/"
    page = client.get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/").content.decode()
    assert "mindestens 10 Punkte über dem Median" in page
    assert '<tr data-release="brakel">' in page
    assert "noch nicht freigegeben" in page
    assert '<tr data-town="hoexter">' in page
    assert '<tr data-town="brakel">' not in page  # a draft is no part of the comparison
    assert '<tr data-town="kreis-hoexter" class="muted">' in page  # the administration, for information
    # The chart comes from this server, and its numbers are in a table as well.
    assert 'src="/static/vendor/plotly/plotly-cartesian.min.js"' in page
    assert 'aria-describedby="comparison-figures"' in page
    assert '<table id="comparison-figures">' in page
    assert "https://" not in page.split("<main", 1)[1].split("</main>", 1)[0].replace("https://www.", "")
    script = client.get("/static/vendor/plotly/plotly-cartesian.min.js")
    assert script.status_code == 200
    assert b"plotly.js" in b"".join(script.streaming_content)[:400]  # type: ignore[attr-defined]


def test_german_number_format_on_the_page_and_in_the_csv(
    grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    data = api_as("coordinator").get(f"/api/v1/districts/kreis-hoexter/benchmark/{grid.year}/").json()
    median = data["fields"][0]["current"]["median"]
    page = client_as("coordinator").get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/").content.decode()
    assert f"{median:.1f}".replace(".", ",") in page
    csv_text = (
        client_as("coordinator")
        .get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/export.csv")
        .content.decode("utf-8-sig")
    )
    header, first = csv_text.splitlines()[:2]
    assert header.startswith(
        "Kommune;Handlungsfeld;Ist;Soll;n;Minimum;unteres Quartil;Median;oberes Quartil;Maximum;Einordnung"
    )
    assert "," in first.split(";")[2]  # decimal comma


def test_drafts_never_reach_the_comparison(world: World, grid: GridVersion, api_as: Callable[[str], APIClient]) -> None:
    data = api_as("coordinator").get(f"/api/v1/districts/kreis-hoexter/benchmark/{grid.year}/").json()
    assert {t["town"] for t in data["towns"]}.isdisjoint({"brakel", "marienmuenster"})
    assert {r["town"]: r["status"] for r in data["releases"]}["brakel"] is None
    # Brakel's draft has scores in its own schema; none of them appears as Brakel's anywhere.
    town_schema_activate(world.town_brakel)
    draft = assessment_view(town=world.town_brakel, grid=grid, include_drafts=True)
    assert draft.scores.overall_current is not None
    assert all(t["name"] != "Brakel" for t in data["towns"])
    export = api_as("coordinator").get(
        f"/api/v1/districts/kreis-hoexter/benchmark/{grid.year}/export/?file_format=xlsx"
    )
    names = {
        row[0] for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert "Brakel" not in names
    assert "Höxter" in names


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("officer_hoexter", 200),
        ("viewer_hoexter", 200),
        ("coordinator", 200),
        ("officer_brakel", 403),
        ("conference", 403),
        ("officer_detmold", 403),
        ("coordinator_lippe", 403),
    ],
)
def test_who_sees_a_towns_position(
    grid: GridVersion,
    client_as: Callable[[str], Client],
    api_as: Callable[[str], APIClient],
    label: str,
    expected: int,
) -> None:
    base = "/kreise/kreis-hoexter/kommunen/hoexter/vergleich"
    assert client_as(label).get(f"{base}/{grid.year}/").status_code == expected
    assert client_as(label).get(f"{base}/{grid.year}/export.csv").status_code == expected
    api = f"/api/v1/districts/kreis-hoexter/towns/hoexter/benchmark/{grid.year}/"
    assert api_as(label).get(api).status_code == expected
    assert api_as(label).get(f"{api}export/?file_format=xlsx").status_code == expected


def _other_names(world: World) -> list[str]:
    return list(
        Town.objects.filter(district=world.hoexter_district).exclude(slug="hoexter").values_list("name", flat=True)
    )


def test_under_the_unnamed_setting_a_town_sees_no_other_towns_name(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    district = world.hoexter_district
    district.towns_see_peer_names = False
    district.save(update_fields=["towns_see_peer_names"])
    base = "/kreise/kreis-hoexter/kommunen/hoexter/vergleich"
    api = f"/api/v1/districts/kreis-hoexter/towns/hoexter/benchmark/{grid.year}/"
    page = client_as("officer_hoexter").get(f"{base}/{grid.year}/").content.decode()
    data = api_as("officer_hoexter").get(api).content.decode()
    csv_file = client_as("officer_hoexter").get(f"{base}/{grid.year}/export.csv").content.decode("utf-8-sig")
    xlsx = api_as("officer_hoexter").get(f"{api}export/?file_format=xlsx").content
    cells = " ".join(
        str(cell)
        for sheet in load_workbook(io.BytesIO(xlsx)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "nur ohne Namen" in main
    for other in _other_names(world):
        for where, text in (
            ("page", main.replace("Kreis Höxter", "")),
            ("api", data),
            ("csv", csv_file),
            ("xlsx", cells),
        ):
            assert other not in text, (other, where)
    peers = api_as("officer_hoexter").get(api).json()["fields"][0]["peers"]
    assert len(peers) >= 3
    assert [p["name"] for p in peers if p["is_self"]] == ["Höxter"]
    assert {p["name"] for p in peers if not p["is_self"]} == {None}
    # The district's own coordinator still sees the names on the same page.
    coordinator_page = client_as("coordinator").get(f"{base}/{grid.year}/").content.decode()
    assert "Warburg" in coordinator_page


def test_with_names_visible_a_town_sees_its_peers_by_name(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    page = (
        client_as("officer_hoexter")
        .get(f"/kreise/kreis-hoexter/kommunen/hoexter/vergleich/{grid.year}/")
        .content.decode()
    )
    assert "Warburg" in page
    assert 'src="/static/vendor/plotly/plotly-cartesian.min.js"' in page
    assert 'aria-describedby="position-figures"' in page


def test_a_town_that_has_not_released_sees_no_peers(
    grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    page = (
        client_as("officer_brakel")
        .get(f"/kreise/kreis-hoexter/kommunen/brakel/vergleich/{grid.year}/")
        .content.decode()
    )
    assert 'data-position="none"' in page
    assert "Warburg" not in page.split("<main", 1)[1]
    data = api_as("officer_brakel").get(f"/api/v1/districts/kreis-hoexter/towns/brakel/benchmark/{grid.year}/").json()
    assert (data["released"], data["fields"]) == (False, [])


def _open_flag(world: World) -> DuplicateFlag:
    flag = DuplicateFlag.objects.filter(
        district=world.hoexter_district, status=FlagStatus.OPEN, is_current=True
    ).first()
    assert flag is not None  # the demo register plants duplicates
    return flag


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("coordinator", 200),
        ("conference", 403),
        ("operator", 403),
        ("officer_hoexter", 403),
        ("coordinator_lippe", 403),
    ],
)
def test_only_the_districts_coordinators_see_and_decide_flags(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient], label: str, expected: int
) -> None:
    flag = _open_flag(world)
    assert client_as(label).get("/kreise/kreis-hoexter/doppelstrukturen/").status_code == expected
    assert api_as(label).get("/api/v1/districts/kreis-hoexter/duplicates/").status_code == expected
    if expected == 403:
        api, browser = api_as(label), client_as(label)
        with unchanged(DuplicateFlag, *JOINT_PROJECTS):
            response = api.post(f"/api/v1/districts/kreis-hoexter/duplicates/{flag.pk}/dismiss/", {"reason": "x"})
            page = browser.post(
                "/kreise/kreis-hoexter/doppelstrukturen/", {"flag": flag.pk, "decision": "dismiss", "reason": "x"}
            )
            confirmed = api.post(f"/api/v1/districts/kreis-hoexter/duplicates/{flag.pk}/confirm/", {"title": "x"})
        assert (response.status_code, page.status_code, confirmed.status_code) == (403, 403, 403)


def test_the_flags_page_shows_evidence_and_decides(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    page = client_as("coordinator").get("/kreise/kreis-hoexter/doppelstrukturen/").content.decode()
    assert "Ratsinformationssystem" in page  # planted in the demo register: Höxter, Brakel, Bad Driburg
    assert "Nachnutzen" in page
    # Each pair says what matched: the concept of the thesaurus, with the score.
    assert "Was übereinstimmt" in page
    assert "gleicher Begriff: Ratsinformationssystem" in page
    flag = _open_flag(world)
    coordinator_page = client_as("coordinator")
    with unchanged(DuplicateFlag):  # a reason is required
        response = coordinator_page.post(
            "/kreise/kreis-hoexter/doppelstrukturen/", {"flag": flag.pk, "decision": "dismiss", "reason": ""}
        )
    assert response.status_code == 302
    api = api_as("coordinator")
    dismissed = api.post(
        f"/api/v1/districts/kreis-hoexter/duplicates/{flag.pk}/dismiss/", {"reason": "Verschiedene Zwecke"}
    )
    assert dismissed.status_code == 200
    assert dismissed.json()["status"] == "dismissed"
    other = _open_flag(world)
    members = {item["town_id"] for item in other.evidence["items"]}
    outsider = Town.objects.filter(district=world.hoexter_district).exclude(pk__in=members).first()
    assert outsider is not None
    url = f"/api/v1/districts/kreis-hoexter/duplicates/{other.pk}/confirm/"
    with unchanged(DuplicateFlag, *JOINT_PROJECTS):
        refused = api.post(url, {"title": "Gemeinsam", "lead_town": outsider.slug}, format="json")
    assert refused.status_code == 400
    assert "beteiligten Kommunen" in refused.content.decode()
    lead = Town.objects.get(pk=other.evidence["items"][0]["town_id"])
    confirmed = api.post(url, {"title": "Gemeinsam", "lead_town": lead.slug}, format="json")
    assert confirmed.status_code == 200
    assert confirmed.json()["joint_project"]["title"] == "Gemeinsam"
    decided = client_as("coordinator").get("/kreise/kreis-hoexter/doppelstrukturen/").content.decode()
    assert "Verschiedene Zwecke" in decided
    assert "→ Gemeinsam" in decided


def test_the_comparison_speaks_english_on_request(grid: GridVersion, client_as: Callable[[str], Client]) -> None:
    client = client_as("coordinator")
    german = client.get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/").content.decode()
    english = client.get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stärken und Schwächen je Kommune" in german
    assert "Strengths and weaknesses per town" in english
    assert 'lang="en"' in english


def test_a_flag_is_decided_only_through_its_own_district(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    flag = _open_flag(world)
    api, browser = api_as("coordinator_lippe"), client_as("coordinator_lippe")
    # Lippe's coordinator may decide Lippe's flags; Höxter's flag id under Lippe's address is not found.
    with unchanged(DuplicateFlag, *JOINT_PROJECTS):
        response = api.post(f"/api/v1/districts/kreis-lippe/duplicates/{flag.pk}/dismiss/", {"reason": "nicht unserer"})
        page = browser.post(
            "/kreise/kreis-lippe/doppelstrukturen/",
            {"flag": flag.pk, "decision": "dismiss", "reason": "nicht unserer"},
        )
    assert response.status_code == 404
    assert page.status_code == 404


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"lead_town": "gibt-es-nicht"}, "lead_town", "Unbekannte Kommune"),
        ({"joint_project": 999_999}, "joint_project", "Unbekanntes Projekt"),
        ({"title": "x" * 201}, "title", "200"),
        ({"joint_project": "eins"}, "joint_project", ""),
    ],
)
def test_a_bad_confirmation_names_the_field_and_decides_nothing(
    world: World, api_as: Callable[[str], APIClient], payload: dict[str, object], field: str, message: str
) -> None:
    flag = _open_flag(world)
    api = api_as("coordinator")
    with unchanged(DuplicateFlag, *JOINT_PROJECTS):
        response = api.post(f"/api/v1/districts/kreis-hoexter/duplicates/{flag.pk}/confirm/", payload, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_an_unknown_file_format_is_refused(
    grid: GridVersion, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    api = api_as("coordinator").get(f"/api/v1/districts/kreis-hoexter/benchmark/{grid.year}/export/?file_format=pdf")
    assert api.status_code == 400
    assert "file_format" in api.json()
    assert client_as("coordinator").get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/export.pdf").status_code == 404
    town_api = api_as("officer_hoexter").get(
        f"/api/v1/districts/kreis-hoexter/towns/hoexter/benchmark/{grid.year}/export/?file_format=pdf"
    )
    assert town_api.status_code == 400
