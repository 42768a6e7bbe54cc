"""Goals keep a stable key across versions of the Leitbild (D60): copied into a new version, kept
through the edit page and the API, found by text for clients that send only texts, never reused."""

from __future__ import annotations

import dataclasses
import datetime
import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from shared_vision.content import FieldContent, GoalContent, VisionContent
from shared_vision.models import Goal, VisionVersion
from shared_vision.selectors import vision_content
from shared_vision.services import vision_adopt, vision_draft_create, vision_draft_update
from tests.conftest import World
from tests.helpers import VISION, unchanged

CONTENT = VisionContent(
    title="Leitbild Lippe",
    fields=(
        FieldContent(key="verwaltung", name="Verwaltung", goals=(GoalContent("A"), GoalContent("B"), GoalContent("C"))),
        FieldContent(key="bildung", name="Bildung", goals=(GoalContent("Schulen online"),)),
    ),
)


def _keys(version: VisionVersion) -> list[tuple[str, str]]:
    return [(goal.key, goal.text) for field in vision_content(version=version).fields for goal in field.goals]


def _adopt(version: VisionVersion) -> VisionVersion:
    return vision_adopt(version=version, adopted_on=datetime.date(2026, 2, 1), decision_reference="1/2026", actor=None)


def _with_goals(content: VisionContent, field: int, *goals: GoalContent) -> VisionContent:
    fields = list(content.fields)
    fields[field] = dataclasses.replace(fields[field], goals=goals)
    return dataclasses.replace(content, fields=tuple(fields))


def test_keys_are_made_per_field_copied_and_never_given_to_another_goal(world: World, db: None) -> None:
    first = _adopt(vision_draft_create(district=world.lippe_district, actor=None, content=CONTENT))
    assert _keys(first) == [
        ("verwaltung-1", "A"),
        ("verwaltung-2", "B"),
        ("verwaltung-3", "C"),
        ("bildung-1", "Schulen online"),
    ]
    second = vision_draft_create(district=world.lippe_district, actor=None)
    assert _keys(second) == _keys(first)  # the copy keeps the keys
    # C removed, B reworded (key kept), a new goal without key.
    content = _with_goals(
        vision_content(version=second), 0, GoalContent("A", "verwaltung-1"), GoalContent("B neu", "verwaltung-2")
    )
    vision_draft_update(version=second, content=content, actor=None)
    _adopt(second)
    third = vision_draft_create(district=world.lippe_district, actor=None)
    content = _with_goals(
        vision_content(version=third), 0, *vision_content(version=third).fields[0].goals, GoalContent("D")
    )
    vision_draft_update(version=third, content=content, actor=None)
    assert _keys(third)[:3] == [("verwaltung-1", "A"), ("verwaltung-2", "B neu"), ("verwaltung-4", "D")]
    # A removed goal may come back by its key (and with it every link to it).
    content = _with_goals(content, 0, *content.fields[0].goals, GoalContent("C wieder", "verwaltung-3"))
    vision_draft_update(version=third, content=content, actor=None)
    assert [key for key, _text in _keys(third)][:4] == ["verwaltung-1", "verwaltung-2", "verwaltung-4", "verwaltung-3"]


def test_a_goal_sent_by_its_text_alone_keeps_its_key(world: World, db: None) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None, content=CONTENT)
    texts_only = _with_goals(CONTENT, 0, GoalContent("C"), GoalContent("A"))  # reordered, B removed, no keys
    vision_draft_update(version=draft, content=texts_only, actor=None)
    assert _keys(draft)[:2] == [("verwaltung-3", "C"), ("verwaltung-1", "A")]


@pytest.mark.parametrize(
    ("goals", "message"),
    [
        (
            (GoalContent("X", "verwaltung-9"),),
            "Ein Ziel mit der Kennung „verwaltung-9“ gab es in diesem Leitbild nie. Für ein neues Ziel die Kennung weglassen.",
        ),
        (
            (GoalContent("A", "verwaltung-1"), GoalContent("B", "verwaltung-1")),
            "Die Kennung „verwaltung-1“ kommt mehrfach vor.",
        ),
        (
            (GoalContent("X", "Kein Schlüssel"),),
            "Die Kennung eines Ziels besteht aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. „verwaltung-2“.",
        ),
    ],
)
def test_unknown_or_repeated_keys_are_refused_and_nothing_changes(
    world: World, db: None, goals: tuple[GoalContent, ...], message: str
) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None, content=CONTENT)
    with unchanged(*VISION), pytest.raises(ValidationError) as error:
        vision_draft_update(version=draft, content=_with_goals(CONTENT, 0, *goals), actor=None)
    assert message in error.value.message_dict[f"fields.1.goals.{len(goals)}"]


def test_the_edit_page_shows_the_keys_and_keeps_them_when_the_text_changes(
    world: World, client_as: Callable[[str], Client]
) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None, content=CONTENT)
    page = client_as("coordinator_lippe")
    url = f"/kreise/kreis-lippe/leitbild/{draft.number}/bearbeiten/"
    html = page.get(url).content.decode()
    assert "[verwaltung-1] A\n[verwaltung-2] B\n[verwaltung-3] C</textarea>" in html
    assert 'aria-describedby="goals-hint"' in html
    assert 'id="goals-hint"' in html
    data = {
        "field_count": "2",
        "title": "Leitbild Lippe",
        "field-0-key": "verwaltung",
        "field-0-name": "Verwaltung",
        "field-0-goals": "[verwaltung-2] B, neu gefasst\r\nNeues Ziel\r\n[verwaltung-1] A",
        "field-1-key": "bildung",
        "field-1-name": "Bildung",
        "field-1-goals": "Schulen online",
    }
    assert page.post(url, data).status_code == 302
    assert _keys(draft) == [
        ("verwaltung-2", "B, neu gefasst"),
        ("verwaltung-4", "Neues Ziel"),
        ("verwaltung-1", "A"),
        ("bildung-1", "Schulen online"),
    ]


def test_the_api_shows_goals_with_keys_and_reads_texts_too(world: World, api_as: Callable[[str], APIClient]) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None, content=CONTENT)
    api = api_as("coordinator_lippe")
    url = f"/api/v1/districts/kreis-lippe/vision/{draft.number}/"
    content = api.get(url).json()["content"]
    assert content["fields"][0]["goals"] == [
        {"key": "verwaltung-1", "text": "A"},
        {"key": "verwaltung-2", "text": "B"},
        {"key": "verwaltung-3", "text": "C"},
    ]
    content["fields"][0]["goals"] = [{"key": "verwaltung-3", "text": "C, neu"}, "A"]
    response = api.put(url, content, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["content"]["fields"][0]["goals"] == [
        {"key": "verwaltung-3", "text": "C, neu"},
        {"key": "verwaltung-1", "text": "A"},
    ]


def test_the_migration_keys_existing_goals_by_their_text_across_versions(world: World, db: None) -> None:
    first = _adopt(vision_draft_create(district=world.lippe_district, actor=None, content=CONTENT))
    second = vision_draft_create(district=world.lippe_district, actor=None)
    vision_draft_update(
        version=second,
        content=_with_goals(vision_content(version=second), 0, GoalContent("C", "verwaltung-3"), GoalContent("A2")),
        actor=None,
    )
    Goal.objects.filter(field__version__district=world.lippe_district).update(key="")
    migration = importlib.import_module("shared_vision.migrations.0002_goal_key")
    migration.goal_keys_fill(apps, None)
    assert _keys(first) == [
        ("verwaltung-1", "A"),
        ("verwaltung-2", "B"),
        ("verwaltung-3", "C"),
        ("bildung-1", "Schulen online"),
    ]
    # The same text in the same field is the same goal; a changed text is a new one.
    assert _keys(second) == [("verwaltung-3", "C"), ("verwaltung-4", "A2"), ("bildung-1", "Schulen online")]
