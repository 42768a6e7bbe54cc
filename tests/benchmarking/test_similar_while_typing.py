"""Checking while typing: before a measure is saved, the officer sees similar published entries of the
district's other towns and its joint projects, and can put the measure into such a project in one step
(issue 15, item 2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from benchmarking.models import DuplicateFlag
from benchmarking.selectors import similar_to_draft
from publishing.models import PublishedItem
from roadmap.measures.models import Measure
from roadmap.models import JointProject, JointProjectItem, JointProjectTown
from tenants.models import District
from tests.conftest import World
from tests.helpers import JOINT_PROJECTS, town_unchanged, unchanged

pytestmark = pytest.mark.django_db

API = "/api/v1/districts/kreis-hoexter/towns/hoexter/similar/"
NEW = "/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/"
TITLE = "Ratsinformationssystem erneuern"
DESCRIPTION = "Sitzungsunterlagen digital für den Rat."
DRAFT = {"title": TITLE, "description": DESCRIPTION}


def test_the_draft_finds_other_towns_published_entries_not_its_own(world: World) -> None:
    matches = similar_to_draft(town=world.town_hoexter, names_visible=True, title=TITLE, description=DESCRIPTION)
    found = {(m.town_name, m.title) for m in matches}
    # The demo register: Brakel plans one, Bad Driburg is procuring one (Höxter's own runs already).
    assert ("Brakel", "Einführung eines Ratsinformationssystems") in found
    assert ("Bad Driburg", "Neues Ratsinformationssystem für die Gremienarbeit") in found
    assert all(m.town_name != "Höxter" for m in matches)
    assert all("Ratsinformationssystem" in m.concepts for m in matches if m.kind != "joint_project")
    assert matches == sorted(matches, key=lambda m: (-m.similarity, m.title))
    assert similar_to_draft(town=world.town_hoexter, names_visible=True, title="  ", description="") == []


def test_a_joint_project_the_town_takes_part_in_can_be_joined(world: World) -> None:
    project = JointProject.objects.create(
        district=world.hoexter_district, title="Gemeinsames Ratsinformationssystem", field_key="verwaltung"
    )
    matches = {
        m.title: m
        for m in similar_to_draft(town=world.town_hoexter, names_visible=True, title=TITLE, description=DESCRIPTION)
    }
    assert matches[project.title].kind == "joint_project"
    assert matches[project.title].joinable is False  # Höxter takes no part yet
    JointProjectTown.objects.create(joint_project=project, town=world.town_hoexter)
    matches = {
        m.title: m
        for m in similar_to_draft(town=world.town_hoexter, names_visible=True, title=TITLE, description=DESCRIPTION)
    }
    assert matches[project.title].joinable is True
    assert matches[project.title].joint_project_id == project.pk


def test_the_api_answers_the_towns_officer_and_writes_nothing(world: World, api_as: Callable[[str], APIClient]) -> None:
    with unchanged(PublishedItem, DuplicateFlag, *JOINT_PROJECTS), town_unchanged(world.town_hoexter):
        answer = api_as("officer_hoexter").post(API, DRAFT, format="json")
    assert answer.status_code == 200
    rows = answer.json()
    assert {"town": "Brakel", "title": "Einführung eines Ratsinformationssystems"}.items() <= next(
        row for row in rows if row["town"] == "Brakel"
    ).items()
    assert rows[0]["concepts"] == ["Ratsinformationssystem"]


@pytest.mark.parametrize("label", ["officer_brakel", "officer_detmold", "coordinator_lippe", "viewer_hoexter"])
def test_nobody_else_asks_on_a_towns_behalf(api_as: Callable[[str], APIClient], label: str) -> None:
    assert api_as(label).post(API, DRAFT, format="json").status_code in (403, 404)


def test_names_stay_hidden_where_the_district_keeps_them_from_towns(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    District.objects.filter(pk=world.hoexter_district.pk).update(towns_see_peer_names=False)
    rows = api_as("officer_hoexter").post(API, DRAFT, format="json").json()
    assert rows
    assert {row["town"] for row in rows} == {""}
    assert "Brakel" not in str(rows)


def test_without_javascript_the_form_comes_back_with_the_list_and_nothing_is_saved(
    world: World, client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer_hoexter")
    blank = officer.get(NEW).content.decode()
    assert "Gibt es das schon im Kreis?" in blank
    assert 'data-url="/api/v1/districts/kreis-hoexter/towns/hoexter/similar/"' in blank
    with town_unchanged(world.town_hoexter):
        page = officer.post(NEW, {**DRAFT, "field_key": "verwaltung", "similar": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Einführung eines Ratsinformationssystems" in text
    assert 'value="Ratsinformationssystem erneuern"' in text  # the form as typed
    assert "Nicht gespeichert" not in text  # no error summary: nothing was submitted for saving


def test_joining_a_project_from_the_list_puts_it_into_the_form_and_saving_links_it(
    world: World, client_as: Callable[[str], Client]
) -> None:
    project = JointProject.objects.create(
        district=world.hoexter_district, title="Gemeinsames Ratsinformationssystem", field_key="verwaltung"
    )
    JointProjectTown.objects.create(joint_project=project, town=world.town_hoexter)
    officer = client_as("officer_hoexter")
    with town_unchanged(world.town_hoexter):
        page = officer.post(NEW, {**DRAFT, "field_key": "verwaltung", "join_project": str(project.pk)})
    text = page.content.decode()
    assert f'<option value="{project.pk}" selected>' in text
    saved = officer.post(
        NEW,
        {**DRAFT, "field_key": "verwaltung", "priority": "medium", "status": "idea", "progress": "0",
         "joint_project_id": str(project.pk)},
    )  # fmt: skip
    assert saved.status_code == 302, saved.content.decode()[:2000]
    with town_schema(world.town_hoexter):
        measure = Measure.objects.get(title=DRAFT["title"])
    assert JointProjectItem.objects.filter(
        joint_project=project, town=world.town_hoexter, item_kind="measure", item_id=measure.pk
    ).exists()


REGISTER = "/kreise/kreis-hoexter/kommunen/hoexter/loesungen/"


def test_the_register_form_looks_too_with_product_and_category(
    world: World, client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer_hoexter")
    assert 'data-url="/api/v1/districts/kreis-hoexter/towns/hoexter/similar/"' in officer.get(REGISTER).content.decode()
    typed = {"title": "Gremienarbeit digital", "product": "ALLRIS", "category": "council_information",
             "field_key": "verwaltung", "status": "planned", "similar": "1"}  # fmt: skip
    with town_unchanged(world.town_hoexter):
        page = officer.post(REGISTER, typed)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Einführung eines Ratsinformationssystems" in text
    assert 'value="Gremienarbeit digital"' in text
    assert "data-join-project" not in text  # the register form has no project to choose
    with town_unchanged(world.town_hoexter):
        assert client_as("viewer_hoexter").post(REGISTER, typed).status_code == 403
