"""The district's thesaurus: coordinators add their towns' words, and the flags follow (issue 15, item 1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema_activate

from benchmarking.models import DuplicateFlag, ThesaurusTerm
from benchmarking.selectors import flags_open, thesaurus_of
from publishing.items import PublishableItem
from publishing.services import items_publish
from tests.conftest import World
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db

PAGE = "/kreise/kreis-hoexter/doppelstrukturen/wortschatz/"


def _publish(world: World) -> None:
    """Two towns' measures that are the same thing only for someone who knows the product name."""
    for town, item_id, title in (
        (world.town_hoexter, 9101, "KommunalPlus für die Gremien"),
        (world.town_brakel, 9102, "Ratsinformationssystem beschaffen"),
    ):
        town_schema_activate(town)
        items_publish(
            town=town,
            items=[
                PublishableItem(
                    item_kind="measure", item_id=item_id, field_key="verwaltung", title=title, stage="planned"
                )
            ],
        )


def _flagged_together(world: World, titles: set[str]) -> bool:
    """Whether one open flag holds all of ``titles`` (other towns' entries may be in it too)."""
    return any(
        titles <= {item["title"] for item in flag.evidence["items"]}
        for flag in flags_open(district=world.hoexter_district)
    )


def test_a_coordinator_adds_a_product_name_and_the_duplicate_is_flagged(
    world: World, client_as: Callable[[str], Client]
) -> None:
    _publish(world)
    pair = {"KommunalPlus für die Gremien", "Ratsinformationssystem beschaffen"}
    assert not _flagged_together(world, pair)
    coordinator = client_as("coordinator")
    response = coordinator.post(PAGE, {"term": "KommunalPlus", "concept_key": "council_information"})
    assert response.status_code == 302
    assert _flagged_together(world, pair)
    page = coordinator.get(PAGE).content.decode()
    assert "KommunalPlus" in page
    assert "Ratsinformationssystem" in page
    # Taken back: the flag goes again.
    term = ThesaurusTerm.objects.get(district=world.hoexter_district, term="KommunalPlus")
    assert coordinator.post(PAGE, {"remove": term.pk}).status_code == 302
    assert not _flagged_together(world, pair)


def test_a_new_concept_of_the_district(world: World, client_as: Callable[[str], Client]) -> None:
    response = client_as("coordinator").post(
        PAGE, {"term": "Friedhofssoftware", "concept_label": "Friedhofsverwaltung"}
    )
    assert response.status_code == 302
    concepts = thesaurus_of(district=world.hoexter_district).concepts
    assert concepts["kreis-friedhofsverwaltung"].terms == ("Friedhofssoftware",)
    assert "kreis-friedhofsverwaltung" not in thesaurus_of(district=world.lippe_district).concepts


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "", "concept_key": "council_information"}, "Bitte ein Wort angeben."),
        ({"term": "ALLRIS", "concept_key": "council_information"}, "„ALLRIS“ steht schon beim Begriff"),
        ({"term": "X", "concept_key": "gibt-es-nicht"}, "Diesen Begriff gibt es im Wortschatz nicht."),
        (
            {"term": "X", "concept_key": "", "concept_label": ""},
            "Bitte einen Begriff wählen oder einen neuen benennen.",
        ),
        ({"term": "x" * 121, "concept_key": "council_information"}, "Höchstens 120 Zeichen."),
    ],
)
def test_a_bad_word_is_refused_with_a_message_and_nothing_changes(
    client_as: Callable[[str], Client], data: dict[str, str], message: str
) -> None:
    with unchanged(ThesaurusTerm, DuplicateFlag):
        response = client_as("coordinator").post(PAGE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("label", ["conference", "officer_hoexter", "operator", "coordinator_lippe"])
def test_only_the_districts_coordinators_read_or_change_its_thesaurus(
    world: World, client_as: Callable[[str], Client], label: str
) -> None:
    own = ThesaurusTerm.objects.create(
        district=world.hoexter_district, concept_key="council_information", concept_label="Ratsinfo", term="Geheim-RIS"
    )
    client = client_as(label)
    with unchanged(ThesaurusTerm, DuplicateFlag):
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"term": "Fremdwort", "concept_key": "e_file"}).status_code == 403
        assert client.post(PAGE, {"remove": own.pk}).status_code == 403
    # Lippe's coordinator cannot remove Höxter's word through Lippe's own page either.
    if label == "coordinator_lippe":
        with unchanged(ThesaurusTerm):
            lippe = client.post("/kreise/kreis-lippe/doppelstrukturen/wortschatz/", {"remove": own.pk})
        assert lippe.status_code == 400
        assert "Geheim-RIS" not in client.get("/kreise/kreis-lippe/doppelstrukturen/wortschatz/").content.decode()
