"""A town's priorities and local goals: the town's own, with history; other towns and the district do not see them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from audit.models import AuditEntry
from shared_vision.town_focus.models import FieldPriority, LocalGoal
from tests.conftest import World
from tests.helpers import town_unchanged

BRAKEL_API = "/api/v1/districts/kreis-hoexter/towns/brakel/focus/"
HOEXTER_API = "/api/v1/districts/kreis-hoexter/towns/hoexter/focus/"


def test_the_officer_sets_priorities_and_local_goals_with_history(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("officer_brakel")
    assert api.put(BRAKEL_API + "priorities/bildung/", {"priority": "high"}, format="json").status_code == 200
    created = api.post(
        BRAKEL_API + "goals/", {"field_key": "bildung", "text": "WLAN in allen Grundschulen bis 2027"}, format="json"
    )
    assert created.status_code == 201
    goal_id = created.json()["id"]
    assert (
        api.put(BRAKEL_API + f"goals/{goal_id}/", {"text": "WLAN in allen Schulen bis 2027"}, format="json").status_code
        == 200
    )
    focus = {item["key"]: item for item in api.get(BRAKEL_API).json()}
    assert focus["bildung"]["priority"] == "high"
    assert [g["text"] for g in focus["bildung"]["local_goals"]] == ["WLAN in allen Schulen bis 2027"]
    assert focus["verwaltung"]["priority"] is None
    with town_schema(world.town_brakel):
        actions = list(AuditEntry.objects.filter(action__startswith="focus.").values_list("action", flat=True))
        assert actions == ["focus.goal_changed", "focus.goal_added", "focus.priority_set"]
    with town_schema(world.town_hoexter):
        assert not LocalGoal.objects.exists()
        assert not FieldPriority.objects.exists()
    with town_unchanged(world.town_brakel):
        assert api.put(BRAKEL_API + "priorities/gibt-es-nicht/", {"priority": "high"}, format="json").status_code == 400


@pytest.mark.parametrize("role", ["officer_brakel", "coordinator", "conference", "officer_detmold"])
def test_others_cannot_read_hoexters_focus(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], role: str
) -> None:
    assert api_as(role).get(HOEXTER_API).status_code == 403
    assert client_as(role).get("/kreise/kreis-hoexter/kommunen/hoexter/schwerpunkte/").status_code == 403


@pytest.mark.parametrize("role", ["officer_brakel", "coordinator", "viewer_hoexter"])
def test_only_hoexters_officer_changes_its_focus(world: World, api_as: Callable[[str], APIClient], role: str) -> None:
    api = api_as(role)
    with town_schema(world.town_hoexter):
        goal = LocalGoal.objects.create(field_key="bildung", text="Tablets für alle Schulen")
    with town_unchanged(world.town_hoexter):  # priorities, goals and the history
        assert api.put(HOEXTER_API + "priorities/bildung/", {"priority": "low"}, format="json").status_code == 403
        assert api.post(HOEXTER_API + "goals/", {"field_key": "bildung", "text": "x"}, format="json").status_code == 403
        assert api.put(HOEXTER_API + f"goals/{goal.pk}/", {"text": "übernommen"}, format="json").status_code == 403
        assert api.delete(HOEXTER_API + f"goals/{goal.pk}/").status_code == 403


def test_the_focus_page_saves_priorities_and_goals(world: World, client_as: Callable[[str], Client]) -> None:
    page = client_as("officer_hoexter")
    url = "/kreise/kreis-hoexter/kommunen/hoexter/schwerpunkte/"
    assert page.get(url).status_code == 200
    assert page.post(url, {"priority-mobilitaet": "medium"}).status_code == 302
    assert page.post(url, {"add_goal": "mobilitaet", "goal-mobilitaet": "Mobilstation am Bahnhof"}).status_code == 302
    text = page.get(url).content.decode()
    assert "Mobilstation am Bahnhof" in text
    with town_schema(world.town_hoexter):
        assert FieldPriority.objects.get(field_key="mobilitaet").priority == "medium"
    viewer = client_as("viewer_hoexter")
    assert viewer.get(url).status_code == 200
    with town_unchanged(world.town_hoexter):
        assert viewer.post(url, {"priority-mobilitaet": "low"}).status_code == 403
