"""The solution register: the town's officer writes, every change is audited and published;
no other town reads or changes it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema, town_schema_activate
from rest_framework.test import APIClient

from audit.models import AuditEntry
from publishing.models import ItemSnapshot, PublishedItem
from publishing.tasks import items_publish_task
from solutions.models import Solution
from solutions.selectors import solutions_publishable
from tests.conftest import World
from tests.helpers import town_unchanged

HOEXTER_API = "/api/v1/districts/kreis-hoexter/towns/hoexter/solutions/"
HOEXTER_PAGE = "/kreise/kreis-hoexter/kommunen/hoexter/loesungen/"
NEW_ENTRY = {
    "field_key": "mobilitaet",
    "category": "parking_sensors",
    "title": "Parksensoren am Bahnhof",
    "product": "SmartPark",
    "status": "planned",
    "contract_end": "2029-06-30",
}


def _register(world: World) -> list[tuple[str, str]]:
    with town_schema(world.town_hoexter):
        return list(Solution.objects.order_by("pk").values_list("title", "status"))


def test_the_officer_adds_changes_and_removes_an_entry_through_the_api(
    world: World, api_as: Callable[[str], APIClient], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    api = api_as("officer_hoexter")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        created = api.post(HOEXTER_API, NEW_ENTRY, format="json")
    assert created.status_code == 201, created.content
    assert len(callbacks) == 1  # the publish step is enqueued
    entry = created.json()
    assert (entry["title"], entry["contract_end"], entry["status"]) == (
        "Parksensoren am Bahnhof",
        "2029-06-30",
        "planned",
    )
    changed = api.put(f"{HOEXTER_API}{entry['id']}/", {**NEW_ENTRY, "status": "procurement"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["status"] == "procurement"
    with town_schema(world.town_hoexter):
        history = list(AuditEntry.objects.filter(action__startswith="solutions.").order_by("-pk")[:2])
    assert [h.action for h in history] == ["solutions.updated", "solutions.created"]
    assert history[0].changes["fields"] == {"status": ["planned", "procurement"]}
    assert api.delete(f"{HOEXTER_API}{entry['id']}/").status_code == 204
    assert ("Parksensoren am Bahnhof", "procurement") not in _register(world)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({**NEW_ENTRY, "field_key": "mond"}, "field_key", "gibt es im geltenden Leitbild nicht"),
        ({**NEW_ENTRY, "category": "raumfahrt"}, "category", "raumfahrt"),
        ({**NEW_ENTRY, "title": "  "}, "title", ""),
        ({**NEW_ENTRY, "contract_end": "31.06.2029"}, "contract_end", ""),
        ({**NEW_ENTRY, "annual_cost": "-0.01"}, "annual_cost", "Betrag von 0 bis 9.999.999,99 Euro"),
        ({**NEW_ENTRY, "annual_cost": "10000000"}, "annual_cost", ""),
        ({**NEW_ENTRY, "annual_cost": "12,5"}, "annual_cost", ""),
        ({**NEW_ENTRY, "annual_cost": "1.005"}, "annual_cost", ""),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(
    world: World, api_as: Callable[[str], APIClient], payload: dict[str, str], field: str, message: str
) -> None:
    api = api_as("officer_hoexter")
    with town_unchanged(world.town_hoexter):  # no entry, no history
        response = api.post(HOEXTER_API, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert message in str(response.json()[field])


@pytest.mark.parametrize("label", ["officer_brakel", "officer_detmold", "conference", "coordinator_lippe"])
def test_another_town_neither_reads_nor_changes_the_register(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], label: str
) -> None:
    with town_schema(world.town_hoexter):
        first = Solution.objects.order_by("pk").first()
    assert first is not None
    api = api_as(label)
    client = client_as(label)
    with town_unchanged(world.town_hoexter):
        assert api.get(HOEXTER_API).status_code == 403
        assert api.get(f"{HOEXTER_API}{first.pk}/").status_code == 403
        assert api.post(HOEXTER_API, NEW_ENTRY, format="json").status_code == 403
        assert api.put(f"{HOEXTER_API}{first.pk}/", NEW_ENTRY, format="json").status_code == 403
        assert api.delete(f"{HOEXTER_API}{first.pk}/").status_code == 403
        assert client.get(HOEXTER_PAGE).status_code == 403
        assert client.post(HOEXTER_PAGE, NEW_ENTRY).status_code == 403
        assert client.post(f"{HOEXTER_PAGE}{first.pk}/", {"delete": "1"}).status_code == 403


def test_the_coordinator_and_the_viewer_read_but_do_not_write(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    for label in ("coordinator", "viewer_hoexter"):
        api = api_as(label)
        assert api.get(HOEXTER_API).status_code == 200
        with town_unchanged(world.town_hoexter):
            assert api.post(HOEXTER_API, NEW_ENTRY, format="json").status_code == 403
        page = client_as(label).get(HOEXTER_PAGE)
        assert page.status_code == 200
        assert "Ratsinformationssystem" in page.content.decode()
        assert "Eintrag hinzufügen" not in page.content.decode()


def test_the_page_form_saves_and_names_what_is_wrong(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("officer_hoexter")
    with town_unchanged(world.town_hoexter):
        bad = client.post(HOEXTER_PAGE, {**NEW_ENTRY, "title": ""})
    assert bad.status_code == 400
    assert "field-errors" in bad.content.decode()
    good = client.post(HOEXTER_PAGE, NEW_ENTRY)
    assert good.status_code == 302
    assert ("Parksensoren am Bahnhof", "planned") in _register(world)


def test_a_publish_task_reads_only_the_town_it_names(world: World, db: None) -> None:
    """Sent while another town's schema is active, the task still publishes the named town's register."""
    town_schema_activate(world.town_brakel)
    items_publish_task.run(town_id=world.town_hoexter.pk)
    latest = ItemSnapshot.objects.filter(town=world.town_hoexter).order_by("-version").first()
    assert latest is not None
    titles = set(PublishedItem.objects.filter(snapshot=latest).values_list("title", flat=True))
    assert titles == {title for title, _status in _register(world)}
    with town_schema(world.town_brakel):
        brakel_titles = set(Solution.objects.values_list("title", flat=True))
    assert titles.isdisjoint(brakel_titles)


def test_the_annual_cost_is_kept_shown_in_german_and_published(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], db: None
) -> None:
    client = client_as("officer_hoexter")
    saved = client.post(HOEXTER_PAGE, {**NEW_ENTRY, "annual_cost": "12.345,60"})  # as a German types it
    assert saved.status_code == 302
    with town_schema(world.town_hoexter):
        entry = Solution.objects.get(title=NEW_ENTRY["title"])
    assert entry.annual_cost == Decimal("12345.60")
    page = client.get(HOEXTER_PAGE).content.decode()
    assert "12.345,60 €" in page
    assert "nicht angegeben" in page  # the sample entries state no cost: never shown as 0
    edit = client.get(f"{HOEXTER_PAGE}{entry.pk}/").content.decode()
    assert 'value="12.345,60"' in edit
    assert 'aria-describedby="id_annual_cost_helptext"' in edit
    assert api_as("officer_hoexter").get(f"{HOEXTER_API}{entry.pk}/").json()["annual_cost"] == 12345.6
    items_publish_task.run(town_id=world.town_hoexter.pk)
    latest = ItemSnapshot.objects.filter(town=world.town_hoexter).order_by("-version").first()
    assert latest is not None
    published = {item.title: item.annual_cost for item in PublishedItem.objects.filter(snapshot=latest)}
    assert published[NEW_ENTRY["title"]] == Decimal("12345.60")
    assert published["Ratsinformationssystem"] == Decimal("7800.00")  # the demo's sample cost
    assert published["LoRaWAN-Netz im Stadtgebiet"] is None  # a sample entry without a cost


def test_a_new_price_publishes_but_keeps_the_compared_hash(world: World, db: None) -> None:
    """A cost is published with the entry, yet a dismissed flag stays dismissed: the price is not compared."""
    town_schema_activate(world.town_hoexter)
    before = {item.item_id: item for item in solutions_publishable()}
    entry = Solution.objects.order_by("pk").first()
    assert entry is not None
    entry.annual_cost = Decimal("900.00")
    entry.save()
    after = {item.item_id: item for item in solutions_publishable()}
    assert after[entry.pk].annual_cost == Decimal("900.00")
    assert after[entry.pk].content_hash() == before[entry.pk].content_hash()
    assert after[entry.pk].full_hash() != before[entry.pk].full_hash()
