"""What a partner reads (the published strategy) and what it does not (everything else), D94."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from shared_vision.models import VisionStatus, VisionVersion
from shared_vision.services import vision_draft_create
from tests.conftest import World

pytestmark = pytest.mark.django_db

D = "/kreise/kreis-hoexter"
A = "/api/v1/districts/kreis-hoexter"
YEAR = timezone.localdate().year

READABLE_PAGES = [f"{D}/partner/", f"{D}/leuchttuerme/", f"{D}/projekte/"]
READABLE_API = [f"{A}/published-vision/", f"{A}/lighthouses/", f"{A}/joint-projects/", f"{A}/proposals/"]

REFUSED_PAGES = [
    f"{D}/",  # the district home with its member list (e-mail addresses): not for outsiders
    f"{D}/leitbild/",  # versions and the draft; the vision in force stands on the partner's home
    f"{D}/leitbild/1/",
    f"{D}/quick-check/",
    f"{D}/quick-check/{YEAR}/",
    f"{D}/konferenz/",
    f"{D}/roadmap/",
    f"{D}/vergleich/{YEAR}/",
    f"{D}/vergleich/{YEAR}/synergien/",
    f"{D}/doppelstrukturen/",
    f"{D}/fortschreibung/{YEAR}/",
    f"{D}/vorschlaege/",
    f"{D}/kommunen/hoexter/",
    f"{D}/kommunen/hoexter/roadmap/",
    f"{D}/kommunen/hoexter/schwerpunkte/",
    f"{D}/kommunen/hoexter/quick-check/{YEAR}/",
    f"{D}/kommunen/hoexter/loesungen/",
    f"{D}/kommunen/hoexter/vorschlaege/",
]
REFUSED_API = [
    f"{A}/",
    f"{A}/towns/",
    f"{A}/vision/",
    f"{A}/vision/1/",
    f"{A}/grids/",
    f"{A}/roadmap/",
    f"{A}/benchmark/{YEAR}/",
    f"{A}/benchmark/{YEAR}/synergies/",
    f"{A}/duplicates/",
    f"{A}/towns/hoexter/",
    f"{A}/towns/hoexter/measures/",
    f"{A}/towns/hoexter/roadmap/",
]


@pytest.mark.parametrize("path", READABLE_PAGES)
def test_a_partner_reads_the_published_strategy_pages(client_as: Callable[[str], Client], path: str) -> None:
    assert client_as("partner").get(path).status_code == 200


@pytest.mark.parametrize("path", READABLE_API)
def test_a_partner_reads_the_published_strategy_through_the_api(api_as: Callable[[str], APIClient], path: str) -> None:
    assert api_as("partner").get(path).status_code == 200


def test_the_partner_home_shows_the_vision_in_force_and_not_a_draft(
    world: World, client_as: Callable[[str], Client]
) -> None:
    adopted = VisionVersion.objects.get(district=world.hoexter_district, status=VisionStatus.ADOPTED)
    draft = vision_draft_create(district=world.hoexter_district, actor=None)
    draft.title = "ENTWURF-NUR-INTERN"
    draft.save()
    page = client_as("partner").get(f"{D}/partner/").content.decode()
    assert adopted.title in page
    assert "ENTWURF-NUR-INTERN" not in page


def test_the_published_vision_api_gives_the_version_in_force(world: World, api_as: Callable[[str], APIClient]) -> None:
    adopted = VisionVersion.objects.get(district=world.hoexter_district, status=VisionStatus.ADOPTED)
    vision_draft_create(district=world.hoexter_district, actor=None)
    body = api_as("partner").get(f"{A}/published-vision/").json()
    assert body["number"] == adopted.number
    assert {f["key"] for f in body["fields_of_action"]} >= {"umwelt", "verwaltung"}


@pytest.mark.parametrize("path", REFUSED_PAGES)
def test_a_partner_gets_nothing_else_of_the_district_as_a_page(client_as: Callable[[str], Client], path: str) -> None:
    answer = client_as("partner").get(path)
    assert answer.status_code in (403, 404), path
    assert "digital@hoexter.example" not in answer.content.decode()


@pytest.mark.parametrize("path", REFUSED_API)
def test_a_partner_gets_nothing_else_of_the_district_through_the_api(
    api_as: Callable[[str], APIClient], path: str
) -> None:
    assert api_as("partner").get(path).status_code in (403, 404), path


@pytest.mark.parametrize("path", [*READABLE_PAGES])
def test_a_partner_of_another_district_reads_nothing_of_hoexter(client_as: Callable[[str], Client], path: str) -> None:
    assert client_as("partner_lippe").get(path).status_code == 403


@pytest.mark.parametrize("path", READABLE_API)
def test_a_partner_of_another_district_reads_nothing_of_hoexter_through_the_api(
    api_as: Callable[[str], APIClient], path: str
) -> None:
    assert api_as("partner_lippe").get(path).status_code == 403


def test_a_partner_lands_on_its_home_after_sign_in(client_as: Callable[[str], Client]) -> None:
    answer = client_as("partner").get("/")
    assert answer.status_code == 302
    assert answer["Location"] == f"{D}/partner/"


def test_the_district_members_still_read_lighthouses_and_projects(client_as: Callable[[str], Client]) -> None:
    for label in ("officer_brakel", "viewer_hoexter", "conference"):
        assert client_as(label).get(f"{D}/leuchttuerme/").status_code == 200
        assert client_as(label).get(f"{D}/projekte/").status_code == 200


def test_only_partners_have_a_partner_home(client_as: Callable[[str], Client]) -> None:
    for label in ("coordinator", "officer_hoexter", "operator"):
        assert client_as(label).get(f"{D}/partner/").status_code == 403
    assert client_as("anonymous").get(f"{D}/partner/").status_code == 302


def test_members_of_the_district_see_who_the_partners_are(client_as: Callable[[str], Client]) -> None:
    page = client_as("coordinator").get(f"{D}/").content.decode()
    assert "Stadtwerke Höxter" in page or "Robin Energie" in page
