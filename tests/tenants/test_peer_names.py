"""The district coordinator decides whether towns see each other's names in comparisons (D78)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from quickcheck.models import GridVersion
from tenants.models import District
from tenants.services import district_peer_names_set
from tests.conftest import World
from tests.helpers import unchanged

DISTRICT_PAGE = "/kreise/kreis-hoexter/"
SETTING_PAGE = "/kreise/kreis-hoexter/namen-in-vergleichen/"


@contextmanager
def _logged(name: str) -> Iterator[list[str]]:
    """The messages a logger writes meanwhile (pytest's caplog is off in the project's test runs)."""
    lines: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger(name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_the_coordinator_finds_the_form_on_the_district_page_and_hides_the_names(
    world: World, client_as: Callable[[str], Client]
) -> None:
    client = client_as("coordinator")
    page = client.get(DISTRICT_PAGE).content.decode()
    assert 'data-peer-names="named"' in page
    assert f'action="{SETTING_PAGE}"' in page
    assert "<legend>Wie sehen Kommunen andere Kommunen in Vergleichen?</legend>" in page

    with _logged("tenants.services") as lines:
        answer = client.post(SETTING_PAGE, {"towns_see_peer_names": "0"})
    assert answer.status_code == 302
    assert answer["Location"] == f"{DISTRICT_PAGE}#namen-in-vergleichen"
    district = District.objects.get(pk=world.hoexter_district.pk)
    assert district.towns_see_peer_names is False
    assert district.peer_names_changed_by_label == "Kim Koordination"
    assert district.peer_names_changed_at is not None
    assert lines == [
        f"district kreis-hoexter: towns_see_peer_names set to False by user {client.session['_auth_user_id']}"
    ]

    page = client.get(DISTRICT_PAGE).content.decode()
    assert 'data-peer-names="unnamed"' in page
    assert "Kommunen sehen andere nur ohne Namen" in page
    assert "geändert von Kim Koordination am" in page
    assert "Gespeichert: wie Kommunen andere Kommunen in Vergleichen sehen." in page


def test_the_towns_see_the_change_on_their_position_page(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    position = f"/kreise/kreis-hoexter/kommunen/hoexter/vergleich/{grid.year}/"
    officer = client_as("officer_hoexter")
    assert "Warburg" in officer.get(position).content.decode()
    client_as("coordinator").post(SETTING_PAGE, {"towns_see_peer_names": "0"})
    page = officer.get(position).content.decode()
    assert "Warburg" not in page
    assert "Der Kreis zeigt den Kommunen andere Kommunen nur ohne Namen." in page


def test_saving_the_value_it_has_changes_nothing(world: World, client_as: Callable[[str], Client]) -> None:
    with unchanged(District):
        answer = client_as("coordinator").post(SETTING_PAGE, {"towns_see_peer_names": "1"})
    assert answer.status_code == 302


def test_a_bad_value_is_refused_on_the_page_and_nothing_changes(
    world: World, client_as: Callable[[str], Client]
) -> None:
    with unchanged(District):
        answer = client_as("coordinator").post(SETTING_PAGE, {"towns_see_peer_names": "vielleicht"})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'role="alert" id="peer-names-error"' in page
    assert 'aria-describedby="peer-names-hint peer-names-error"' in page


@pytest.mark.parametrize(
    "label", ["conference", "officer_hoexter", "viewer_hoexter", "officer_brakel", "operator", "coordinator_lippe"]
)
def test_every_other_role_is_refused_and_nothing_changes(
    world: World, client_as: Callable[[str], Client], label: str
) -> None:
    client = client_as(label)
    with unchanged(District):
        assert client.post(SETTING_PAGE, {"towns_see_peer_names": "0"}).status_code == 403
        assert client.get(SETTING_PAGE).status_code == 403
    if label != "coordinator_lippe":  # members of the district see its page, without the form
        page = client.get(DISTRICT_PAGE).content.decode()
        assert "namen-in-vergleichen/" not in page
        assert 'data-peer-names="named"' in page


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(world: World, db: None, client: Client) -> None:
    with unchanged(District):
        answer = client.post(SETTING_PAGE, {"towns_see_peer_names": "0"})
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))


def test_the_service_records_who_and_writes_nothing_for_the_same_value(
    world: World, person: Callable[[str], User]
) -> None:
    coordinator = person("coordinator")
    district = district_peer_names_set(
        district=world.hoexter_district,
        towns_see_peer_names=False,
        actor=coordinator,
    )
    first = (district.peer_names_changed_at, district.peer_names_changed_by_label)
    assert district.towns_see_peer_names is False
    with unchanged(District):
        district_peer_names_set(district=district, towns_see_peer_names=False, actor=coordinator)
    stored = District.objects.get(pk=district.pk)
    assert (stored.peer_names_changed_at, stored.peer_names_changed_by_label) == first


def test_the_admin_shows_the_setting_but_does_not_change_it(world: World, client_as: Callable[[str], Client]) -> None:
    """Every change goes through the service and its record (D78); the operator reads it in the admin."""
    client = client_as("operator")
    url = f"/admin/tenants/district/{world.hoexter_district.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="towns_see_peer_names"' not in page
    district = world.hoexter_district
    form = {
        "name": district.name,
        "slug": district.slug,
        "key": district.key,
        "federal_state": district.federal_state,
        "towns_see_peer_names": "",
    }
    with unchanged(District):
        response = client.post(url, form)
    assert response.status_code == 302  # saved: the field was not part of the form, so nothing changed


API = "/api/v1/districts/kreis-hoexter/peer-names/"


def test_the_coordinator_sets_it_through_the_api(world: World, api_as: Callable[[str], APIClient]) -> None:
    api = api_as("coordinator")
    assert api.get(API).json() == {"towns_see_peer_names": True, "changed_at": None, "changed_by": ""}
    answer = api.put(API, {"towns_see_peer_names": False}, format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["towns_see_peer_names"], body["changed_by"]) == (False, "Kim Koordination")
    assert body["changed_at"] is not None
    assert District.objects.get(pk=world.hoexter_district.pk).towns_see_peer_names is False
    assert api_as("officer_hoexter").get(API).json()["towns_see_peer_names"] is False
    assert api_as("officer_hoexter").get("/api/v1/districts/kreis-hoexter/").json()["towns_see_peer_names"] is False


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("conference", 403),
        ("officer_hoexter", 403),
        ("viewer_hoexter", 403),
        ("officer_brakel", 403),
        ("operator", 403),
        ("coordinator_lippe", 403),
        ("no_role", 403),
    ],
)
def test_the_api_refuses_every_other_role_and_nothing_changes(
    world: World, api_as: Callable[[str], APIClient], label: str, status: int
) -> None:
    with unchanged(District):
        assert api_as(label).put(API, {"towns_see_peer_names": False}, format="json").status_code == status


def test_the_api_refuses_a_bad_value_and_nothing_changes(world: World, api_as: Callable[[str], APIClient]) -> None:
    with unchanged(District):
        answer = api_as("coordinator").put(API, {"towns_see_peer_names": "vielleicht"}, format="json")
        assert answer.status_code == 400
        assert "towns_see_peer_names" in answer.json()
        assert api_as("coordinator").put(API, {}, format="json").status_code == 400
