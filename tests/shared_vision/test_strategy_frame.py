"""The strategy frame (D82): the district's definition of digitalisation and its challenges in the vision."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from shared_vision.content import VisionContent
from shared_vision.models import VisionStatus, VisionVersion
from shared_vision.selectors import vision_content
from shared_vision.services import vision_adopt, vision_draft_create, vision_draft_update
from tests.conftest import World
from tests.helpers import VISION, form_fields, unchanged

PAGES = "/kreise/kreis-hoexter/leitbild/"
API = "/api/v1/districts/kreis-hoexter/vision/"


def test_the_coordinator_edits_the_frame_on_the_draft_page_and_everyone_reads_it(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    page = client_as("coordinator")
    assert page.post(f"{PAGES}neu/").status_code == 302
    number = VisionVersion.objects.get(district=world.hoexter_district, status=VisionStatus.DRAFT).number
    form = form_fields(page.get(f"{PAGES}{number}/bearbeiten/").content.decode(), "vision-form")
    form["definition"] = "Digitalisierung heißt: Leistungen einfach, sicher und für alle erreichbar."
    form["challenges"] = "Fachkräftemangel in kleinen Verwaltungen\n\n  Breitband im ländlichen Raum  \n"
    assert page.post(f"{PAGES}{number}/bearbeiten/", form).status_code == 302

    draft = VisionVersion.objects.get(district=world.hoexter_district, number=number)
    assert vision_content(version=draft).definition == form["definition"]
    assert vision_content(version=draft).challenges == (
        "Fachkräftemangel in kleinen Verwaltungen",
        "Breitband im ländlichen Raum",
    )
    shown = client_as("officer_brakel").get(f"{PAGES}{number}/").content.decode()
    assert "Was wir unter Digitalisierung verstehen" in shown
    assert form["definition"] in shown
    assert "<li>Breitband im ländlichen Raum</li>" in shown
    detail = api_as("conference").get(f"{API}{number}/").json()["content"]
    assert detail["definition"] == form["definition"]
    assert detail["challenges"] == ["Fachkräftemangel in kleinen Verwaltungen", "Breitband im ländlichen Raum"]


def test_the_frame_is_written_by_api_and_copied_into_a_new_version(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("coordinator")
    created = api.post(API).json()
    content = {**created["content"], "definition": "Unsere Definition.", "challenges": ["Eins", "Zwei"]}
    assert api.put(f"{API}{created['number']}/", content, format="json").status_code == 200
    draft = VisionVersion.objects.get(district=world.hoexter_district, number=created["number"])
    vision_adopt(version=draft, adopted_on=timezone.localdate(), decision_reference="1/2026", actor=None)
    copy = vision_draft_create(district=world.hoexter_district, actor=None)
    assert (vision_content(version=copy).definition, vision_content(version=copy).challenges) == (
        "Unsere Definition.",
        ("Eins", "Zwei"),
    )


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (VisionContent(title="T", definition="x" * 5001), "definition"),
        (VisionContent(title="T", challenges=("ok", "y" * 501)), "challenges.2"),
    ],
)
def test_a_bad_frame_is_refused_naming_the_field(world: World, db: None, content: VisionContent, key: str) -> None:
    draft = vision_draft_create(district=world.lippe_district, actor=None)
    with unchanged(*VISION), pytest.raises(ValidationError) as error:
        vision_draft_update(version=draft, content=content, actor=None)
    assert key in error.value.message_dict
