"""The strategy frame (D82): the district's definition of digitalisation and its challenges in the vision,
and each town council's adoption of the joint strategy."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from shared_vision.content import VisionContent
from shared_vision.models import CouncilAdoption, VisionStatus, VisionVersion
from shared_vision.selectors import vision_content, vision_current
from shared_vision.services import (
    council_adoption_record,
    vision_adopt,
    vision_draft_create,
    vision_draft_update,
)
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


# --- the councils' adoption of the joint strategy (D82) ------------------------------------------


def _current(world: World) -> VisionVersion:
    current = vision_current(district=world.hoexter_district)
    assert current is not None
    return current


def test_the_digital_officer_records_the_councils_adoption_and_the_vision_page_shows_every_town(
    world: World, client_as: Callable[[str], Client]
) -> None:
    number = _current(world).number
    page = client_as("officer_hoexter")
    url = f"{PAGES}{number}/ratsbeschluss/{world.town_hoexter.slug}/"
    assert page.get(url).status_code == 200
    data = {"adopted_on": "2026-02-12", "decision_number": " 2026/0142 ", "link": "https://ratsinfo.example/0142"}
    assert page.post(url, data).status_code == 302

    adoption = CouncilAdoption.objects.get(town=world.town_hoexter)
    assert (adoption.version, adoption.adopted_on, adoption.decision_number, adoption.link) == (
        _current(world),
        datetime.date(2026, 2, 12),
        "2026/0142",
        "https://ratsinfo.example/0142",
    )
    assert adoption.recorded_by_label
    shown = client_as("conference").get(f"{PAGES}{number}/").content.decode()
    assert "Beschlüsse der Räte" in shown
    assert "2026/0142" in shown
    assert 'href="https://ratsinfo.example/0142"' in shown
    towns = world.hoexter_district.towns.count()
    assert shown.count("noch kein Beschluss erfasst") == towns - 1
    assert "erfassen</a>" not in shown  # the conference reads, and gets no column to act in
    again = form_fields(page.get(url).content.decode(), "council-adoption-form")
    assert (again["adopted_on"], again["decision_number"]) == ("2026-02-12", "2026/0142")
    own_row = page.get(f"{PAGES}{number}/").content.decode()
    assert f"Beschluss von {world.town_hoexter.name} ändern" in own_row
    assert f"Beschluss von {world.town_brakel.name} erfassen" not in own_row
    assert client_as("viewer_hoexter").get(PAGES).content.decode().count("noch kein Beschluss erfasst") == towns - 1


def test_the_coordinator_records_for_any_town_of_the_district_by_api_and_a_second_entry_corrects(
    world: World, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("coordinator")
    url = f"{API}{_current(world).number}/council-adoptions/"
    payload = {"town": world.town_brakel.slug, "adopted_on": "2026-03-03", "decision_number": "V/17"}
    recorded = api.post(url, payload, format="json")
    assert recorded.status_code == 200
    assert recorded.json()["decision_number"] == "V/17"
    assert api.post(url, {**payload, "decision_number": "V/18"}, format="json").status_code == 200
    assert list(CouncilAdoption.objects.filter(town=world.town_brakel).values_list("decision_number", flat=True)) == [
        "V/18"
    ]
    listed = {row["town"]: row for row in api_as("officer_hoexter").get(url).json()}
    assert listed[world.town_brakel.slug]["adopted_on"] == "2026-03-03"
    assert listed[world.town_hoexter.slug]["decision_number"] is None
    assert len(listed) == world.hoexter_district.towns.count()


@pytest.mark.parametrize(
    ("role", "town"),
    [
        ("officer_hoexter", "brakel"),  # another town of the same district
        ("coordinator_lippe", "hoexter"),  # another district's coordinator
        ("conference", "hoexter"),
        ("viewer_hoexter", "hoexter"),
        ("officer_detmold", "hoexter"),
    ],
)
def test_others_cannot_record_a_councils_adoption(
    world: World,
    client_as: Callable[[str], Client],
    api_as: Callable[[str], APIClient],
    role: str,
    town: str,
) -> None:
    slug = (world.town_brakel if town == "brakel" else world.town_hoexter).slug
    number = _current(world).number
    data = {"town": slug, "adopted_on": "2026-02-12", "decision_number": "1/2026"}
    with unchanged(CouncilAdoption, *VISION):
        assert client_as(role).post(f"{PAGES}{number}/ratsbeschluss/{slug}/", data).status_code == 403
        assert api_as(role).post(f"{API}{number}/council-adoptions/", data, format="json").status_code == 403
    shown = client_as("coordinator").get(f"{PAGES}{number}/").content.decode()
    assert "1/2026" not in shown


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"adopted_on": timezone.localdate() + datetime.timedelta(days=1)}, "adopted_on", "Zukunft"),
        ({"decision_number": "  "}, "decision_number", "Beschluss-Nr."),
        ({"link": "ftp://ratsinfo.example/1"}, "link", "https://"),
        ({"link": "javascript:alert(1)"}, "link", "https://"),
        ({"link": "ratsinfo"}, "link", "https://"),
    ],
)
def test_bad_council_adoptions_are_refused_naming_the_field(
    world: World, db: None, changes: dict[str, object], field: str, message: str
) -> None:
    values: dict[str, object] = {"adopted_on": datetime.date(2026, 2, 1), "decision_number": "1/2026", "link": ""}
    with unchanged(CouncilAdoption), pytest.raises(ValidationError) as error:
        council_adoption_record(town=world.town_hoexter, version=_current(world), actor=None, **{**values, **changes})  # type: ignore[arg-type]
    assert set(error.value.message_dict) == {field}
    assert message in error.value.message_dict[field][0]


def test_a_council_adopts_only_an_adopted_version_of_its_own_district(world: World, db: None) -> None:
    draft = vision_draft_create(district=world.hoexter_district, actor=None)
    values = {"adopted_on": datetime.date(2026, 2, 1), "decision_number": "1/2026", "actor": None}
    with unchanged(CouncilAdoption), pytest.raises(ValidationError) as error:
        council_adoption_record(town=world.town_hoexter, version=draft, **values)  # type: ignore[arg-type]
    assert "version" in error.value.message_dict
    with unchanged(CouncilAdoption), pytest.raises(ValidationError) as error:
        council_adoption_record(town=world.town_detmold, version=_current(world), **values)  # type: ignore[arg-type]
    assert "version" in error.value.message_dict


def test_bad_input_on_the_page_and_by_api_names_the_field(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    number = _current(world).number
    data = {"adopted_on": "2026-02-12", "decision_number": "", "link": "http//kaputt"}
    with unchanged(CouncilAdoption):
        refused = client_as("officer_brakel").post(f"{PAGES}{number}/ratsbeschluss/{world.town_brakel.slug}/", data)
        answer = api_as("coordinator").post(
            f"{API}{number}/council-adoptions/", {**data, "town": world.town_brakel.slug}, format="json"
        )
    assert refused.status_code == 400
    assert "Die Beschluss-Nr. des Rats fehlt." in refused.content.decode()
    assert "Link zum Beschluss" in refused.content.decode()
    assert answer.status_code == 400
    assert set(answer.json()) == {"decision_number", "link"}


def test_a_new_version_needs_new_council_decisions_and_shows_the_earlier_one(
    world: World, client_as: Callable[[str], Client]
) -> None:
    first = _current(world)
    council_adoption_record(
        town=world.town_hoexter, version=first, adopted_on=datetime.date(2026, 1, 5), decision_number="A/1", actor=None
    )
    second = vision_adopt(
        version=vision_draft_create(district=world.hoexter_district, actor=None),
        adopted_on=timezone.localdate(),
        decision_reference="2/2026",
        actor=None,
    )
    shown = client_as("coordinator").get(f"{PAGES}{second.number}/").content.decode()
    assert shown.count("noch kein Beschluss erfasst") == world.hoexter_district.towns.count()
    assert f"Fassung {first.number} übernommen am 05.01.2026" in shown
    assert "A/1" in client_as("coordinator").get(f"{PAGES}{first.number}/").content.decode()
