"""A town's measures through the API and pages: status rules, history, publishing, lighthouses,
joint projects, the district's roadmap — and that no other town reads or changes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from audit.models import AuditEntry
from benchmarking.models import DuplicateFlag
from publishing.tasks import items_publish_task
from roadmap.measures.models import Measure
from roadmap.models import JointProjectItem
from tests.conftest import World
from tests.helpers import JOINT_PROJECTS, town_unchanged, unchanged

API = "/api/v1/districts/kreis-hoexter"
HOEXTER = f"{API}/towns/hoexter/measures/"
BRAKEL = f"{API}/towns/brakel/measures/"
MEASURE = {
    "title": "Online-Terminbuchung im Bürgerbüro",
    "field_key": "verwaltung",
    "other_field_keys": ["organisation"],
    "question_targets": [{"code": "VW-4", "expected_level": 3}],
    "priority": "high",
    "status": "in_progress",
    "start_quarter": "Q1/2026",
    "end_quarter": "2026-Q4",
    "budget_estimate": "12500.50",
    "progress": 60,
    "milestones": [{"title": "Auftakt", "due_quarter": "2026-Q1", "is_done": True}],
}


def _measures(town: Any) -> list[tuple[str, str, int]]:
    with town_schema(town):
        return list(Measure.objects.order_by("pk").values_list("title", "status", "progress"))


def _create(api: APIClient, url: str = HOEXTER, **changes: Any) -> dict[str, Any]:
    response = api.post(url, {**MEASURE, **changes}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_the_officer_keeps_a_measure_and_its_history(
    world: World, api_as: Callable[[str], APIClient], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    api = api_as("officer_hoexter")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = _create(api)
    assert len(callbacks) == 1  # the publish step is enqueued
    assert (created["start_quarter"], created["end_quarter"], created["budget_estimate"]) == (
        "2026-Q1",
        "2026-Q4",
        12500.5,
    )
    assert created["question_targets"][0]["code"] == "VW-4"
    assert created["milestones"] == [{"title": "Auftakt", "due_quarter": "2026-Q1", "is_done": True}]
    done = api.put(f"{HOEXTER}{created['id']}/", {**MEASURE, "status": "done", "progress": 100}, format="json")
    assert done.status_code == 200, done.content
    with town_schema(world.town_hoexter):
        entries = list(AuditEntry.objects.filter(action__startswith="roadmap.").order_by("-pk")[:2])
    assert [e.action for e in entries] == ["roadmap.measure_updated", "roadmap.measure_created"]
    assert entries[0].summary == "Maßnahme „Online-Terminbuchung im Bürgerbüro“: Status in Umsetzung → abgeschlossen"
    assert entries[0].changes["fields"] == {"status": ["in_progress", "done"], "progress": [60, 100]}


def test_status_rules_hold_through_the_api_and_nothing_is_written(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("officer_hoexter")
    before = _measures(world.town_hoexter)
    with town_unchanged(world.town_hoexter):  # no measure, no milestone, no history entry
        response = api.post(HOEXTER, {**MEASURE, "status": "done", "progress": 80}, format="json")
    assert response.status_code == 400
    assert response.json() == {"progress": ["Abgeschlossen heißt 100 % Fortschritt."]}
    created = _create(api, status="done", progress=100)
    with town_unchanged(world.town_hoexter):
        back = api.put(f"{HOEXTER}{created['id']}/", {**MEASURE, "status": "planned", "progress": 0}, format="json")
    assert back.status_code == 400
    assert back.json() == {"status": ["Aus „abgeschlossen“ geht es nur nach „in Umsetzung“."]}
    assert _measures(world.town_hoexter) == [*before, (MEASURE["title"], "done", 100)]


@pytest.mark.parametrize("label", ["officer_brakel", "coordinator_lippe", "officer_detmold", "conference", "no_role"])
def test_no_one_else_reads_or_changes_a_towns_measures(
    world: World, api_as: Callable[[str], APIClient], label: str
) -> None:
    created = _create(api_as("officer_hoexter"))
    other = api_as(label)
    assert other.get(HOEXTER).status_code in (403, 404)
    assert other.get(f"{HOEXTER}{created['id']}/").status_code in (403, 404)
    assert other.get(f"{HOEXTER}export/?file_format=csv").status_code in (403, 404)
    with town_unchanged(world.town_hoexter):
        changed = other.put(f"{HOEXTER}{created['id']}/", {**MEASURE, "title": "übernommen"}, format="json")
        deleted = other.delete(f"{HOEXTER}{created['id']}/")
    assert changed.status_code in (403, 404)
    assert deleted.status_code in (403, 404)


def test_a_measure_id_of_another_town_is_not_found_in_ones_own(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    created = _create(api_as("officer_hoexter"))
    brakel = api_as("officer_brakel")
    # Brakel asks its own town for Höxter's id: its own schema has no such measure.
    assert brakel.get(f"{BRAKEL}{created['id']}/").status_code == 404
    with town_unchanged(world.town_hoexter), town_unchanged(world.town_brakel):
        response = brakel.put(f"{BRAKEL}{created['id']}/", {**MEASURE, "title": "übernommen"}, format="json")
    assert response.status_code == 404
    assert _measures(world.town_brakel) == []


def test_the_coordinator_reads_a_towns_roadmap_but_does_not_change_it(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    created = _create(api_as("officer_hoexter"))
    coordinator = api_as("coordinator")
    assert [m["title"] for m in coordinator.get(HOEXTER).json()] == [MEASURE["title"]]
    with town_unchanged(world.town_hoexter):
        response = coordinator.put(f"{HOEXTER}{created['id']}/", {**MEASURE, "progress": 90}, format="json")
    assert response.status_code == 403


def test_a_lighthouse_is_good_practice_for_every_town_other_measures_are_not(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    officer = api_as("officer_hoexter")
    _create(officer, is_lighthouse=True, lesson_learned="Früh mit dem Personalrat sprechen.")
    _create(officer, title="Interne Haushaltsplanung digitalisieren")
    items_publish_task.run(town_id=world.town_hoexter.pk)
    lighthouses = api_as("officer_brakel").get(f"{API}/lighthouses/")
    assert lighthouses.status_code == 200
    assert [(r["town"], r["title"], r["lesson_learned"]) for r in lighthouses.json()] == [
        ("Höxter", MEASURE["title"], "Früh mit dem Personalrat sprechen.")
    ]
    page = client_as("officer_brakel").get("/kreise/kreis-hoexter/leuchttuerme/").content.decode()
    assert "Früh mit dem Personalrat sprechen." in page
    assert "Haushaltsplanung" not in page
    # Brakel does not see Höxter's roadmap of all measures; the coordinator does.
    assert api_as("officer_brakel").get(f"{API}/roadmap/").status_code == 403
    assert api_as("officer_detmold").get(f"{API}/lighthouses/").status_code in (403, 404)
    district = api_as("coordinator").get(f"{API}/roadmap/").json()
    assert {r["title"] for r in district["rows"] if r["kind"] == "measure"} == {
        MEASURE["title"],
        "Interne Haushaltsplanung digitalisieren",
    }
    # Both in progress at 60 %: verwaltung 60.0, and organisation (the second field) 60.0 too.
    assert district["towns"]["Höxter"]["fields"]["verwaltung"] == {"counted": 2, "done": 0, "mean": 60.0}
    assert district["towns"]["Höxter"]["fields"]["organisation"] == {"counted": 2, "done": 0, "mean": 60.0}


def test_the_district_roadmap_filters_by_status_field_and_town(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    _create(api_as("officer_hoexter"))
    _create(
        api_as("officer_brakel"),
        url=BRAKEL,
        title="WLAN in Schulen",
        field_key="bildung",
        other_field_keys=[],
        question_targets=[],
        status="planned",
        progress=0,
    )
    for town in (world.town_hoexter, world.town_brakel):
        items_publish_task.run(town_id=town.pk)
    coordinator = api_as("coordinator")

    def titles(query: str) -> list[str]:
        return [r["title"] for r in coordinator.get(f"{API}/roadmap/?{query}").json()["rows"] if r["kind"] == "measure"]

    assert titles("status=planned") == ["WLAN in Schulen"]
    assert titles("field=organisation") == [MEASURE["title"]]
    assert titles("town=brakel") == ["WLAN in Schulen"]
    assert titles("status=planned&status=in_progress") == [MEASURE["title"], "WLAN in Schulen"]  # by field order


def test_a_measure_in_a_joint_project_is_no_duplicated_structure(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    coordinator = api_as("coordinator")
    project = coordinator.post(
        f"{API}/joint-projects/",
        {
            "title": "E-Akte gemeinsam",
            "field_key": "prozesse",
            "status": "planned",
            "start_quarter": "2027-Q1",
            "lead_town": "hoexter",
            "participants": [{"town": "brakel", "commitment": "committed"}],
        },
        format="json",
    )
    assert project.status_code == 201, project.content
    project_id = project.json()["id"]
    common: dict[str, Any] = {
        "field_key": "prozesse",
        "other_field_keys": [],
        "question_targets": [],
        "status": "planned",
        "progress": 0,
        "start_quarter": "2027-Q1",
        "end_quarter": "",
        "milestones": [],
    }
    hoexter = _create(api_as("officer_hoexter"), title="Einführung des digitalen Bauantrags", **common)
    brakel = _create(api_as("officer_brakel"), url=BRAKEL, title="Digitalen Bauantrag einführen", **common)
    for town in (world.town_hoexter, world.town_brakel):
        items_publish_task.run(town_id=town.pk)

    def flagged() -> bool:
        """A current flag holds both towns' measures."""
        return DuplicateFlag.objects.filter(
            district=world.hoexter_district,
            is_current=True,
            evidence__items__contains=[
                {"title": "Digitalen Bauantrag einführen"},
                {"title": "Einführung des digitalen Bauantrags"},
            ],
        ).exists()

    assert flagged()
    linked = {**MEASURE, **common, "title": "Einführung des digitalen Bauantrags", "joint_project_id": project_id}
    assert api_as("officer_hoexter").put(f"{HOEXTER}{hoexter['id']}/", linked, format="json").status_code == 200
    assert flagged()  # only one side is in the project
    brakel_linked = {**linked, "title": "Digitalen Bauantrag einführen"}
    assert api_as("officer_brakel").put(f"{BRAKEL}{brakel['id']}/", brakel_linked, format="json").status_code == 200
    assert not flagged()
    assert set(JointProjectItem.objects.filter(joint_project_id=project_id).values_list("town__slug", flat=True)) == {
        "hoexter",
        "brakel",
    }
    # The coordinator's project page lists the linked measures of both towns (from what they published).
    for town in (world.town_hoexter, world.town_brakel):
        items_publish_task.run(town_id=town.pk)
    page = client_as("coordinator").get(f"/kreise/kreis-hoexter/projekte/{project_id}/").content.decode()
    linked_table = page[page.index('id="linked-measures"') :]
    assert "Einführung des digitalen Bauantrags" in linked_table
    assert "Digitalen Bauantrag einführen" in linked_table
    # Brakel leaves the project: its link goes, and it can no longer link its measure.
    coordinator.put(
        f"{API}/joint-projects/{project_id}/participants/", {"lead_town": "hoexter", "participants": []}, format="json"
    )
    assert not JointProjectItem.objects.filter(joint_project_id=project_id, town=world.town_brakel).exists()
    officer_brakel = api_as("officer_brakel")
    with town_unchanged(world.town_brakel), unchanged(*JOINT_PROJECTS):
        refused = officer_brakel.put(f"{BRAKEL}{brakel['id']}/", brakel_linked, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"joint_project_id": [f"Brakel ist am gemeinsamen Projekt {project_id} nicht beteiligt."]}


def test_who_may_change_a_joint_project(world: World, api_as: Callable[[str], APIClient]) -> None:
    created = api_as("coordinator").post(
        f"{API}/joint-projects/",
        {"title": "Gemeinsames WLAN", "field_key": "infrastruktur", "status": "idea", "lead_town": "hoexter"},
        format="json",
    )
    url = f"{API}/joint-projects/{created.json()['id']}/"
    plan = {"title": "Gemeinsames WLAN", "field_key": "infrastruktur", "status": "planned", "start_quarter": "2027-Q2"}
    officer_brakel = api_as("officer_brakel")
    with unchanged(*JOINT_PROJECTS):
        assert officer_brakel.put(url, plan, format="json").status_code == 403
        assert officer_brakel.post(f"{API}/joint-projects/", plan, format="json").status_code == 403
    assert api_as("officer_detmold").get(url).status_code in (403, 404)
    lead = api_as("officer_hoexter").put(url, plan, format="json")
    assert lead.status_code == 200, lead.content
    assert (lead.json()["status"], lead.json()["start_quarter"]) == ("planned", "2027-Q2")
    officer_hoexter = api_as("officer_hoexter")
    with unchanged(*JOINT_PROJECTS):  # the lead town plans, but does not choose the participants
        response = officer_hoexter.put(
            f"{url}participants/", {"participants": [{"town": "brakel", "commitment": "committed"}]}, format="json"
        )
    assert response.status_code == 403
    assert api_as("officer_brakel").get(url).json()["lead_town"] == "hoexter"  # everyone in the district reads it


def test_the_roadmap_pages_render_in_german_with_table_alternatives(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    _create(api_as("officer_hoexter"))
    items_publish_task.run(town_id=world.town_hoexter.pk)
    town_page = client_as("officer_hoexter").get("/kreise/kreis-hoexter/kommunen/hoexter/roadmap/")
    assert town_page.status_code == 200
    text = town_page.content.decode()
    assert 'aria-describedby="roadmap-rows"' in text
    assert 'id="roadmap-rows"' in text
    assert "Q1/2026" in text
    assert "60 %" in text
    district_page = client_as("coordinator").get("/kreise/kreis-hoexter/roadmap/?status=in_progress")
    assert district_page.status_code == 200
    assert "Höxter" in district_page.content.decode()
    assert client_as("officer_brakel").get("/kreise/kreis-hoexter/kommunen/hoexter/roadmap/").status_code in (403, 404)
    assert client_as("officer_brakel").get("/kreise/kreis-hoexter/roadmap/").status_code == 403
    officer = client_as("officer_hoexter")
    with town_unchanged(world.town_hoexter):
        form = officer.post(
            "/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/",
            {
                "title": "Idee mit Fortschritt",
                "field_key": "verwaltung",
                "priority": "low",
                "status": "idea",
                "progress": 30,
            },
        )
    assert form.status_code == 400
    assert "Eine Idee steht bei 0 % Fortschritt." in form.content.decode()


def test_participants_are_towns_of_the_district_and_the_lead_is_committed(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    coordinator = api_as("coordinator")
    plan = {"title": "Gemeinsame Geodaten", "field_key": "infrastruktur", "status": "idea"}
    coordinator_lippe = api_as("coordinator_lippe")
    with unchanged(*JOINT_PROJECTS):  # nothing was created
        foreign = coordinator.post(
            f"{API}/joint-projects/",
            {**plan, "participants": [{"town": "detmold", "commitment": "committed"}]},
            format="json",
        )
        assert coordinator_lippe.post(f"{API}/joint-projects/", plan, format="json").status_code == 403
    assert foreign.status_code == 400
    assert foreign.json() == {"participants": ["Keine Kommune dieses Kreises: detmold."]}
    created = coordinator.post(
        f"{API}/joint-projects/",
        {**plan, "lead_town": "brakel", "participants": [{"town": "brakel", "commitment": "interested"}]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["participants"] == [{"town": "brakel", "commitment": "committed"}]
