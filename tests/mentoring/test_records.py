"""Mentoring records: made from a mentor pair of the synergies, seen by the two towns and the
coordination only, changed by the coordination (everything) and the two towns' officers (status, notes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from mentoring.models import Mentorship, MentorshipStatus
from quickcheck.models import GridVersion
from tests.conftest import World
from tests.helpers import form_values, unchanged
from tests.mentoring.conftest import hoexter_pair, record, town

pytestmark = pytest.mark.django_db

PAGES = "/kreise/kreis-hoexter/patenschaften/"
API = "/api/v1/districts/kreis-hoexter/mentorships/"


def test_a_mentor_pair_of_the_synergies_becomes_a_record(
    world: World,
    grid: GridVersion,
    client_as: Callable[[str], Client],
    person: Callable[[str], User],
    fired: dict[str, list[Any]],
) -> None:
    pair = hoexter_pair(world, grid)
    coordinator = client_as("coordinator")
    synergies = coordinator.get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/synergien/").content.decode()
    link = f"{PAGES}neu/?patin={pair.mentor.town_id}&amp;lernend={pair.mentee.town_id}&amp;feld={pair.field_key}"
    assert link in synergies  # the pair's button
    page = coordinator.get(link.replace("&amp;", "&"))
    values = form_values(page.content.decode(), "mentorship-form")
    assert values["mentor_town"] == [str(pair.mentor.town_id)]
    assert values["mentee_town"] == [str(pair.mentee.town_id)]
    assert values["field_keys"] == [pair.field_key]

    values.update(
        goal=["Online-Terminvergabe einführen"],
        mentor_contact_name=["Jana Patin"],
        mentor_contact_role=["Digitalisierungsbeauftragte"],
        mentor_contact_email=["jana@example.org"],
        starts_on=["2026-03-01"],
    )
    answer = coordinator.post(f"{PAGES}neu/", values)
    created = Mentorship.objects.exclude(is_sample_data=True).get()
    assert answer.status_code == 302
    assert answer["Location"] == f"{PAGES}{created.pk}/"
    assert (created.mentor_town_id, created.mentee_town_id, created.field_keys) == (
        pair.mentor.town_id,
        pair.mentee.town_id,
        [pair.field_key],
    )
    assert (created.goal, created.mentor_contact_email, str(created.starts_on)) == (
        "Online-Terminvergabe einführen",
        "jana@example.org",
        "2026-03-01",
    )
    assert created.status == MentorshipStatus.REQUESTED
    assert fired["mentoring_changed"] == [(created, "created", person("coordinator"))]


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("coordinator", 200),
        ("officer_hoexter", 200),
        ("viewer_hoexter", 200),
        ("officer_brakel", 404),  # another town of the district
        ("conference", 404),  # D97: a matter between two towns and the coordination
        ("operator", 404),
        ("coordinator_lippe", 404),
        ("officer_detmold", 404),
    ],
)
def test_only_the_two_towns_and_the_coordination_see_a_record(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient], label: str, status: int
) -> None:
    mentorship = record(world)
    page = client_as(label).get(f"{PAGES}{mentorship.pk}/")
    assert page.status_code == status
    assert ("VERTRAULICH-Ziel" in page.content.decode()) == (status == 200)
    assert api_as(label).get(f"{API}{mentorship.pk}/").status_code == status
    town_page = client_as(label).get("/kreise/kreis-hoexter/kommunen/hoexter/patenschaften/")
    assert town_page.status_code == (status if label != "operator" else 404)
    assert ("Warburg" in town_page.content.decode()) == (status == 200)
    listed = api_as(label).get("/api/v1/districts/kreis-hoexter/towns/hoexter/mentorships/")
    assert listed.status_code == status
    if status == 200:
        assert mentorship.pk in [row["id"] for row in listed.json()]


def test_the_mentor_towns_people_see_it_too(world: World, client_as: Callable[[str], Client]) -> None:
    mentorship = record(world, mentor="brakel", mentee="hoexter")
    assert client_as("officer_brakel").get(f"{PAGES}{mentorship.pk}/").status_code == 200


def test_a_towns_officer_changes_status_and_notes_but_nothing_else(
    world: World, client_as: Callable[[str], Client], fired: dict[str, list[Any]]
) -> None:
    mentorship = record(world)
    officer = client_as("officer_hoexter")
    answer = officer.post(
        f"{PAGES}{mentorship.pk}/", {"action": "status", "status": "active", "notes": "Erster Termin"}
    )
    assert answer.status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.notes) == ("active", "Erster Termin")
    assert [(m.pk, change) for m, change, _actor in fired["mentoring_changed"]][-1] == (mentorship.pk, "status")

    fired.clear()
    everything = {"action": "edit", "mentor_town": str(town(world, "brakel").pk), "goal": "anders"}
    with unchanged(Mentorship.objects.all()):
        assert officer.post(f"{PAGES}{mentorship.pk}/", everything).status_code == 403
        viewer = client_as("viewer_hoexter")
        assert viewer.post(f"{PAGES}{mentorship.pk}/", {"action": "status", "status": "ended"}).status_code == 403
        brakel = client_as("officer_brakel")
        assert brakel.post(f"{PAGES}{mentorship.pk}/", {"action": "status", "status": "ended"}).status_code == 404
        bad = officer.post(f"{PAGES}{mentorship.pk}/", {"action": "status", "status": "vielleicht"})
        assert bad.status_code == 400
        assert "Status: unbekannter Wert „vielleicht“." in bad.content.decode()
    assert fired == {}


def test_the_api_mirrors_the_page(
    world: World, api_as: Callable[[str], APIClient], fired: dict[str, list[Any]]
) -> None:
    mentorship = record(world)
    officer = api_as("officer_hoexter")
    answer = officer.patch(f"{API}{mentorship.pk}/", {"status": "completed", "notes": "fertig"}, format="json")
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["notes"]) == ("completed", "fertig")
    with unchanged(Mentorship.objects.all()):
        full = {"mentor_town": "brakel", "mentee_town": "hoexter", "field_keys": ["verwaltung"], "goal": "x"}
        assert officer.put(f"{API}{mentorship.pk}/", full, format="json").status_code == 403
        assert officer.get(API).status_code == 403  # the district's list is the coordination's
        assert (
            api_as("viewer_hoexter").patch(f"{API}{mentorship.pk}/", {"status": "ended"}, format="json").status_code
            == 403
        )
        assert (
            api_as("officer_brakel").patch(f"{API}{mentorship.pk}/", {"status": "ended"}, format="json").status_code
            == 404
        )
        assert api_as("anonymous").get(f"{API}{mentorship.pk}/").status_code == 401
    coordinator = api_as("coordinator")
    full = {
        "mentor_town": "warburg",
        "mentee_town": "hoexter",
        "field_keys": ["verwaltung", "bildung"],
        "goal": "neu",
        "status": "active",
    }
    changed = coordinator.put(f"{API}{mentorship.pk}/", full, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["field_keys"] == ["verwaltung", "bildung"]
    assert mentorship.pk in [row["id"] for row in coordinator.get(API).json()]


def test_bad_input_names_the_fields_and_writes_nothing(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    hoexter = str(world.town_hoexter.pk)
    with unchanged(Mentorship.objects.all()):
        page = client_as("coordinator").post(
            f"{PAGES}neu/",
            {
                "mentor_town": hoexter,
                "mentee_town": hoexter,
                "field_keys": ["gibt-es-nicht"],
                "goal": " ",
                "mentor_contact_email": "keine-adresse",
                "starts_on": "2026-05-01",
                "ends_on": "2026-04-01",
            },
        )
        assert page.status_code == 400
        html = page.content.decode()
        for message in (
            "Lernende Kommune: Patin und lernende Kommune müssen verschieden sein.",
            "Handlungsfelder: „gibt-es-nicht“ gibt es im geltenden Leitbild nicht.",
            "Ziel: Bitte beschreiben Sie, was die Patenschaft erreichen soll.",
            "E-Mail (Patin): „keine-adresse“ ist keine E-Mail-Adresse.",
            "Ende: Das Ende liegt vor dem Beginn.",
        ):
            assert message in html
        answer = api_as("coordinator").post(
            API, {"mentor_town": "detmold", "mentee_town": "hoexter", "field_keys": [], "goal": ""}, format="json"
        )
        assert answer.status_code == 400
        assert set(answer.json()) >= {"mentor_town"}
        answer = api_as("coordinator").post(
            API, {"mentor_town": "warburg", "mentee_town": "hoexter", "field_keys": [], "goal": ""}, format="json"
        )
        assert answer.status_code == 400
        assert set(answer.json()) >= {"field_keys", "goal"}


def test_the_town_home_lists_the_record_and_asks_no_mentor_where_one_helps(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    Mentorship.objects.all().delete()
    pair = hoexter_pair(world, grid)
    mentorship = record(world, mentor="warburg", mentee="hoexter", field_key=pair.field_key)
    html = client_as("officer_hoexter").get("/kreise/kreis-hoexter/kommunen/hoexter/").content.decode()
    assert f"{PAGES}{mentorship.pk}/" in html
    assert "data-mentor-running" in html
    assert f"anfragen/?feld={pair.field_key}" not in html
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ENDED)
    html = client_as("officer_hoexter").get("/kreise/kreis-hoexter/kommunen/hoexter/").content.decode()
    assert f"anfragen/?feld={pair.field_key}" in html or "data-mentor-requested" in html
