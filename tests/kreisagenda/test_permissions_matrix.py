"""Every role against the district home, town homes and the API: allowed or refused, nothing else.

Town B's data must never appear in a refused answer, whichever way it was asked for.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tenants.models import Town
from tests.conftest import World
from tests.helpers import schemas_unchanged, unchanged

ROLES = [
    "anonymous",
    "no_role",
    "operator",
    "coordinator",
    "conference",
    "officer_hoexter",
    "viewer_hoexter",
    "officer_brakel",
    "coordinator_lippe",
    "officer_detmold",
]

# Who may open which page: the rules of kreisagenda.permissions written out case by case.
DISTRICT_HOEXTER = {"operator", "coordinator", "conference", "officer_hoexter", "viewer_hoexter", "officer_brakel"}
TOWN_HOEXTER = {"operator", "coordinator", "officer_hoexter", "viewer_hoexter"}
TOWN_BRAKEL = {"operator", "coordinator", "officer_brakel"}
TOWN_DETMOLD = {"operator", "coordinator_lippe", "officer_detmold"}
CREATE_TOWN = {"operator"}

PAGES = {
    "district home Höxter": ("/kreise/kreis-hoexter/", DISTRICT_HOEXTER),
    "town home Höxter": ("/kreise/kreis-hoexter/kommunen/hoexter/", TOWN_HOEXTER),
    "town home Brakel": ("/kreise/kreis-hoexter/kommunen/brakel/", TOWN_BRAKEL),
    "town status Brakel": ("/kreise/kreis-hoexter/kommunen/brakel/status/", TOWN_BRAKEL),
    "town home Detmold": ("/kreise/kreis-lippe/kommunen/detmold/", TOWN_DETMOLD),
    "create town page": ("/kreise/kreis-hoexter/kommunen/neu/", CREATE_TOWN),
}

API = {
    "district detail": ("/api/v1/districts/kreis-hoexter/", DISTRICT_HOEXTER),
    "district towns": ("/api/v1/districts/kreis-hoexter/towns/", DISTRICT_HOEXTER),
    "town Höxter": ("/api/v1/districts/kreis-hoexter/towns/hoexter/", TOWN_HOEXTER),
    "town Brakel": ("/api/v1/districts/kreis-hoexter/towns/brakel/", TOWN_BRAKEL),
    "town Detmold": ("/api/v1/districts/kreis-lippe/towns/detmold/", TOWN_DETMOLD),
}

# What identifies a town's data in a body (population and schema are not on other towns' pages).
SECRETS = {
    "brakel": ["16722", "16.722", "town_05762016"],
    "detmold": ["74388", "74.388", "town_05766020", "Detmold"],
}


def _secrets_for(url: str) -> list[str]:
    return [secret for slug, secrets in SECRETS.items() if f"/{slug}/" in url for secret in secrets]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages(world: World, client_as: Callable[[str], Client], role: str, page: str) -> None:
    url, allowed = PAGES[page]
    response = client_as(role).get(url)
    if role in allowed:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/anmelden/?next=")
    else:
        assert response.status_code == 403
        body = response.content.decode()
        for secret in _secrets_for(url):
            assert secret not in body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(API))
def test_api(world: World, api_as: Callable[[str], APIClient], role: str, endpoint: str) -> None:
    url, allowed = API[endpoint]
    response = api_as(role).get(url)
    if role in allowed:
        assert response.status_code == 200
        assert response.json()
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
        body = response.content.decode()
        for secret in _secrets_for(url):
            assert secret not in body


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("operator", {"kreis-hoexter", "kreis-lippe"}),
        ("coordinator", {"kreis-hoexter"}),
        ("conference", {"kreis-hoexter"}),
        ("officer_brakel", {"kreis-hoexter"}),
        ("officer_detmold", {"kreis-lippe"}),
        ("no_role", set()),
    ],
)
def test_district_list_shows_only_own_districts(
    world: World, api_as: Callable[[str], APIClient], role: str, expected: set[str]
) -> None:
    response = api_as(role).get("/api/v1/districts/")
    assert response.status_code == 200
    assert {district["slug"] for district in response.json()} == expected


def test_officer_of_brakel_sees_only_own_town_in_town_detail(world: World, api_as: Callable[[str], APIClient]) -> None:
    response = api_as("officer_brakel").get("/api/v1/districts/kreis-hoexter/towns/brakel/")
    body = response.json()
    assert body["ags"] == "05762016"
    assert body["population"] == 16722
    assert [holder["name"] for holder in body["role_holders"]] == ["Sam Digital (Brakel)"]
    # The history comes from Brakel's own schema: its creation and its (sample) Quick-Check answers.
    summaries = [change["summary"] for change in body["recent_changes"]]
    assert summaries[-1] == "Datenbereich für Brakel angelegt"
    assert all("Brakel" in summary or summary.startswith("Quick Check") for summary in summaries)
    assert not any("Höxter" in summary for summary in summaries)


@pytest.mark.parametrize("role", ["coordinator", "officer_hoexter", "conference", "viewer_hoexter"])
def test_only_operators_create_towns_by_api(world: World, api_as: Callable[[str], APIClient], role: str) -> None:
    api = api_as(role)
    with unchanged(Town), schemas_unchanged():
        response = api.post(
            "/api/v1/districts/kreis-hoexter/towns/", {"name": "Neustadt", "ags": "05762099", "population": 100}
        )
    assert response.status_code == 403


@pytest.mark.parametrize(("role", "status"), [("operator", 200), ("coordinator", 302), ("officer_hoexter", 302)])
def test_admin_is_for_operators_only(client_as: Callable[[str], Client], role: str, status: int) -> None:
    response = client_as(role).get("/admin/")
    assert response.status_code == status
