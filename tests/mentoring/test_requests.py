"""A town sees who is strong where it is weak (named only where the district shows names) and asks
for a mentor; the coordination turns the request into a record or declines it with a reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from mentoring.models import MentorRequest, Mentorship, RequestStatus
from quickcheck.models import GridVersion
from tenants.models import Town
from tests.conftest import World
from tests.helpers import form_values, unchanged
from tests.mentoring.conftest import hoexter_pair, synergies

pytestmark = pytest.mark.django_db

HOEXTER = "/kreise/kreis-hoexter/kommunen/hoexter/"
ASK = f"{HOEXTER}patenschaften/anfragen/"
PAGES = "/kreise/kreis-hoexter/patenschaften/"


def _hide_names(world: World) -> None:
    district = world.hoexter_district
    district.towns_see_peer_names = False
    district.save(update_fields=["towns_see_peer_names"])


def _mentor_names(world: World, grid: GridVersion) -> set[str]:
    return {p.mentor.name for p in synergies(world, grid).mentor_pairs if p.mentee.town_id == world.town_hoexter.pk}


def test_the_town_home_names_strong_towns_only_where_the_district_shows_names(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    Mentorship.objects.all().delete()  # a record names its partner town by nature
    names = _mentor_names(world, grid)
    pair = hoexter_pair(world, grid)
    officer = client_as("officer_hoexter")
    html = officer.get(HOEXTER).content.decode()
    shown = re.search(r"<dl data-town-mentors>(.*?)</dl>", html, re.S)
    assert shown is not None
    assert names <= set(re.findall(r"<dd data-mentor>([^<]+) – ", shown.group(1)))
    assert f'{ASK}?feld={pair.field_key}"' in html or pair.field_key in _open_fields(world)

    _hide_names(world)
    html = officer.get(HOEXTER).content.decode()
    shown = re.search(r"<dl data-town-mentors>(.*?)</dl>", html, re.S)
    assert shown is not None
    assert [name for name in names if name in html] == []  # nowhere on the page
    entries = re.findall(r"<dd data-mentor>([^<]+)</dd>", shown.group(1))
    assert entries
    assert all(re.fullmatch(r"eine Kommune – \d+,\d Punkte", entry) for entry in entries)
    asking = officer.get(f"{ASK}?feld={pair.field_key}").content.decode()
    assert [name for name in names if name in asking] == []
    assert "eine Kommune" in asking
    assert 'name="preferred_mentor"' not in asking  # without names the coordination picks

    # The district's own staff always see names.
    assert names <= set(
        re.findall(
            r"<th scope=\"row\">([^<]+)</th>",
            client_as("coordinator").get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/synergien/").content.decode(),
        )
    )


def _open_fields(world: World) -> set[str]:
    return set(MentorRequest.objects.filter(town=world.town_hoexter, status="open").values_list("field_key", flat=True))


def test_a_town_asks_for_a_mentor_and_the_coordination_makes_the_record(
    world: World,
    grid: GridVersion,
    client_as: Callable[[str], Client],
    person: Callable[[str], User],
    fired: dict[str, list[Any]],
) -> None:
    MentorRequest.objects.filter(town=world.town_hoexter).delete()
    pair = hoexter_pair(world, grid)
    officer = client_as("officer_hoexter")
    page = officer.get(f"{ASK}?feld={pair.field_key}").content.decode()
    assert f'<option value="{pair.mentor.town_id}">{pair.mentor.name}</option>' in page  # names shown: a wish
    answer = officer.post(
        ASK, {"field_key": pair.field_key, "preferred_mentor": str(pair.mentor.town_id), "message": "Hilfe bitte"}
    )
    assert answer.status_code == 302
    request = MentorRequest.objects.get(town=world.town_hoexter, field_key=pair.field_key)
    assert (request.status, request.preferred_mentor_id, request.message) == (
        "open",
        pair.mentor.town_id,
        "Hilfe bitte",
    )
    assert fired["mentor_requested"] == [(request,)]
    assert f"?feld={pair.field_key}" not in officer.get(HOEXTER).content.decode()  # asked: no second button

    with unchanged(MentorRequest.objects.all()):
        again = officer.post(ASK, {"field_key": pair.field_key})
        assert again.status_code == 400
        assert "Handlungsfeld: Für dieses Handlungsfeld ist schon eine Anfrage offen." in again.content.decode()
        assert client_as("viewer_hoexter").post(ASK, {"field_key": "bildung"}).status_code == 403
        assert client_as("officer_brakel").post(ASK, {"field_key": "bildung"}).status_code == 404
        assert client_as("coordinator").post(ASK, {"field_key": "bildung"}).status_code == 403
        too_long = officer.post(ASK, {"field_key": "bildung", "message": "x" * 1001})
        assert too_long.status_code == 400
        assert "Nachricht: höchstens 1000 Zeichen." in too_long.content.decode()

    coordinator = client_as("coordinator")
    assert f'data-request="{request.pk}"' in coordinator.get(PAGES).content.decode()
    assert "data-open-mentor-requests>" in coordinator.get("/kreise/kreis-hoexter/").content.decode()
    form = coordinator.get(f"{PAGES}neu/?anfrage={request.pk}").content.decode()
    values = form_values(form, "mentorship-form")
    assert (values["mentee_town"], values["mentor_town"], values["field_keys"]) == (
        [str(world.town_hoexter.pk)],
        [str(pair.mentor.town_id)],
        [pair.field_key],
    )
    values["goal"] = ["Vom Wunsch zur Patenschaft"]
    fired.clear()
    assert coordinator.post(f"{PAGES}neu/", values).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    made = Mentorship.objects.get(request=request)
    assert (made.mentor_town_id, made.mentee_town_id) == (pair.mentor.town_id, world.town_hoexter.pk)
    assert fired["mentoring_changed"] == [(made, "created", person("coordinator"))]
    assert f'data-request="{request.pk}"' not in coordinator.get(PAGES).content.decode()
    with unchanged(Mentorship.objects.all(), MentorRequest.objects.all()):  # a request answers once
        assert coordinator.post(f"{PAGES}neu/", values).status_code == 400


def test_the_coordination_declines_with_a_reason(
    world: World, client_as: Callable[[str], Client], fired: dict[str, list[Any]]
) -> None:
    officer = client_as("officer_hoexter")
    MentorRequest.objects.filter(town=world.town_hoexter).delete()
    assert officer.post(ASK, {"field_key": "bildung"}).status_code == 302
    request = MentorRequest.objects.get(town=world.town_hoexter, field_key="bildung")
    coordinator = client_as("coordinator")
    with unchanged(MentorRequest.objects.all()):
        refused = coordinator.post(PAGES, {"decline": str(request.pk), "decision_note": " "})
        assert refused.status_code == 400
        assert "Begründung: Bitte sagen Sie der Kommune, warum" in refused.content.decode()
        assert (
            client_as("conference").post(PAGES, {"decline": str(request.pk), "decision_note": "x"}).status_code == 403
        )
        assert (
            client_as("officer_hoexter").post(PAGES, {"decline": str(request.pk), "decision_note": "x"}).status_code
            == 403
        )
        assert (
            client_as("coordinator_lippe").post(PAGES, {"decline": str(request.pk), "decision_note": "x"}).status_code
            == 404
        )
    answer = coordinator.post(PAGES, {"decline": str(request.pk), "decision_note": "Bitte an Warburg wenden"})
    assert answer.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decision_note) == ("declined", "Bitte an Warburg wenden")
    assert [args[0].pk for args in fired["request_declined"]] == [request.pk]
    assert "Bitte an Warburg wenden" in officer.get(f"{HOEXTER}patenschaften/").content.decode()


def test_the_api_asks_as_the_page_does(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], fired: dict[str, list[Any]]
) -> None:
    MentorRequest.objects.filter(town=world.town_hoexter).delete()
    url = "/api/v1/districts/kreis-hoexter/towns/hoexter/mentor-requests/"
    _hide_names(world)
    officer = api_as("officer_hoexter")
    warburg = Town.objects.get(slug="warburg")
    with unchanged(MentorRequest.objects.all()):
        hidden = officer.post(url, {"field_key": "bildung", "preferred_mentor": warburg.slug}, format="json")
        assert hidden.status_code == 400
        assert list(hidden.json()) == ["preferred_mentor"]
        assert api_as("viewer_hoexter").post(url, {"field_key": "bildung"}, format="json").status_code == 403
        assert api_as("officer_brakel").post(url, {"field_key": "bildung"}, format="json").status_code == 404
        assert api_as("officer_detmold").get(url).status_code == 404
    created = officer.post(url, {"field_key": "bildung", "message": "bitte"}, format="json")
    assert created.status_code == 201
    assert created.json()["preferred_mentor"] is None
    assert len(fired["mentor_requested"]) == 1
    listed = api_as("coordinator").get("/api/v1/districts/kreis-hoexter/mentor-requests/").json()
    assert created.json()["id"] in [row["id"] for row in listed]
    assert api_as("conference").get("/api/v1/districts/kreis-hoexter/mentor-requests/").status_code == 403
    declined = api_as("coordinator").post(
        f"/api/v1/districts/kreis-hoexter/mentor-requests/{created.json()['id']}/decline/",
        {"decision_note": "später"},
        format="json",
    )
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
