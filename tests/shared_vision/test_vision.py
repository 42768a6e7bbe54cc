"""The shared vision: drafts, adoption by the mayors' conference, read-only versions, new versions as copies."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from shared_vision.content import FieldContent, GoalContent, VisionContent, default_vision_content
from shared_vision.models import VisionStatus, VisionVersion
from shared_vision.selectors import vision_content, vision_current
from shared_vision.services import vision_adopt, vision_draft_create, vision_draft_update
from tests.conftest import World
from tests.helpers import VISION, unchanged

API = "/api/v1/districts/kreis-hoexter/vision/"


def test_the_demo_district_has_an_adopted_vision_with_twelve_fields(world: World, db: None) -> None:
    current = vision_current(district=world.hoexter_district)
    assert current is not None
    assert current.status == VisionStatus.ADOPTED
    assert current.decision_reference
    assert len(current.fields.all()) == 12
    assert all(len(field.goals.all()) >= 2 for field in current.fields.all())


def test_an_adopted_version_is_read_only_and_a_new_one_starts_as_its_copy(world: World, db: None) -> None:
    adopted = vision_current(district=world.hoexter_district)
    assert adopted is not None
    with unchanged(*VISION), pytest.raises(ValidationError, match="schreibgeschützt"):
        vision_draft_update(version=adopted, content=VisionContent(title="Neu"), actor=None)
    draft = vision_draft_create(district=world.hoexter_district, actor=None)
    assert draft.number == adopted.number + 1
    assert vision_content(version=draft) == vision_content(version=adopted)
    with unchanged(*VISION), pytest.raises(ValidationError, match="schon einen Entwurf"):
        vision_draft_create(district=world.hoexter_district, actor=None)


def test_a_draft_is_edited_then_adopted_with_the_decision(world: World, db: None) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None, content=default_vision_content())
    changed = VisionContent(
        title="Leitbild Lippe",
        vision_text="Gemeinsam digital.",
        principles=("Analog bleibt offen.",),
        fields=(FieldContent(key="verwaltung", name="Verwaltung", goals=(GoalContent("Alles online bis 2030."),)),),
    )
    vision_draft_update(version=draft, content=changed, actor=None)
    draft.refresh_from_db()
    # A new goal gets the next key of its field (the default vision's field has three goals).
    new_goal = GoalContent("Alles online bis 2030.", key="verwaltung-4")
    assert vision_content(version=draft) == VisionContent(
        title="Leitbild Lippe",
        vision_text="Gemeinsam digital.",
        principles=("Analog bleibt offen.",),
        fields=(FieldContent(key="verwaltung", name="Verwaltung", goals=(new_goal,)),),
    )
    adopted = vision_adopt(
        version=draft,
        adopted_on=datetime.date(2026, 3, 1),
        decision_reference="920/2014-2020",
        minutes_url="https://example.org/protokoll.pdf",
        actor=None,
    )
    assert (adopted.status, adopted.decision_reference, adopted.adopted_on) == (
        VisionStatus.ADOPTED,
        "920/2014-2020",
        datetime.date(2026, 3, 1),
    )


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (VisionContent(title=""), "title"),
        (VisionContent(title="T", fields=(FieldContent(key="Groß", name="x"),)), "fields.1.key"),
        (
            VisionContent(title="T", fields=(FieldContent(key="a", name="x"), FieldContent(key="a", name="y"))),
            "fields.2.key",
        ),
        (VisionContent(title="T", fields=(FieldContent(key="a", name=""),)), "fields.1.name"),
    ],
)
def test_bad_vision_content_names_where_it_is_wrong(world: World, db: None, content: VisionContent, key: str) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None)
    with unchanged(*VISION), pytest.raises(ValidationError) as error:
        vision_draft_update(version=draft, content=content, actor=None)
    assert key in error.value.message_dict


def test_adoption_needs_a_reference_a_past_date_and_fields(world: World, db: None) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None)
    with unchanged(*VISION), pytest.raises(ValidationError) as error:
        vision_adopt(
            version=draft,
            adopted_on=timezone.localdate() + datetime.timedelta(days=1),
            decision_reference=" ",
            actor=None,
        )
    assert set(error.value.message_dict) == {"decision_reference", "adopted_on", "fields"}
    assert VisionVersion.objects.get(pk=draft.pk).status == VisionStatus.DRAFT


@pytest.mark.parametrize("role", ["coordinator", "conference", "officer_brakel", "viewer_hoexter"])
def test_everyone_in_the_district_reads_the_vision(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], role: str
) -> None:
    versions = api_as(role).get(API).json()
    assert [v["status"] for v in versions] == ["adopted"]
    detail = api_as(role).get(f"{API}{versions[0]['number']}/").json()
    assert len(detail["content"]["fields"]) == 12
    page = client_as(role).get("/kreise/kreis-hoexter/leitbild/")
    assert page.status_code == 200
    assert detail["content"]["principles"][0] in page.content.decode()


@pytest.mark.parametrize("role", ["officer_detmold", "coordinator_lippe", "no_role"])
def test_other_districts_do_not_read_the_vision(world: World, api_as: Callable[[str], APIClient], role: str) -> None:
    assert api_as(role).get(API).status_code == 403


@pytest.mark.parametrize("role", ["conference", "officer_hoexter", "operator", "coordinator_lippe"])
def test_only_the_districts_coordinators_change_the_vision(
    world: World, api_as: Callable[[str], APIClient], role: str
) -> None:
    api = api_as(role)
    with unchanged(*VISION):
        assert api.post(API).status_code == 403


def test_the_coordinator_drafts_and_adopts_by_api(world: World, api_as: Callable[[str], APIClient]) -> None:
    api = api_as("coordinator")
    created = api.post(API)
    assert created.status_code == 201
    number = created.json()["number"]
    content = created.json()["content"]
    content["principles"].append("Neuer Leitsatz.")
    assert api.put(f"{API}{number}/", content, format="json").status_code == 200
    with unchanged(*VISION):
        bad = api.post(f"{API}{number}/adopt/", {"adopted_on": "2026-01-10", "decision_reference": ""}, format="json")
    assert bad.status_code == 400
    adopted = api.post(
        f"{API}{number}/adopt/", {"adopted_on": "2026-01-10", "decision_reference": "12/2026"}, format="json"
    )
    assert adopted.json()["status"] == "adopted"
    content["principles"].append("Nach dem Beschluss ergänzt.")
    with unchanged(*VISION):
        assert api.put(f"{API}{number}/", content, format="json").status_code == 400
    assert api.get(f"{API}{number}/").json()["content"]["principles"][-1] == "Neuer Leitsatz."


def test_the_coordinator_edits_a_draft_by_page(world: World, client_as: Callable[[str], Client]) -> None:
    page = client_as("coordinator")
    response = page.post("/kreise/kreis-hoexter/leitbild/neu/")
    number = VisionVersion.objects.get(district=world.hoexter_district, status=VisionStatus.DRAFT).number
    assert response.status_code == 302
    form = page.get(f"/kreise/kreis-hoexter/leitbild/{number}/bearbeiten/")
    assert form.status_code == 200
    data = {
        "field_count": "1",
        "title": "Leitbild 2030",
        "vision_text": "Text",
        "principles": "A\nB",
        "field-0-key": "verwaltung",
        "field-0-name": "Verwaltung",
        "field-0-goals": "Ziel 1\nZiel 2",
    }
    assert page.post(f"/kreise/kreis-hoexter/leitbild/{number}/bearbeiten/", data).status_code == 302
    draft = VisionVersion.objects.get(district=world.hoexter_district, number=number)
    assert vision_content(version=draft).principles == ("A", "B")
    assert [f.key for f in draft.fields.all()] == ["verwaltung"]
    with unchanged(*VISION):
        bad = page.post(
            f"/kreise/kreis-hoexter/leitbild/{number}/bearbeiten/",
            {**data, "title": "Nicht gespeichert", "field-0-key": "Ungültig!"},
        )
    assert bad.status_code == 400
    adopt = page.post(
        f"/kreise/kreis-hoexter/leitbild/{number}/beschluss/",
        {"adopted_on": "2026-05-05", "decision_reference": "7/2026"},
    )
    assert adopt.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VisionStatus.ADOPTED
