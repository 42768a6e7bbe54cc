"""Town A's officer can neither read nor change town B's answers; the district sees released answers only.

By page, API and export. (No background task touches answers yet: releasing is synchronous.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from quickcheck.answers.models import Answer
from quickcheck.models import GridQuestion, GridVersion
from tenants.models import Town
from tests.conftest import World
from tests.helpers import nothing_sent_on_commit, town_unchanged

BRAKEL = "/kreise/kreis-hoexter/kommunen/brakel/quick-check/{year}/"
HOEXTER = "/kreise/kreis-hoexter/kommunen/hoexter/quick-check/{year}/"
API_BRAKEL = "/api/v1/districts/kreis-hoexter/towns/brakel/quickcheck/{year}/"
API_HOEXTER = "/api/v1/districts/kreis-hoexter/towns/hoexter/quickcheck/{year}/"


def _answers(town: Town) -> list[Any]:
    with town_schema(town):
        return list(Answer.objects.order_by("question_id").values())


def _a_brakel_comment(world: World) -> str:
    """A comment only Brakel's drafts contain: planted so a leak would show."""
    with town_schema(world.town_brakel):
        answer = Answer.objects.filter(not_applicable=False).first()
        assert answer is not None
        answer.comment = "Nur-in-Brakel-Entwurf-4711"
        answer.save()
    return "Nur-in-Brakel-Entwurf-4711"


@pytest.mark.parametrize(
    "path",
    ["", "verlauf/", "export.csv", "export.xlsx"],
)
@pytest.mark.parametrize("role", ["officer_brakel", "officer_detmold", "conference", "no_role"])
def test_other_towns_cannot_open_hoexters_quick_check_pages(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], role: str, path: str
) -> None:
    response = client_as(role).get(HOEXTER.format(year=grid.year) + path)
    assert response.status_code == 403
    assert b"VW-1" not in response.content


@pytest.mark.parametrize("path", ["", "history/", "export/?file_format=csv", "export/?file_format=xlsx"])
@pytest.mark.parametrize("role", ["officer_brakel", "officer_detmold", "conference"])
def test_other_towns_cannot_read_hoexters_answers_by_api(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], role: str, path: str
) -> None:
    response = api_as(role).get(API_HOEXTER.format(year=grid.year) + path)
    assert response.status_code == 403
    assert b"current_level" not in response.content


def test_brakels_officer_cannot_change_hoexters_answers_by_page_or_api(
    world: World,
    grid: GridVersion,
    api_as: Callable[[str], APIClient],
    client_as: Callable[[str], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    api = api_as("officer_brakel")
    page = client_as("officer_brakel")
    base = API_HOEXTER.format(year=grid.year)
    csv = b"Nr.;Ist;Soll;Nicht zutreffend\r\nVW-1;0;0;nein\r\n"
    upload = SimpleUploadedFile("a.csv", csv, content_type="text/csv")
    # Answers, the release, the history of Höxter, and what Höxter published: all as they were.
    with town_unchanged(world.town_hoexter), nothing_sent_on_commit(django_capture_on_commit_callbacks):
        assert (
            api.put(base + "answers/VW-1/", {"current_level": 0, "target_level": 0}, format="json").status_code == 403
        )
        assert api.post(base + "release/").status_code == 403
        assert api.post(base + "reopen/", {"reason": "x"}).status_code == 403
        assert api.post(base + "import/", {"file": upload}, format="multipart").status_code == 403
        assert page.post(HOEXTER.format(year=grid.year), {"VW-1-present": "1", "VW-1-current": "0"}).status_code == 403
        assert page.post(HOEXTER.format(year=grid.year) + "freigeben/", {"confirmed": "1"}).status_code == 403


def test_the_coordinator_sees_released_answers(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client]
) -> None:
    body = api_as("coordinator").get(API_HOEXTER.format(year=grid.year)).json()
    assert body["status"] == "released"
    assert body["answers_visible"] is True
    answered = [q["answer"] for f in body["fields"] for q in f["questions"]]
    assert all(answer is not None for answer in answered)
    assert body["scores"]["overall_current"] is not None
    page = client_as("coordinator").get(HOEXTER.format(year=grid.year))
    assert page.status_code == 200
    assert "Beispieldaten" in page.content.decode()
    export = client_as("coordinator").get(HOEXTER.format(year=grid.year) + "export.csv")
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").count("\r\n") == 1 + sum(len(f["questions"]) for f in body["fields"])


@pytest.mark.parametrize("role", ["coordinator", "operator"])
def test_the_district_never_sees_drafts(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], role: str
) -> None:
    planted = _a_brakel_comment(world)
    body = api_as(role).get(API_BRAKEL.format(year=grid.year)).json()
    assert body["status"] == "draft"
    assert body["answers_visible"] is False
    assert body["completeness"]["answered"] is None
    assert all(q["answer"] is None for f in body["fields"] for q in f["questions"])
    assert all(f["score_current"] is None for f in body["fields"])
    page = client_as(role).get(BRAKEL.format(year=grid.year))
    assert page.status_code == 200
    assert planted not in page.content.decode()
    assert "noch nicht freigegeben" in page.content.decode()
    for path in ("export.csv", "export.xlsx"):
        assert client_as(role).get(BRAKEL.format(year=grid.year) + path).status_code == 404
    assert api_as(role).get(API_BRAKEL.format(year=grid.year) + "export/?file_format=csv").status_code == 404
    assert api_as(role).get(API_BRAKEL.format(year=grid.year) + "history/").status_code == 403
    assert client_as(role).get(BRAKEL.format(year=grid.year) + "verlauf/").status_code == 403


def test_the_town_sees_its_own_drafts(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    planted = _a_brakel_comment(world)
    page = client_as("officer_brakel").get(BRAKEL.format(year=grid.year))
    assert page.status_code == 200
    assert planted in page.content.decode()
    export = client_as("officer_brakel").get(BRAKEL.format(year=grid.year) + "export.csv")
    assert planted in export.content.decode("utf-8-sig")
    body = api_as("officer_brakel").get(API_BRAKEL.format(year=grid.year)).json()
    assert body["answers_visible"] is True
    assert 0 < body["completeness"]["answered"] < body["completeness"]["applicable"]


@pytest.mark.parametrize("role", ["coordinator", "viewer_hoexter", "operator"])
def test_only_the_towns_digital_officer_writes_answers(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], role: str
) -> None:
    api = api_as(role)
    with town_unchanged(world.town_brakel):
        response = api.put(
            API_BRAKEL.format(year=grid.year) + "answers/VW-1/", {"current_level": 1, "target_level": 2}, format="json"
        )
    assert response.status_code == 403


def test_the_officer_autosaves_one_answer_by_api(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    question = GridQuestion.objects.get(grid=grid, code="OK-2")
    response = api_as("officer_brakel").put(
        API_BRAKEL.format(year=grid.year) + "answers/OK-2/",
        {"current_level": 2, "target_level": 3, "comment": "per API"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_complete"] is True
    with town_schema(world.town_brakel):
        saved = Answer.objects.get(question_id=question.pk)
    assert (saved.current_level, saved.target_level, saved.comment) == (2, 3, "per API")
    with town_unchanged(world.town_brakel):
        bad = api_as("officer_brakel").put(
            API_BRAKEL.format(year=grid.year) + "answers/OK-2/", {"current_level": 3, "target_level": 1}, format="json"
        )
    assert bad.status_code == 400
    assert "target_level" in bad.json()


def test_the_officer_saves_the_whole_form_without_javascript(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    response = client_as("officer_brakel").post(
        BRAKEL.format(year=grid.year),
        {"OK-3-present": "1", "OK-3-current": "1", "OK-3-target": "2", "OK-3-comment": "per Formular"},
    )
    assert response.status_code == 302
    question = GridQuestion.objects.get(grid=grid, code="OK-3")
    with town_schema(world.town_brakel):
        saved = Answer.objects.get(question_id=question.pk)
    assert (saved.current_level, saved.target_level, saved.comment) == (1, 2, "per Formular")
    officer = client_as("officer_brakel")
    with town_unchanged(world.town_brakel):
        bad = officer.post(
            BRAKEL.format(year=grid.year), {"OK-3-present": "1", "OK-3-current": "3", "OK-3-target": "1"}
        )
    assert bad.status_code == 400
    assert "Das Soll liegt unter dem Ist" in bad.content.decode()


def test_the_coordinator_reopens_by_page_and_the_town_sees_why(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    coordinator = client_as("coordinator")
    assert (
        coordinator.post(
            HOEXTER.format(year=grid.year) + "wiedereroeffnen/", {"reason": "Bitte VW-2 prüfen"}
        ).status_code
        == 302
    )
    page = client_as("officer_hoexter").get(HOEXTER.format(year=grid.year))
    text = page.content.decode()
    assert "Bitte VW-2 prüfen" in text
    assert 'id="answers-form"' in text
    assert (
        client_as("officer_hoexter").post(HOEXTER.format(year=grid.year) + "freigeben/", {"confirmed": "1"}).status_code
        == 302
    )
    assert "Freigegeben am" in client_as("coordinator").get(HOEXTER.format(year=grid.year)).content.decode()


def test_the_officer_imports_answers_by_api_and_a_bad_file_changes_nothing(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("officer_brakel")
    base = API_BRAKEL.format(year=grid.year)
    exported = api.get(base + "export/?file_format=xlsx")
    assert exported.status_code == 200
    before = _answers(world.town_brakel)
    upload = SimpleUploadedFile("brakel.xlsx", exported.content)
    assert api.post(base + "import/", {"file": upload}, format="multipart").json() == {"changed": 0}
    assert _answers(world.town_brakel) == before
    broken = SimpleUploadedFile("brakel.csv", b"Nr.;Ist;Soll;Nicht zutreffend\r\nOK-1;2;2;nein\r\nOK-2;9;2;nein\r\n")
    with town_unchanged(world.town_brakel):  # not even the good row OK-1, nor a history entry
        response = api.post(base + "import/", {"file": broken}, format="multipart")
    assert response.status_code == 400
    assert [(p["row"], p["column"]) for p in response.json()["problems"]] == [(3, "Ist")]


def test_the_quick_check_page_speaks_german_and_english(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    german = client.get(HOEXTER.format(year=grid.year)).content.decode()
    assert "Vollständigkeit:" in german
    assert "Werte je Handlungsfeld" in german
    client.cookies["django_language"] = "en"
    english = client.get(HOEXTER.format(year=grid.year)).content.decode()
    assert "Completeness:" in english
    assert "Vollständigkeit:" not in english
