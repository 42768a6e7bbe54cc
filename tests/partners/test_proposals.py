"""A partner proposes, the addressed town or the coordination decides (D95, D96)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from partners.models import Proposal, ProposalStatus
from roadmap.measures.models import Measure
from roadmap.models import JointProject
from tests.conftest import World
from tests.helpers import town_unchanged, unchanged
from tests.partners.conftest import goal_key

pytestmark = pytest.mark.django_db

D = "/kreise/kreis-hoexter"
A = "/api/v1/districts/kreis-hoexter"


def _form(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "WLAN in allen Bürgerhäusern",
        "description": "Die Stadtwerke bringen Glasfaser und WLAN in die Bürgerhäuser.",
        "field_key": "umwelt",
        "goal_keys": [goal_key(world)],
        "town": "hoexter",
    }
    return {**data, **changes}


def test_a_partner_proposes_to_a_town_on_its_home(
    world: World, client_as: Callable[[str], Client], fired: dict[str, list[Any]]
) -> None:
    answer = client_as("partner").post(f"{D}/partner/", _form(world))
    assert answer.status_code == 302
    proposal = Proposal.objects.get(title="WLAN in allen Bürgerhäusern")
    assert (proposal.town, proposal.organisation, proposal.status) == (world.town_hoexter, "Stadtwerke Höxter", "open")
    assert proposal.goal_keys == [goal_key(world)]
    assert fired["submitted"] == [(proposal.pk, "open", world.town_hoexter.pk)]
    assert "WLAN in allen Bürgerhäusern" in client_as("partner").get(f"{D}/partner/").content.decode()


def test_a_partner_proposes_to_the_district_as_a_whole_through_the_api(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    payload = {k: v for k, v in _form(world).items() if k != "town"}
    answer = api_as("partner").post(f"{A}/proposals/", payload, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["town"] is None
    assert Proposal.objects.get(pk=answer.json()["id"]).town is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": ""}, "title", "Titel"),
        ({"description": "  "}, "description", "beschreiben"),
        ({"field_key": "gibtsnicht"}, "field_key", "gibtsnicht"),
        ({"goal_keys": ["fremdes-ziel"]}, "goal_keys", "fremdes-ziel"),
        ({"town": "detmold"}, "town", "detmold"),
    ],
)
def test_bad_proposals_are_refused_by_field_and_nothing_is_written(
    world: World,
    client_as: Callable[[str], Client],
    api_as: Callable[[str], APIClient],
    changes: dict[str, Any],
    field: str,
    words: str,
) -> None:
    with unchanged(Proposal.objects.all()):
        api = api_as("partner").post(f"{A}/proposals/", _form(world, **changes), format="json")
        page = client_as("partner").post(f"{D}/partner/", _form(world, **changes))
    assert api.status_code == 400
    assert field in api.json()
    if field not in ("field_key", "town", "goal_keys"):  # the page offers only valid choices for those
        assert words in " ".join(api.json()[field])
    assert page.status_code == 400
    assert 'class="errors"' in page.content.decode()


def test_a_goal_of_another_field_is_refused_by_name(world: World, api_as: Callable[[str], APIClient]) -> None:
    other = goal_key(world, "verwaltung")
    answer = api_as("partner").post(f"{A}/proposals/", _form(world, goal_keys=[other]), format="json")
    assert answer.status_code == 400
    assert other in answer.json()["goal_keys"][0]


def test_nobody_but_a_partner_of_the_district_proposes(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    with unchanged(Proposal.objects.all()):
        for label in ("partner_lippe", "coordinator", "officer_hoexter", "operator", "no_role"):
            assert api_as(label).post(f"{A}/proposals/", _form(world), format="json").status_code == 403, label
            assert client_as(label).post(f"{D}/partner/", _form(world)).status_code == 403, label
        assert api_as("anonymous").post(f"{A}/proposals/", _form(world), format="json").status_code == 401


def test_who_sees_a_proposal_to_hoexter(
    world: World,
    propose: Callable[..., Proposal],
    api_as: Callable[[str], APIClient],
    client_as: Callable[[str], Client],
) -> None:
    proposal = propose(town=world.town_hoexter, title="NUR-FUER-HOEXTER")
    seeing = {"partner", "coordinator", "officer_hoexter", "viewer_hoexter"}
    for label in (*seeing, "partner_board", "officer_brakel", "conference", "partner_lippe", "coordinator_lippe"):
        listed = api_as(label).get(f"{A}/proposals/")
        detail = api_as(label).get(f"{A}/proposals/{proposal.pk}/")
        page = client_as(label).get(f"{D}/vorschlaege/{proposal.pk}/")
        if label in seeing:
            assert proposal.pk in [p["id"] for p in listed.json()], label
            assert detail.status_code == 200, label
            assert page.status_code == 200, label
        else:
            assert "NUR-FUER-HOEXTER" not in listed.content.decode(), label
            assert detail.status_code == 403, label
            assert page.status_code == 403, label
    assert "NUR-FUER-HOEXTER" in client_as("officer_hoexter").get(f"{D}/kommunen/hoexter/vorschlaege/").content.decode()
    assert client_as("officer_brakel").get(f"{D}/kommunen/hoexter/vorschlaege/").status_code == 403
    assert (
        "NUR-FUER-HOEXTER" not in client_as("officer_brakel").get(f"{D}/kommunen/brakel/vorschlaege/").content.decode()
    )
    assert "NUR-FUER-HOEXTER" in client_as("coordinator").get(f"{D}/vorschlaege/").content.decode()


def test_the_towns_officer_accepts_a_proposal_into_its_roadmap_once(
    world: World, propose: Callable[..., Proposal], client_as: Callable[[str], Client], fired: dict[str, list[Any]]
) -> None:
    proposal = propose(town=world.town_hoexter)
    with town_schema(world.town_hoexter):
        before = Measure.objects.count()
    with town_unchanged(world.town_brakel):
        answer = client_as("officer_hoexter").post(f"{D}/vorschlaege/{proposal.pk}/", {"accept": "1"})
        again = client_as("officer_hoexter").post(f"{D}/vorschlaege/{proposal.pk}/", {"accept": "1"})
    assert answer.status_code == 302
    assert again.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    with town_schema(world.town_hoexter):
        assert Measure.objects.count() == before + 1
        assert proposal.measure_id is not None
        measure = Measure.objects.get(pk=proposal.measure_id)
    assert (measure.title, measure.status, measure.field_key) == ("Ladesäulen an Rathäusern", "idea", "umwelt")
    assert measure.status_note == "Vorschlag von Stadtwerke Höxter"
    assert measure.shared_goal_keys == [goal_key(world)]
    assert fired["decided"] == [(proposal.pk, "accepted", "")]


def test_the_coordination_accepts_a_proposal_to_the_district_as_a_joint_project(
    world: World, propose: Callable[..., Proposal], api_as: Callable[[str], APIClient]
) -> None:
    proposal = propose(town=None)
    answer = api_as("coordinator").post(f"{A}/proposals/{proposal.pk}/accept/")
    assert answer.status_code == 200, answer.content
    project = JointProject.objects.get(pk=answer.json()["joint_project_id"])
    assert (project.title, project.status, project.lead_town) == ("Ladesäulen an Rathäusern", "idea", None)
    assert project.status_note == "Vorschlag von Stadtwerke Höxter"


def test_a_decline_needs_a_reason_and_the_partner_reads_it(
    world: World,
    propose: Callable[..., Proposal],
    api_as: Callable[[str], APIClient],
    client_as: Callable[[str], Client],
    fired: dict[str, list[Any]],
) -> None:
    proposal = propose(town=world.town_hoexter)
    with unchanged(Proposal.objects.all()):
        empty = api_as("officer_hoexter").post(f"{A}/proposals/{proposal.pk}/decline/", {"reason": " "}, format="json")
        page = client_as("officer_hoexter").post(f"{D}/vorschlaege/{proposal.pk}/", {"decline": "1", "reason": ""})
    assert empty.status_code == 400
    assert "reason" in empty.json()
    assert page.status_code == 400
    answer = api_as("officer_hoexter").post(
        f"{A}/proposals/{proposal.pk}/decline/", {"reason": "Schon im Haushalt 2027 geplant."}, format="json"
    )
    assert answer.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_reason) == ("declined", "Schon im Haushalt 2027 geplant.")
    assert fired["decided"] == [(proposal.pk, "declined", "Schon im Haushalt 2027 geplant.")]
    assert "Schon im Haushalt 2027 geplant." in client_as("partner").get(f"{D}/partner/").content.decode()


def test_refused_decisions_change_nothing(
    world: World,
    propose: Callable[..., Proposal],
    api_as: Callable[[str], APIClient],
    client_as: Callable[[str], Client],
) -> None:
    to_town = propose(town=world.town_hoexter)
    to_district = propose(town=None, title="Kreisweit")
    refused = {
        to_town: (
            "officer_brakel",
            "viewer_hoexter",
            "coordinator",
            "conference",
            "partner",
            "partner_lippe",
            "operator",
        ),
        to_district: ("officer_hoexter", "conference", "partner", "coordinator_lippe", "operator"),
    }
    with unchanged(Proposal.objects.all(), JointProject.objects.all()), town_unchanged(world.town_hoexter):
        for proposal, labels in refused.items():
            for label in labels:
                for action, data in (("accept", {}), ("decline", {"reason": "nein"})):
                    api = api_as(label).post(f"{A}/proposals/{proposal.pk}/{action}/", data, format="json")
                    assert api.status_code == 403, (label, action, api.status_code)
                    page = client_as(label).post(f"{D}/vorschlaege/{proposal.pk}/", {action: "1", **data})
                    assert page.status_code == 403, (label, action, page.status_code)


def test_a_proposal_whose_field_left_the_strategy_is_refused_on_acceptance_by_field(
    world: World, propose: Callable[..., Proposal], client_as: Callable[[str], Client]
) -> None:
    proposal = propose(town=world.town_hoexter)
    Proposal.objects.filter(pk=proposal.pk).update(field_key="abgeschafft")
    with town_unchanged(world.town_hoexter):
        answer = client_as("officer_hoexter").post(f"{D}/vorschlaege/{proposal.pk}/", {"accept": "1"})
    assert answer.status_code == 400
    assert "Handlungsfeld" in answer.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_an_unknown_proposal_is_404_and_one_of_another_district_too(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    assert api_as("coordinator").get(f"{A}/proposals/999999/").status_code == 404
    assert api_as("coordinator_lippe").get(f"{A}/proposals/999999/").status_code == 403


def test_the_town_home_links_its_open_proposals(
    world: World, propose: Callable[..., Proposal], client_as: Callable[[str], Client]
) -> None:
    propose(town=world.town_hoexter)
    page = client_as("officer_hoexter").get(f"{D}/kommunen/hoexter/").content.decode()
    assert f"{D}/kommunen/hoexter/vorschlaege/" in page
    assert "offen" in page
    assert "vorschlaege" not in client_as("officer_brakel").get(f"{D}/kommunen/hoexter/").content.decode()


def test_the_proposal_page_leads_back_to_what_each_may_read(
    world: World, propose: Callable[..., Proposal], client_as: Callable[[str], Client]
) -> None:
    proposal = propose(town=world.town_hoexter)
    partner = client_as("partner").get(f"{D}/vorschlaege/{proposal.pk}/").content.decode()
    officer = client_as("officer_hoexter").get(f"{D}/vorschlaege/{proposal.pk}/").content.decode()
    assert f'<p class="breadcrumb"><a href="{D}/partner/">' in partner
    assert 'id="accept-form"' not in partner
    assert f'<p class="breadcrumb"><a href="{D}/kommunen/hoexter/vorschlaege/">' in officer
    assert 'id="accept-form"' in officer
