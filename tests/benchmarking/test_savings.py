"""What a joint procurement of a flag's entries might save: costs summed where stated, the others named,
never counted as 0 (D76)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from benchmarking.models import DuplicateFlag, FlagStatus
from benchmarking.savings import CostedEntry, UncostedEntry, savings_estimate
from tests.conftest import World

FLAGS_PAGE = "/kreise/kreis-hoexter/doppelstrukturen/"


def _item(town: str, title: str, kind: str = "solution", **extra: Any) -> dict[str, Any]:
    return {"town_name": town, "title": title, "item_kind": kind, **extra}


def test_the_estimate_sums_stated_costs_and_names_the_others() -> None:
    evidence = {
        "items": [
            _item("Brakel", "RIS", annual_cost="4800.00"),
            _item("Nieheim", "Gremien-Software", annual_cost="3200.55"),
            _item("Steinheim", "Ratsinfo", annual_cost=None),  # stated no cost
            _item("Warburg", "Sitzungsdienst"),  # raised before costs were published
            _item("Höxter", "Ratsportal einführen", kind="measure"),
            _item("Marienmünster", "Kostenlos", annual_cost="0.00"),  # free is a cost of 0, and counts
        ]
    }
    estimate = savings_estimate(evidence)
    assert estimate.costed == [
        CostedEntry("Brakel", "RIS", Decimal("4800.00")),
        CostedEntry("Nieheim", "Gremien-Software", Decimal("3200.55")),
        CostedEntry("Marienmünster", "Kostenlos", Decimal("0.00")),
    ]
    assert estimate.uncosted == [
        UncostedEntry("Steinheim", "Ratsinfo", is_measure=False),
        UncostedEntry("Warburg", "Sitzungsdienst", is_measure=False),
        UncostedEntry("Höxter", "Ratsportal einführen", is_measure=True),
    ]
    assert (estimate.total, estimate.saving, estimate.rate_percent) == (Decimal("8000.55"), Decimal("800.06"), 10)


def test_without_any_stated_cost_there_is_no_estimate() -> None:
    estimate = savings_estimate({"items": [_item("Brakel", "RIS", annual_cost=None), _item("Höxter", "M", "measure")]})
    assert (estimate.total, estimate.saving, estimate.costed) == (None, None, [])
    assert len(estimate.uncosted) == 2


def _council_flag(world: World) -> DuplicateFlag:
    """The demo's planted council information systems: Höxter and Bad Driburg state a cost, Brakel none."""
    flags = DuplicateFlag.objects.filter(district=world.hoexter_district, status=FlagStatus.OPEN, is_current=True)
    return next(flag for flag in flags if {i["town_name"] for i in flag.evidence["items"]} >= {"Höxter", "Brakel"})


def test_the_flags_page_shows_costs_and_the_saving_in_german_with_its_method(
    world: World, client_as: Callable[[str], Client]
) -> None:
    flag = _council_flag(world)
    costs = {item["town_name"]: item["annual_cost"] for item in flag.evidence["items"]}
    assert costs == {"Höxter": "7800.00", "Bad Driburg": "5400.00", "Brakel": None}  # the published costs
    page = client_as("coordinator").get(FLAGS_PAGE).content.decode()
    section = page[page.index(f'data-flag="{flag.pk}"') :]
    section = section[: section.index("</section>")]
    assert (
        "Jährliche Kosten der 2 Einträge mit Angabe: 13.200,00 € – bei gemeinsamer Beschaffung geschätzt "
        "1.320,00 € weniger im Jahr (Annahme: 10 %)."
    ) in section
    assert "Höxter: Ratsinformationssystem – 7.800,00 € im Jahr" in section
    assert "Brakel: Einführung eines Ratsinformationssystems – keine Kosten angegeben" in section
    assert 'href="#savings-method"' in section
    assert 'id="savings-method"' in page
    assert "10 % davon als mögliche Einsparung einer gemeinsamen Beschaffung" in page


def test_the_english_page_formats_money_the_english_way(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("coordinator")
    client.cookies["django_language"] = "en"
    page = client.get(FLAGS_PAGE, headers={"accept-language": "en"}).content.decode()
    assert "13,200.00" in page
    assert "1,320.00" in page


def test_the_api_gives_the_estimate_with_each_flag(world: World, api_as: Callable[[str], APIClient]) -> None:
    flag = _council_flag(world)
    data = api_as("coordinator").get("/api/v1/districts/kreis-hoexter/duplicates/").json()
    assert "10 %" in data["savings_method"]
    savings = next(entry for entry in data["open"] if entry["id"] == flag.pk)["savings"]
    assert (savings["total"], savings["saving"], savings["rate"]) == (13200.0, 1320.0, 0.1)
    assert savings["uncosted"] == [
        {"town_name": "Brakel", "title": "Einführung eines Ratsinformationssystems", "is_measure": False}
    ]
