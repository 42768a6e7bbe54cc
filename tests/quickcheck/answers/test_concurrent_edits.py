"""Two tabs on the same Quick Check: nobody's change is lost (issue 13, item 8; decision D55).

Each tab loads the page, changes one field of the same question and saves, as the page's script
(one changed field, ``PATCH`` with ``If-Match``) or its form without JavaScript (every question,
with each question's version and what it showed) does. Changes of different fields both survive;
a change of the same field based on an older version is refused with 409 and the current answer,
and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from quickcheck.answers.models import Answer
from quickcheck.models import GridQuestion, GridVersion
from tests.conftest import World
from tests.helpers import form_fields, town_unchanged

PAGE = "/kreise/kreis-hoexter/kommunen/brakel/quick-check/{year}/"
API = "/api/v1/districts/kreis-hoexter/towns/brakel/quickcheck/{year}/answers/{code}/"


def _form(client: Client, year: int) -> dict[str, str]:
    response = client.get(PAGE.format(year=year))
    assert response.status_code == 200
    return form_fields(response.content.decode(), "answers-form")


def _answered_question(world: World, grid: GridVersion) -> tuple[GridQuestion, Answer]:
    """A question Brakel answered with levels (it answered about 60 %)."""
    with town_schema(world.town_brakel):
        answer = Answer.objects.filter(not_applicable=False, current_level__isnull=False, target_level__lt=4).first()
    assert answer is not None
    return GridQuestion.objects.get(pk=answer.question_id), answer


def _stored(world: World, question: GridQuestion) -> Answer:
    with town_schema(world.town_brakel):
        return Answer.objects.get(question_id=question.pk)


def test_two_tabs_saving_the_whole_form_each_keep_their_change(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    question, answer = _answered_question(world, grid)
    code = question.code
    first, second = client_as("officer_brakel"), client_as("officer_brakel")
    first_form, second_form = _form(first, grid.year), _form(second, grid.year)
    first_form[f"{code}-comment"] = "aus dem ersten Tab"
    assert first.post(PAGE.format(year=grid.year), first_form).status_code == 302
    second_form[f"{code}-target"] = str(answer.target_level + 1)  # type: ignore[operator]
    assert second.post(PAGE.format(year=grid.year), second_form).status_code == 302
    saved = _stored(world, question)
    assert (saved.comment, saved.target_level) == ("aus dem ersten Tab", answer.target_level + 1)  # type: ignore[operator]


def test_a_stale_form_changing_the_same_field_is_refused_with_the_current_value(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    question, _answer = _answered_question(world, grid)
    code = question.code
    first, second = client_as("officer_brakel"), client_as("officer_brakel")
    first_form, second_form = _form(first, grid.year), _form(second, grid.year)
    first_form[f"{code}-comment"] = "aus dem ersten Tab"
    assert first.post(PAGE.format(year=grid.year), first_form).status_code == 302
    second_form[f"{code}-comment"] = "aus dem zweiten Tab"
    other = next(name for name in second_form if name.endswith("-comment") and name != f"{code}-comment")
    second_form[other] = "auch nicht gespeichert"  # all or nothing: another question's change waits too
    with town_unchanged(world.town_brakel):
        refused = second.post(PAGE.format(year=grid.year), second_form)
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "inzwischen geändert" in text
    assert "aus dem ersten Tab" in text  # the current value, shown at the question
    assert "aus dem zweiten Tab" in text  # the person's own input is still in the field
    # The page now carries the current version: saving again takes the person's input over.
    again = form_fields(text, "answers-form")
    assert second.post(PAGE.format(year=grid.year), again).status_code == 302
    assert _stored(world, question).comment == "aus dem zweiten Tab"


def test_two_tabs_autosaving_different_fields_of_one_answer_both_survive(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    question, answer = _answered_question(world, grid)
    url = API.format(year=grid.year, code=question.code)
    api = api_as("officer_brakel")
    version = f'"{answer.version}"'
    first = api.patch(url, {"comment": "aus dem ersten Tab"}, format="json", HTTP_IF_MATCH=version)
    assert first.status_code == 200, first.content
    assert first["ETag"] == f'"{answer.version + 1}"'
    second = api.patch(url, {"target_level": answer.target_level + 1}, format="json", HTTP_IF_MATCH=version)  # type: ignore[operator]
    assert second.status_code == 200, second.content
    assert second.json()["version"] == answer.version + 2
    saved = _stored(world, question)
    assert (saved.comment, saved.target_level, saved.current_level) == (
        "aus dem ersten Tab",
        answer.target_level + 1,  # type: ignore[operator]
        answer.current_level,
    )


@pytest.mark.parametrize("how", ["if-match", "version field"])
def test_a_stale_autosave_of_the_same_field_gets_409_with_the_current_answer(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], how: str
) -> None:
    question, answer = _answered_question(world, grid)
    url = API.format(year=grid.year, code=question.code)
    api = api_as("officer_brakel")
    stale: dict[str, Any] = {"HTTP_IF_MATCH": f'"{answer.version}"'} if how == "if-match" else {}
    body: dict[str, Any] = {"version": answer.version} if how == "version field" else {}
    assert api.patch(url, {"comment": "zuerst", **body}, format="json", **stale).status_code == 200
    with town_unchanged(world.town_brakel):
        refused = api.patch(url, {"comment": "danach, aber veraltet", **body}, format="json", **stale)
    assert refused.status_code == 409
    conflict = refused.json()
    assert conflict["conflicts"] == ["comment"]
    assert conflict["question"] == question.code
    assert conflict["current"]["comment"] == "zuerst"
    assert conflict["current"]["version"] == answer.version + 1
    assert refused["ETag"] == f'"{answer.version + 1}"'
    assert "inzwischen geändert" in conflict["detail"]
    # The same value again is no conflict (nothing to lose), and a fresh version writes.
    assert api.patch(url, {"comment": "zuerst", **body}, format="json", **stale).status_code == 200
    fresh: dict[str, Any] = {"HTTP_IF_MATCH": f'"{answer.version + 1}"'}
    assert api.patch(url, {"comment": "danach"}, format="json", **fresh).status_code == 200
    assert _stored(world, question).comment == "danach"


def test_not_applicable_that_would_clear_a_level_changed_meanwhile_is_a_conflict(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    question, answer = _answered_question(world, grid)
    url = API.format(year=grid.year, code=question.code)
    api = api_as("officer_brakel")
    version = f'"{answer.version}"'
    assert api.patch(url, {"target_level": 4}, format="json", HTTP_IF_MATCH=version).status_code == 200
    with town_unchanged(world.town_brakel):
        refused = api.patch(
            url, {"not_applicable": True, "not_applicable_reason": "Kreisaufgabe"}, format="json", HTTP_IF_MATCH=version
        )
    assert refused.status_code == 409
    assert refused.json()["conflicts"] == ["target_level"]


def test_put_without_a_version_still_replaces_the_whole_answer(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    question, answer = _answered_question(world, grid)
    response = api_as("officer_brakel").put(
        API.format(year=grid.year, code=question.code), {"current_level": 1}, format="json"
    )
    assert response.status_code == 200
    saved = _stored(world, question)
    assert (saved.current_level, saved.target_level, saved.version) == (1, None, answer.version + 1)


@pytest.mark.parametrize("header", ['"x"', "3, 4", '"1"; drop'])
def test_an_unreadable_if_match_is_refused(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], header: str
) -> None:
    question, _answer = _answered_question(world, grid)
    with town_unchanged(world.town_brakel):
        response = api_as("officer_brakel").patch(
            API.format(year=grid.year, code=question.code), {"comment": "x"}, format="json", HTTP_IF_MATCH=header
        )
    assert response.status_code == 400
    assert "If-Match" in str(response.json())


def test_an_answer_saved_more_than_a_thousand_times_still_saves_from_the_form(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    """The page writes the version into the form as digits, not German-grouped ("1.234"): read back
    as no version at all, the form's save would be refused or would write over a change unseen."""
    question, _answer = _answered_question(world, grid)
    code = question.code
    with town_schema(world.town_brakel):
        Answer.objects.filter(question_id=question.pk).update(version=1234)
    officer = client_as("officer_brakel")
    form = _form(officer, grid.year)
    assert form[f"{code}-version"] == "1234"
    form[f"{code}-comment"] = "nach vielen Speicherungen"
    assert officer.post(PAGE.format(year=grid.year), form).status_code == 302
    saved = _stored(world, question)
    assert (saved.comment, saved.version) == ("nach vielen Speicherungen", 1235)
