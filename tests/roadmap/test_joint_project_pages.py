"""The joint projects list and the page that creates one (D116): the list is the same for everyone who
reads it; creating a project has its own page, for the coordination only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from roadmap.models import JointProject, JointProjectTown
from tests.conftest import World
from tests.helpers import form_fields, unchanged

LIST = "/kreise/kreis-hoexter/projekte/"
NEW = "/kreise/kreis-hoexter/projekte/neu/"
FORM_ID = "joint-project-form"


def test_the_list_has_no_form_and_links_the_coordination_to_the_new_project_page(
    world: World, client_as: Callable[[str], Client]
) -> None:
    coordinator = client_as("coordinator").get(LIST).content.decode()
    assert f'href="{NEW}"' in coordinator
    assert "<form" not in coordinator.split("<main", 1)[1]
    conference = client_as("conference").get(LIST).content.decode()
    assert f'href="{NEW}"' not in conference


def test_the_list_takes_no_posts_and_changes_nothing(world: World, client_as: Callable[[str], Client]) -> None:
    with unchanged(JointProject, JointProjectTown):
        refused = client_as("coordinator").post(LIST, {"title": "Am falschen Ort", "status": "planned"})
    assert refused.status_code == 405


def test_the_coordination_creates_a_project_with_its_participants(
    world: World, client_as: Callable[[str], Client]
) -> None:
    coordinator = client_as("coordinator")
    page = coordinator.get(NEW)
    assert page.status_code == 200
    values = form_fields(page.content.decode(), FORM_ID)
    values |= {"title": "Gemeinsame Bürger-App", "field_key": "prozesse", "status": "planned"}
    values["start_quarter"] = "2027-Q1"
    values[f"town_{world.town_brakel.pk}"] = "committed"
    values["lead_town"] = str(world.town_hoexter.pk)
    response = coordinator.post(NEW, values)
    project = JointProject.objects.get(district=world.hoexter_district, title="Gemeinsame Bürger-App")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{project.pk}/"
    assert project.lead_town == world.town_hoexter
    # the lead town takes part as committed, too
    assert set(JointProjectTown.objects.filter(joint_project=project).values_list("town__slug", "commitment")) == {
        ("brakel", "committed"),
        ("hoexter", "committed"),
    }


def test_a_project_without_a_title_is_refused_by_name_and_nothing_is_stored(
    world: World, client_as: Callable[[str], Client]
) -> None:
    coordinator = client_as("coordinator")
    values = form_fields(coordinator.get(NEW).content.decode(), FORM_ID) | {"title": "", "status": "planned"}
    with unchanged(JointProject, JointProjectTown):
        response = coordinator.post(NEW, values)
    assert response.status_code == 400
    assert 'href="#id_title"' in response.content.decode()


@pytest.mark.parametrize("label", ["conference", "officer_hoexter", "partner", "coordinator_lippe"])
def test_no_one_but_the_district_s_coordination_opens_or_sends_the_form(
    label: str, world: World, client_as: Callable[[str], Client]
) -> None:
    person = client_as(label)
    assert person.get(NEW).status_code in {403, 404}
    with unchanged(JointProject, JointProjectTown):
        refused = person.post(NEW, {"title": "Fremdes Projekt", "field_key": "prozesse", "status": "planned"})
    assert refused.status_code in {403, 404}


def _filled(coordinator: Client, title: str) -> dict[str, str]:
    values = form_fields(coordinator.get(NEW).content.decode(), FORM_ID)
    return values | {"title": title, "field_key": "prozesse", "status": "planned", "start_quarter": "2027-Q1"}


def test_a_town_of_another_district_as_lead_is_refused_and_nothing_is_stored(
    world: World, client_as: Callable[[str], Client]
) -> None:
    coordinator = client_as("coordinator")
    values = _filled(coordinator, "Mit fremder Federführung") | {"lead_town": str(world.town_detmold.pk)}
    with unchanged(JointProject, JointProjectTown):
        response = coordinator.post(NEW, values)
    assert response.status_code == 400
    assert 'href="#id_lead_town"' in response.content.decode()


def test_a_town_of_another_district_sent_as_participant_does_not_take_part(
    world: World, client_as: Callable[[str], Client]
) -> None:
    """The form offers the district's towns only; a field for another town is not read."""
    coordinator = client_as("coordinator")
    values = _filled(coordinator, "Mit fremder Beteiligung") | {f"town_{world.town_detmold.pk}": "committed"}
    assert coordinator.post(NEW, values).status_code == 302
    project = JointProject.objects.get(district=world.hoexter_district, title="Mit fremder Beteiligung")
    assert not JointProjectTown.objects.filter(joint_project=project, town=world.town_detmold).exists()
