"""Control characters are refused wherever text comes in, and exports survive old ones (D53).

Bell, escape, NUL and the other C0 control characters except tab, LF and CR: XLSX cannot hold
them (openpyxl raised IllegalCharacterError, a 500 on every export of that town) and nobody types
them. Pages, the API, file imports and the commands refuse them, naming the field; exports drop
those stored before.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from kreisagenda.parsers import TEXT_CHECKED_PARSERS
from kreisagenda.tenancy import public_schema_activate, town_schema, town_schema_activate
from openpyxl import load_workbook
from rest_framework.test import APIClient
from rest_framework.views import APIView

from quickcheck.answers.models import Answer
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures.models import Measure
from solutions.models import Solution
from tenants.models import District, Town
from tests.conftest import World
from tests.helpers import schemas_unchanged, town_unchanged, unchanged

pytestmark = pytest.mark.django_db

BELL = "Akte\x07"
BRAKEL_PAGE = "/kreise/kreis-hoexter/kommunen/brakel/"
BRAKEL_API = "/api/v1/districts/kreis-hoexter/towns/brakel/"
MESSAGE_BELL = "Steuerzeichen sind nicht erlaubt (Zeichen U+0007)."


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x0b", "\x1b", "\x1f"])
def test_a_page_form_refuses_a_control_character_and_changes_nothing(
    world: World, client_as: Callable[[str], Client], character: str
) -> None:
    client = client_as("officer_brakel")
    with town_unchanged(world.town_brakel):
        response = client.post(
            f"{BRAKEL_PAGE}loesungen/",
            {"title": f"E-Akte{character}", "field_key": "verwaltung", "category": "e_file", "status": "planned"},
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Feld „title“" in text
    assert f"Steuerzeichen sind nicht erlaubt (Zeichen U+{ord(character):04X})." in text
    # Tab and line breaks are text.
    response = client.post(
        f"{BRAKEL_PAGE}loesungen/",
        {
            "title": "E-Akte",
            "description": "erste Zeile\r\nzweite\tZeile",
            "field_key": "verwaltung",
            "category": "e_file",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    with town_schema(world.town_brakel):
        assert Solution.objects.filter(title="E-Akte", description="erste Zeile\r\nzweite\tZeile").exists()


def test_the_quick_check_page_refuses_a_control_character_in_a_comment(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    """A page that reads its fields itself, without a form class, is refused the same way."""
    question = GridQuestion.objects.filter(grid=grid).order_by("pk").first()
    assert question is not None
    with town_unchanged(world.town_brakel):
        response = client_as("officer_brakel").post(
            f"{BRAKEL_PAGE}quick-check/{grid.year}/",
            {
                f"{question.code}-present": "1",
                f"{question.code}-current": "1",
                f"{question.code}-target": "2",
                f"{question.code}-comment": BELL,
            },
        )
    assert response.status_code == 400
    assert MESSAGE_BELL in response.content.decode()


def test_the_api_refuses_a_control_character_by_field_and_changes_nothing(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    api = api_as("officer_brakel")
    url = f"{BRAKEL_API}quickcheck/{grid.year}/answers/VW-1/"
    with town_unchanged(world.town_brakel):
        response = api.put(url, {"current_level": 1, "target_level": 2, "comment": "rot \x1b[31m"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"comment": ["Steuerzeichen sind nicht erlaubt (Zeichen U+001B)."]}
    nested = api.post(f"{BRAKEL_API}measures/", {"title": "X", "milestones": [{"title": BELL}]}, format="json")
    assert nested.status_code == 400
    assert nested.json() == {"milestones": [f"1.title: {MESSAGE_BELL}"]}
    # Checked only once the caller may write: who is not signed in or not of the town is refused as ever.
    payload = {"current_level": 1, "target_level": 2, "comment": BELL}
    assert api_as("anonymous").put(url, payload, format="json").status_code == 401
    assert api_as("officer_detmold").put(url, payload, format="json").status_code in {403, 404}


def _api_views() -> list[type[APIView]]:
    views: list[type[APIView]] = []

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            else:
                view_class = getattr(pattern.callback, "cls", None)
                if isinstance(view_class, type) and issubclass(view_class, APIView):
                    views.append(view_class)

    walk(get_resolver().url_patterns)
    return views


def test_every_api_view_reads_its_input_through_the_checking_parsers() -> None:
    views = _api_views()
    assert len(views) > 40
    unchecked = {
        view.__name__: [parser.__name__ for parser in view.parser_classes]
        for view in views
        if not all(issubclass(parser, TEXT_CHECKED_PARSERS) for parser in view.parser_classes)
    }
    assert unchecked == {}


def test_an_import_refuses_a_control_character_by_row_and_column(
    world: World, grid: GridVersion, api_as: Callable[[str], APIClient]
) -> None:
    header = "Nr.;Handlungsfeld;Frage;Ist;Soll;Nicht zutreffend;Begründung;Kommentar;Nachweis"
    content = f"{header}\r\nVW-1;;;1;2;nein;;{BELL};\r\n".encode()
    upload = io.BytesIO(content)
    upload.name = "antworten.csv"
    with town_unchanged(world.town_brakel):
        response = api_as("officer_brakel").post(f"{BRAKEL_API}quickcheck/{grid.year}/import/", {"file": upload})
    assert response.status_code == 400
    assert f"antworten.csv, Zeile 2, Spalte „Kommentar“: {MESSAGE_BELL}" in str(response.json())


def test_the_commands_refuse_control_characters(world: World, tmp_path: Path) -> None:
    members = tmp_path / "mitglieder.csv"
    members.write_text("ags,name,kind,population\n05762099,Nul\x00stadt,town,1000\n", encoding="utf-8")
    with schemas_unchanged(), unchanged(Town, District):
        with pytest.raises(
            CommandError, match="Zeile 2, Feld „name“: Steuerzeichen sind nicht erlaubt \\(Zeichen U\\+0000\\)"
        ):
            call_command("import_members", str(members), district="kreis-hoexter")
        with pytest.raises(CommandError, match="--name: Steuerzeichen"):
            call_command("add_town", district="kreis-hoexter", name="Esc\x1bdorf", ags="05762098", population=10)
        with pytest.raises(CommandError, match="--name: Steuerzeichen"):
            call_command("create_district", name="Kreis \x07", key="05999", state="05")


def test_stored_control_characters_do_not_break_the_exports(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    """Text stored before the refusal (planted here): the XLSX leaves the characters out."""
    town_schema_activate(world.town_brakel)
    answer = Answer.objects.filter(not_applicable=False).order_by("question_id").first()
    assert answer is not None
    Answer.objects.filter(pk=answer.pk).update(comment="Ton\x07 und Escape\x1b")
    Measure.objects.create(title="Glocke\x07", field_key="verwaltung")
    Solution.objects.create(title="Register\x1b", field_key="verwaltung", category="other", status="planned")
    public_schema_activate()
    response = client_as("officer_brakel").get(f"{BRAKEL_PAGE}quick-check/{grid.year}/export.xlsx")
    assert response.status_code == 200
    values = [cell for row in load_workbook(io.BytesIO(response.content))["Antworten"].values for cell in row]
    assert "Ton und Escape" in values
    api_response = api_as("officer_brakel").get(f"{BRAKEL_API}measures/export/", {"file_format": "xlsx"})
    assert api_response.status_code == 200
    rows = list(load_workbook(io.BytesIO(api_response.content))["Maßnahmen"].values)
    assert any(row[0] == "Glocke" for row in rows)
    register = api_as("officer_brakel").get(f"{BRAKEL_API}solutions/export/", {"file_format": "xlsx"})
    assert register.status_code == 200
    assert any(row[1] == "Register" for row in load_workbook(io.BytesIO(register.content))["Lösungsregister"].values)
    csv_response = client_as("officer_brakel").get(f"{BRAKEL_PAGE}quick-check/{grid.year}/export.csv")
    assert csv_response.status_code == 200
    assert "Ton und Escape" in csv_response.content.decode("utf-8-sig")
