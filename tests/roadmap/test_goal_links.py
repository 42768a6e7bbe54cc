"""A measure's goals of the Leitbild survive a new version (D60): page, API and file keep the links;
a goal the new version dropped is shown as "nicht mehr im Leitbild", never dropped silently."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from kreisagenda.tabular import TableFormat
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from roadmap.measures.measure_io import measures_export, measures_import
from roadmap.measures.models import Measure
from shared_vision.content import FieldContent, GoalContent
from shared_vision.models import VisionVersion
from shared_vision.selectors import vision_content, vision_current
from shared_vision.services import vision_adopt, vision_draft_create, vision_draft_update
from tests.conftest import World
from tests.helpers import form_values, town_unchanged

API = "/api/v1/districts/kreis-hoexter/towns/hoexter/measures/"
PAGE = "/kreise/kreis-hoexter/kommunen/hoexter/roadmap/"
KEPT, REWORDED, REMOVED = "verwaltung-1", "verwaltung-2", "verwaltung-3"
NEW_TEXT = "Bis 2027 sind alle Online-Dienste an die BundID angebunden (neu gefasst)."
MEASURE = {
    "title": "BundID für alle Dienste",
    "field_key": "verwaltung",
    "status": "planned",
    "start_quarter": "2027-Q1",
    "shared_goal_keys": [KEPT, REWORDED, REMOVED],
}


def _version_2(world: World) -> VisionVersion:
    """The conference adopts version 2: goal 2 reworded, goal 3 of "verwaltung" removed."""
    draft = vision_draft_create(district=world.hoexter_district, actor=None)
    content = vision_content(version=draft)
    first = content.fields[0]
    assert first.key == "verwaltung"
    assert [goal.key for goal in first.goals] == [KEPT, REWORDED, REMOVED]
    goals = (first.goals[0], GoalContent(text=NEW_TEXT, key=REWORDED))
    changed = dataclasses.replace(
        content, fields=(FieldContent(first.key, first.name, first.description, goals), *content.fields[1:])
    )
    vision_draft_update(version=draft, content=changed, actor=None)
    return vision_adopt(version=draft, adopted_on=datetime.date(2026, 1, 15), decision_reference="12/2026", actor=None)


@pytest.fixture
def linked(world: World, api_as: Callable[[str], APIClient]) -> dict[str, Any]:
    """A measure of Höxter linked to three goals of version 1, then version 2 adopted."""
    response = api_as("officer_hoexter").post(API, MEASURE, format="json")
    assert response.status_code == 201, response.content
    version = _version_2(world)
    assert vision_current(district=world.hoexter_district) == version
    return dict(response.json())


def _keys(world: World, measure_id: int) -> list[str]:
    with town_schema(world.town_hoexter):
        return list(Measure.objects.get(pk=measure_id).shared_goal_keys)


def test_the_api_shows_the_links_and_an_unchanged_update_keeps_them(
    world: World, linked: dict[str, Any], api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("officer_hoexter")
    shown = api.get(f"{API}{linked['id']}/").json()
    assert shown["shared_goal_keys"] == [KEPT, REWORDED, REMOVED]
    assert [(g["key"], g["text"][:25], g["in_vision"]) for g in shown["shared_goals"]] == [
        (KEPT, "Bis 2028 sind alle OZG-Le", True),
        (REWORDED, NEW_TEXT[:25], True),
        (REMOVED, "Bis 2026 können in allen ", False),  # as the last version that had it says
    ]
    again = api.put(f"{API}{linked['id']}/", {**MEASURE, "progress": 10, "status": "in_progress"}, format="json")
    assert again.status_code == 200, again.content
    assert _keys(world, linked["id"]) == [KEPT, REWORDED, REMOVED]
    dropped = api.put(f"{API}{linked['id']}/", {**MEASURE, "shared_goal_keys": [KEPT]}, format="json")
    assert dropped.status_code == 200  # removing a link is a choice, and allowed
    assert _keys(world, linked["id"]) == [KEPT]


def test_a_removed_goal_cannot_be_linked_anew(
    world: World, linked: dict[str, Any], api_as: Callable[[str], APIClient]
) -> None:
    with town_unchanged(world.town_hoexter):
        response = api_as("officer_hoexter").post(API, {**MEASURE, "title": "Neu"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"shared_goal_keys": ["Das Ziel „verwaltung-3“ gibt es im geltenden Leitbild nicht."]}


def test_old_clients_sending_goal_ids_are_refused_not_ignored(
    world: World, linked: dict[str, Any], api_as: Callable[[str], APIClient]
) -> None:
    payload = {key: value for key, value in MEASURE.items() if key != "shared_goal_keys"}
    with town_unchanged(world.town_hoexter):
        response = api_as("officer_hoexter").put(
            f"{API}{linked['id']}/", {**payload, "shared_goal_ids": [1]}, format="json"
        )
    assert response.status_code == 400
    assert "shared_goal_ids" in response.json()


def test_the_page_ticks_the_goals_and_marks_the_removed_one(
    world: World, linked: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    html = client.get(f"{PAGE}{linked['id']}/").content.decode()
    values = form_values(html, "measure-form")
    assert values["shared_goal_keys"] == [KEPT, REWORDED, REMOVED]
    assert NEW_TEXT in html
    assert (
        "Bis 2026 können in allen Bürgerbüros Termine online gebucht und Gebühren bargeldlos bezahlt werden. (nicht mehr im Leitbild)"
        in html
    )
    response = client.post(f"{PAGE}{linked['id']}/", values)
    assert response.status_code == 302, response.content.decode()
    assert _keys(world, linked["id"]) == [KEPT, REWORDED, REMOVED]
    reader = client_as("viewer_hoexter").get(f"{PAGE}{linked['id']}/").content.decode()
    assert "(nicht mehr im Leitbild)" in reader


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_the_exported_file_imports_back_unchanged_after_a_new_version(
    world: World, linked: dict[str, Any], table_format: TableFormat
) -> None:
    with town_schema(world.town_hoexter):
        filename, content = measures_export(town=world.town_hoexter, table_format=table_format)
        with town_unchanged(world.town_hoexter):
            counts = measures_import(town=world.town_hoexter, data=content, filename=filename, actor=None)
        measure_count = Measure.objects.count()
    assert counts == {"created": 0, "updated": 0, "unchanged": measure_count}
    text = content.decode("utf-8-sig") if table_format == TableFormat.CSV else ""
    if text:
        assert f"[{REMOVED}] Bis 2026 können" in text
        assert "(nicht mehr im Leitbild)" in text
    assert _keys(world, linked["id"]) == [KEPT, REWORDED, REMOVED]
