"""Campaigns have a deadline set by the coordinator and can be closed (issue 14, item 3; D66).

The deadline is shown with the days left on the grid page, the town's Quick Check, the town's home and
the coordinator's Lagebild; only the coordinator of the district sets it or closes the campaign, and a
closed campaign takes no answer, release, reopening or import any more.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from kreisagenda.tabular import TableFormat, TableImportError
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from accounts.models import User
from dashboards.selectors import lagebild_get
from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.services import (
    AnswerInput,
    answer_save,
    assessment_prepare,
    assessment_release,
    assessment_reopen,
)
from quickcheck.models import GridQuestion, GridStatus, GridVersion
from quickcheck.selectors import campaign_status, grid_campaign_latest
from quickcheck.services import grid_close, grid_deadline_set
from tests.conftest import World
from tests.helpers import town_unchanged, unchanged

GRID = "/kreise/kreis-hoexter/quick-check/{year}/"
BRAKEL = "/kreise/kreis-hoexter/kommunen/brakel/quick-check/{year}/"
TODAY = datetime.date(2026, 3, 2)


# --- services and selectors ---------------------------------------------------------------------


def test_the_deadline_is_set_moved_and_removed(grid: GridVersion) -> None:
    grid = grid_deadline_set(grid=grid, deadline=datetime.date(2026, 3, 31), actor=None, today=TODAY)
    assert GridVersion.objects.get(pk=grid.pk).deadline == datetime.date(2026, 3, 31)
    grid = grid_deadline_set(grid=grid, deadline=datetime.date(2026, 4, 15), actor=None, today=TODAY)
    assert GridVersion.objects.get(pk=grid.pk).deadline == datetime.date(2026, 4, 15)
    grid_deadline_set(grid=grid, deadline=None, actor=None, today=TODAY)
    assert GridVersion.objects.get(pk=grid.pk).deadline is None


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (datetime.date(2026, 3, 1), "Vergangenheit"),
        (datetime.date(2028, 1, 1), "spätestens im Jahr nach"),
    ],
)
def test_a_deadline_in_the_past_or_years_ahead_is_refused_and_changes_nothing(
    grid: GridVersion, deadline: datetime.date, message: str
) -> None:
    grid = GridVersion.objects.get(pk=grid.pk)
    GridVersion.objects.filter(pk=grid.pk).update(year=2026)
    grid.refresh_from_db()
    with unchanged(GridVersion.objects.filter(pk=grid.pk)), pytest.raises(ValidationError) as error:
        grid_deadline_set(grid=grid, deadline=deadline, actor=None, today=TODAY)
    assert message in str(error.value.message_dict["deadline"])


@pytest.mark.parametrize(
    ("deadline", "days_left", "overdue", "days_overdue"),
    [
        (datetime.date(2026, 3, 14), 12, False, 0),
        (datetime.date(2026, 3, 3), 1, False, 0),
        (datetime.date(2026, 3, 2), 0, False, 0),
        (datetime.date(2026, 2, 27), -3, True, 3),
        (None, None, False, 0),
    ],
)
def test_days_left_count_from_today_to_the_deadline(
    grid: GridVersion, deadline: datetime.date | None, days_left: int | None, overdue: bool, days_overdue: int
) -> None:
    grid.deadline = deadline
    status = campaign_status(grid=grid, today=TODAY)
    assert (status.days_left, status.is_overdue, status.days_overdue) == (days_left, overdue, days_overdue)


def test_a_closed_campaign_is_never_overdue(grid: GridVersion) -> None:
    grid.deadline = datetime.date(2026, 2, 1)
    grid.status = GridStatus.CLOSED
    assert campaign_status(grid=grid, today=TODAY).is_overdue is False


def test_closing_ends_the_campaign_and_it_stays_the_current_one(world: World, grid: GridVersion) -> None:
    closed = grid_close(grid=grid, actor=None)
    stored = GridVersion.objects.get(pk=grid.pk)
    assert (stored.status, stored.is_closed, stored.closed_at is not None) == (GridStatus.CLOSED, True, True)
    assert closed.get_status_display() == "Erhebung abgeschlossen"
    # What the district compares stays this campaign until the next one opens.
    assert grid_campaign_latest(district=world.hoexter_district) == stored


def test_only_a_running_campaign_is_closed_and_a_closed_one_keeps_its_deadline(grid: GridVersion) -> None:
    grid = grid_close(grid=grid, actor=None)
    with unchanged(GridVersion.objects.filter(pk=grid.pk)):
        with pytest.raises(ValidationError, match="Nur eine laufende Erhebung"):
            grid_close(grid=grid, actor=None)
        with pytest.raises(ValidationError, match="abgeschlossen"):
            grid_deadline_set(grid=grid, deadline=timezone.localdate(), actor=None)


def test_a_closed_campaign_takes_no_answer_release_reopening_or_import(world: World, grid: GridVersion) -> None:
    question = GridQuestion.objects.filter(grid=grid).first()
    assert question is not None
    with town_schema(world.town_brakel):
        exported = answers_export(town=world.town_brakel, grid=grid, include_drafts=True, table_format=TableFormat.CSV)
    assert exported is not None
    grid = grid_close(grid=grid, actor=None)
    with town_schema(world.town_brakel), town_unchanged(world.town_brakel):
        with pytest.raises(ValidationError, match="abgeschlossen"):
            answer_save(town=world.town_brakel, grid=grid, question=question, data=AnswerInput(), actor=None)
        with pytest.raises(ValidationError, match="abgeschlossen"):
            assessment_release(town=world.town_brakel, grid=grid, actor=None)
        with pytest.raises(TableImportError, match="abgeschlossen"):
            answers_import(town=world.town_brakel, grid=grid, data=exported[1], filename="a.csv", actor=None)
        assert assessment_prepare(town=world.town_brakel, grid=grid) is None  # nothing prepared any more
    with (
        town_schema(world.town_hoexter),  # released in the world
        town_unchanged(world.town_hoexter),
        pytest.raises(ValidationError, match="abgeschlossen"),
    ):
        assessment_reopen(town=world.town_hoexter, grid=grid, reason="Korrektur", actor=None)


def test_the_lagebild_board_and_the_town_home_carry_the_days_left(world: World, grid: GridVersion) -> None:
    grid_deadline_set(grid=grid, deadline=timezone.localdate() + datetime.timedelta(days=9), actor=None)
    board = lagebild_get(district=world.hoexter_district).board
    assert board.status is not None
    assert board.status.days_left == 9


# --- pages ---------------------------------------------------------------------------------------


def test_the_coordinator_sets_the_deadline_and_every_page_shows_the_days_left(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    deadline = timezone.localdate() + datetime.timedelta(days=12)
    coordinator = client_as("coordinator")
    response = coordinator.post(GRID.format(year=grid.year) + "frist/", {"deadline": deadline.isoformat()})
    assert response.status_code == 302
    assert GridVersion.objects.get(pk=grid.pk).deadline == deadline
    page = coordinator.get(GRID.format(year=grid.year)).content.decode()
    assert 'data-days-left="12"' in page
    assert "noch 12 Tage" in page
    assert f'value="{deadline.isoformat()}"' in page  # the form shows the deadline set
    lagebild = coordinator.get("/kreise/kreis-hoexter/").content.decode()
    assert "noch 12 Tage</strong></span>)</li>" in lagebild  # in the section links, inside the brackets
    assert "noch 12 Tage" in lagebild.split('id="campaign-heading"')[1].split("</section>")[0]
    officer = client_as("officer_brakel")
    for path in (BRAKEL.format(year=grid.year), "/kreise/kreis-hoexter/kommunen/brakel/"):
        assert "noch 12 Tage" in officer.get(path).content.decode(), path


def test_a_deadline_in_the_past_is_refused_at_the_field_and_changes_nothing(
    grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with unchanged(GridVersion.objects.filter(pk=grid.pk)):
        response = client_as("coordinator").post(GRID.format(year=grid.year) + "frist/", {"deadline": yesterday})
    assert response.status_code == 400
    assert "Die Frist darf nicht in der Vergangenheit liegen." in response.content.decode()


@pytest.mark.parametrize(
    "role",
    ["officer_brakel", "officer_hoexter", "viewer_hoexter", "conference", "coordinator_lippe", "officer_detmold"],
)
@pytest.mark.parametrize(("path", "data"), [("frist/", {"deadline": "2099-01-01"}), ("abschliessen/", {})])
def test_only_the_districts_coordinator_sets_the_deadline_or_closes(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], role: str, path: str, data: dict[str, str]
) -> None:
    with unchanged(GridVersion.objects.filter(pk=grid.pk)):
        response = client_as(role).post(GRID.format(year=grid.year) + path, data)
        assert response.status_code in (403, 404)
        assert client_as(role).get(GRID.format(year=grid.year) + "abschliessen/").status_code in (403, 404, 405)


def test_other_people_see_the_deadline_but_no_form(grid: GridVersion, client_as: Callable[[str], Client]) -> None:
    grid_deadline_set(grid=grid, deadline=timezone.localdate() + datetime.timedelta(days=3), actor=None)
    page = client_as("officer_brakel").get(GRID.format(year=grid.year)).content.decode()
    assert "noch 3 Tage" in page
    assert "frist/" not in page
    assert "abschliessen/" not in page


def test_closing_asks_for_confirmation_then_the_pages_say_closed(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], person: Callable[[str], User]
) -> None:
    coordinator = client_as("coordinator")
    confirmation = coordinator.get(GRID.format(year=grid.year) + "abschliessen/")
    assert confirmation.status_code == 200
    text = confirmation.content.decode()
    assert "Der Abschluss lässt sich nicht rückgängig machen." in text
    assert GridVersion.objects.get(pk=grid.pk).is_open  # asking changed nothing
    assert coordinator.post(GRID.format(year=grid.year) + "abschliessen/").status_code == 302
    stored = GridVersion.objects.get(pk=grid.pk)
    assert stored.is_closed
    assert stored.closed_by_label == str(person("coordinator"))
    listing = coordinator.get("/kreise/kreis-hoexter/quick-check/").content.decode()
    assert "Erhebung abgeschlossen" in listing
    assert "Erhebung läuft" not in listing
    home = coordinator.get("/kreise/kreis-hoexter/").content.decode()
    assert "abgeschlossen am" in home
    assert f"Erhebung {grid.year} läuft" not in home
    # The town's page is read only now: no form, no release.
    brakel = client_as("officer_brakel").get(BRAKEL.format(year=grid.year)).content.decode()
    assert 'id="answers-form"' not in brakel
    assert "Freigabe prüfen" not in brakel
    assert "abgeschlossen am" in brakel


def test_the_api_shows_deadline_and_closing(grid: GridVersion, api_as: Callable[[str], APIClient]) -> None:
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    grid = grid_deadline_set(grid=grid, deadline=deadline, actor=None)
    api = api_as("officer_brakel")
    body = api.get(f"/api/v1/districts/kreis-hoexter/grids/{grid.year}/").json()
    assert (body["status"], body["deadline"], body["closed_at"]) == ("open", deadline.isoformat(), None)
    grid_close(grid=grid, actor=None)
    body = api.get(f"/api/v1/districts/kreis-hoexter/grids/{grid.year}/").json()
    assert (body["status"], body["status_label"]) == ("closed", "Erhebung abgeschlossen")
    assert body["closed_at"] is not None
