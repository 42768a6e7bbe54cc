"""The grid through the API and the pages, under the permissions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from quickcheck.models import GridQuestion, GridVersion
from quickcheck.selectors import grid_rows
from quickcheck.services import grid_create, grid_question_save
from tests.conftest import World
from tests.helpers import GRID, unchanged

API = "/api/v1/districts/kreis-hoexter/grids/"


@pytest.mark.parametrize("role", ["coordinator", "conference", "officer_brakel", "viewer_hoexter", "operator"])
def test_everyone_in_the_district_reads_the_grid(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], role: str
) -> None:
    body = api_as(role).get(f"{API}{grid.year}/").json()
    assert body["status"] == "open"
    assert sum(len(f["questions"]) for f in body["fields"]) == grid.questions.count()
    assert all(len(q["levels"]) == 5 for f in body["fields"] for q in f["questions"])
    page = client_as(role).get(f"/kreise/kreis-hoexter/quick-check/{grid.year}/")
    assert page.status_code == 200
    assert "VW-1" in page.content.decode()
    assert client_as(role).get(f"/kreise/kreis-hoexter/quick-check/{grid.year}/export.xlsx").status_code == 200


@pytest.mark.parametrize("role", ["officer_detmold", "coordinator_lippe", "no_role"])
def test_other_districts_do_not_read_the_grid(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], role: str
) -> None:
    assert api_as(role).get(f"{API}{grid.year}/").status_code == 403
    assert api_as(role).get(f"{API}{grid.year}/export/?file_format=csv").status_code == 403


@pytest.mark.parametrize("role", ["conference", "officer_brakel", "operator", "coordinator_lippe"])
def test_only_the_districts_coordinators_create_grids(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient], role: str
) -> None:
    api = api_as(role)
    with unchanged(*GRID):
        assert api.post(API, {"year": grid.year + 1}, format="json").status_code == 403


def test_the_coordinator_builds_next_years_grid_by_api(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("coordinator")
    created = api.post(API, {"year": grid.year + 1}, format="json")
    assert created.status_code == 201
    year = grid.year + 1
    question = created.json()["fields"][0]["questions"][0]
    assert question["replaces_code"] == question["code"]
    changed = api.put(f"{API}{year}/questions/{question['code']}/", {**question, "weight": 1}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["weight"] == 1
    added = api.post(f"{API}{year}/questions/", {**question, "code": "VW-99", "replaces_code": ""}, format="json")
    assert added.status_code == 201
    assert api.delete(f"{API}{year}/questions/VW-99/").status_code == 204
    export = api.get(f"{API}{year}/export/?file_format=csv")
    assert export["Content-Disposition"].endswith(f'{year}.csv"')
    upload = SimpleUploadedFile("raster.csv", export.content, content_type="text/csv")
    assert api.post(f"{API}{year}/import/", {"file": upload}, format="multipart").status_code == 200
    broken = SimpleUploadedFile("raster.csv", b"Nr.;Frage\r\nA;B\r\n", content_type="text/csv")
    with unchanged(*GRID):
        response = api.post(f"{API}{year}/import/", {"file": broken}, format="multipart")
    assert response.status_code == 400
    assert {"row": 1, "column": "Gewicht"}.items() <= next(
        p for p in response.json()["problems"] if p["column"] == "Gewicht"
    ).items()
    assert api.post(f"{API}{year}/open/").json()["status"] == "open"
    with unchanged(*GRID):  # the open grid is frozen: its weight stays 1
        assert api.put(f"{API}{year}/questions/{question['code']}/", question, format="json").status_code == 400
    assert (
        GridQuestion.objects.get(grid__year=year, grid__district=world.hoexter_district, code=question["code"]).weight
        == 1
    )


def test_the_coordinator_uses_the_grid_pages(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    page = client_as("coordinator")
    assert (
        page.post("/kreise/kreis-hoexter/quick-check/", {"year": grid.year + 1, "start_from": "previous"}).status_code
        == 302
    )
    year = grid.year + 1
    edit = page.get(f"/kreise/kreis-hoexter/quick-check/{year}/frage/VW-1/")
    assert edit.status_code == 200
    form = {name: edit.context["form"].initial[name] for name in edit.context["form"].initial}
    assert (
        page.post(f"/kreise/kreis-hoexter/quick-check/{year}/frage/VW-1/", {**form, "text": "Neu?"}).status_code == 302
    )
    assert GridQuestion.objects.get(grid__year=year, grid__district=world.hoexter_district, code="VW-1").text == "Neu?"
    bad_file = SimpleUploadedFile("raster.xlsx", b"kein zip", content_type="application/octet-stream")
    with unchanged(*GRID):
        problems = page.post(f"/kreise/kreis-hoexter/quick-check/{year}/import/", {"file": bad_file})
    assert problems.status_code == 400
    assert "keine gültige XLSX-Datei" in problems.content.decode()
    assert page.post(f"/kreise/kreis-hoexter/quick-check/{year}/eroeffnen/").status_code == 302
    assert not GridVersion.objects.get(district=world.hoexter_district, year=year).is_draft


def test_the_grid_page_says_a_question_continues_and_which_one_another_replaces(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    """Issue 14, 7: "VW-1 … ersetzt VW-1" — a question of the same code continues; another code replaces."""
    draft = grid_create(district=world.hoexter_district, year=grid.year + 1, actor=None)
    first = grid_rows(grid=draft)[0]
    grid_question_save(grid=draft, row=replace(first, code="VW-9", text="Neu gefasst?"), original_code=first.code)
    page = client_as("coordinator").get(f"/kreise/kreis-hoexter/quick-check/{draft.year}/").content.decode()
    continued = re.search(r"<h3>VW-2 – .*?</article>", page, re.S)
    assert continued is not None
    assert f'<span data-replaces="VW-2">fortgeführt aus {grid.year}</span>' in continued.group(0)
    assert "ersetzt" not in continued.group(0)
    renamed = re.search(r"<h3>VW-9 – Neu gefasst\?</h3>.*?</article>", page, re.S)
    assert renamed is not None
    assert f'<span data-replaces="VW-1">ersetzt VW-1 aus {grid.year}</span>' in renamed.group(0)
    # Nowhere does a question say it replaces its own code.
    questions = re.findall(r"<h3>([A-Z]+-\d+) – .*?</h3>(.*?)</article>", page, re.S)
    assert len(questions) == GridQuestion.objects.filter(grid=draft).count()
    assert [code for code, block in questions if f"ersetzt {code} " in block] == []
