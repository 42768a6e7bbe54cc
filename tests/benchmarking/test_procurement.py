"""The procurement calendar (issue 15, item 3): per category the towns' contract ends and plans, windows
for a joint tender, candidates; for the district's coordinators only, from published data."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from kreisagenda.tenancy import town_schema_activate

from benchmarking.procurement import CalendarEntry, months_later, tender_windows
from benchmarking.selectors import procurement_calendar
from publishing.items import PublishableItem
from publishing.services import items_publish
from tenants.models import Town
from tests.conftest import World

PAGE = "/kreise/kreis-hoexter/beschaffungskalender/"
TODAY = datetime.date(2026, 12, 2)


def _entry(town: int, stage: str, end: datetime.date | None = None) -> CalendarEntry:
    return CalendarEntry(
        town_id=town, town_name=f"Stadt {town}", title="RIS", kind="solution", stage=stage, field_key="verwaltung",
        contract_end=end,
    )  # fmt: skip


def test_months_later_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_later(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert months_later(datetime.date(2028, 3, 15), -12) == datetime.date(2027, 3, 15)


def test_a_window_opens_twelve_months_before_the_first_need_and_takes_contracts_ending_within_two_years() -> None:
    entries = [
        _entry(1, "in_use", datetime.date(2028, 6, 30)),
        _entry(2, "in_use", datetime.date(2029, 12, 31)),  # within 24 months: joins
        _entry(3, "in_use", datetime.date(2031, 1, 31)),  # later: alone, no window of its own
    ]
    windows = tender_windows(entries, today=TODAY)
    assert [(w.tender_start, w.needed_on, w.town_names) for w in windows] == [
        (datetime.date(2027, 6, 30), datetime.date(2028, 6, 30), ["Stadt 1", "Stadt 2"])
    ]


def test_plans_are_due_now_and_never_start_a_tender_in_the_past() -> None:
    entries = [_entry(1, "planned"), _entry(2, "procurement"), _entry(3, "in_use", datetime.date(2027, 3, 31))]
    (window,) = tender_windows(entries, today=TODAY)
    assert window.tender_start == TODAY
    assert window.needed_on == TODAY
    assert window.town_names == ["Stadt 1", "Stadt 2", "Stadt 3"]
    assert tender_windows([_entry(1, "planned")], today=TODAY) == []  # one town: nothing to share
    far = [_entry(1, "in_use", datetime.date(2040, 1, 1)), _entry(2, "in_use", datetime.date(2040, 2, 1))]
    assert tender_windows(far, today=TODAY) == []  # beyond the five-year horizon


@pytest.mark.django_db
def test_the_demo_district_gets_a_council_information_window(world: World) -> None:
    """The demo register: Höxter runs ALLRIS, Brakel plans, Bad Driburg procures a council information system."""
    calendars = {
        c.category: c for c in procurement_calendar(district=world.hoexter_district, today=timezone.localdate())
    }
    council = calendars["council_information"]
    assert council.label == "Ratsinformationssystem"
    assert {"Brakel", "Bad Driburg"} <= set(council.windows[0].town_names)
    assert {entry.town_name for entry in council.entries} >= {"Höxter", "Brakel", "Bad Driburg"}


@pytest.mark.django_db
def test_a_measure_counts_in_the_category_its_words_name(world: World) -> None:
    town = Town.objects.get(district=world.hoexter_district, slug="warburg")
    town_schema_activate(town)
    items_publish(
        town=town,
        items=[PublishableItem(item_kind="measure", item_id=9301, field_key="verwaltung", title="Ratsinformationssystem für den Rat", stage="planned")],
    )  # fmt: skip
    calendars = {
        c.category: c for c in procurement_calendar(district=world.hoexter_district, today=timezone.localdate())
    }
    assert ("Warburg", "measure") in {(e.town_name, e.kind) for e in calendars["council_information"].entries}


@pytest.mark.django_db
def test_the_page_shows_windows_tables_and_a_chart_to_the_coordinator(client_as: Callable[[str], Client]) -> None:
    page = client_as("coordinator").get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Beschaffungskalender" in text
    assert "Gemeinsame Ausschreibung:" in text
    assert 'data-chart-for="procurement-chart"' in text
    assert 'aria-describedby="procurement-tables"' in text


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["conference", "officer_hoexter", "viewer_hoexter", "operator", "coordinator_lippe"])
def test_only_the_districts_coordinators_see_the_calendar(client_as: Callable[[str], Client], label: str) -> None:
    assert client_as(label).get(PAGE).status_code == 403
