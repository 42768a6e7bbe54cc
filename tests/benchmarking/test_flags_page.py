"""The flags page's small print (issue 14, item 7): each town once in the lead-town list, dates in German."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema_activate

from benchmarking.models import DuplicateFlag
from publishing.items import PublishableItem
from publishing.services import items_publish
from tenants.models import Town
from tests.conftest import World

pytestmark = pytest.mark.django_db

PAGE = "/kreise/kreis-hoexter/doppelstrukturen/"


def test_a_town_with_two_entries_in_a_flag_is_offered_once_as_lead(
    world: World, client_as: Callable[[str], Client]
) -> None:
    warburg = Town.objects.get(district=world.hoexter_district, slug="warburg")
    town_schema_activate(warburg)
    items_publish(
        town=warburg,
        items=[
            PublishableItem(item_kind="solution", item_id=9401, field_key="verwaltung", title="Ratsinformationssystem",
                            category="council_information", stage="planned"),
            PublishableItem(item_kind="measure", item_id=9402, field_key="verwaltung",
                            title="Ratsinformationssystem einführen", stage="planned"),
        ],
    )  # fmt: skip
    text = client_as("coordinator").get(PAGE).content.decode()
    flags = DuplicateFlag.objects.filter(is_current=True, status="open")
    assert any(len({i["town_id"] for i in f.evidence["items"]}) < len(f.evidence["items"]) for f in flags), (
        "the demo has a town with a measure and a register entry in one flag"
    )
    for flag in flags:
        select = re.search(rf'<select id="lead-{flag.pk}" name="lead_town">(.*?)</select>', text, flags=re.S)
        assert select, flag.pk
        towns = re.findall(r'<option value="(\d+)">', select.group(1))
        assert len(towns) == len(set(towns)) == len({i["town_id"] for i in flag.evidence["items"]})


def test_contract_ends_are_shown_in_german_format(client_as: Callable[[str], Client]) -> None:
    text = client_as("coordinator").get(PAGE).content.decode()
    assert "2031-12-31" not in text  # Höxter's council information contract, as stored
    assert "31.12.2031" in text
