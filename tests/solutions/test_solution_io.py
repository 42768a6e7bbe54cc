"""A town's register as a file: export and import back unchanged, problems named by file, row and column
with nothing written, and only the town's officer imports (D74)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from kreisagenda.tabular import Cell, TableFormat, TableImportError, table_write
from kreisagenda.tenancy import town_schema, town_schema_activate
from openpyxl import load_workbook
from rest_framework.test import APIClient

from audit.models import AuditEntry
from solutions.models import Solution
from solutions.solution_io import SOLUTION_SHEET, solutions_export, solutions_import
from tests.conftest import World
from tests.helpers import town_unchanged

Callbacks = Callable[..., Any]
HOEXTER_PAGE = "/kreise/kreis-hoexter/kommunen/hoexter/loesungen/"
HOEXTER_API = "/api/v1/districts/kreis-hoexter/towns/hoexter/solutions/"
BRAKEL_PAGE = "/kreise/kreis-hoexter/kommunen/brakel/loesungen/"
BRAKEL_API = "/api/v1/districts/kreis-hoexter/towns/brakel/solutions/"
HEADER = "Bezeichnung;Handlungsfeld;Kategorie;Status;Jährliche Kosten (EUR)"


def _csv(header: str, *rows: str) -> bytes:
    return "\r\n".join([header, *rows]).encode("utf-8-sig")


def _xlsx(columns: list[str], *rows: list[Cell]) -> bytes:
    return table_write(table_format=TableFormat.XLSX, sheet=SOLUTION_SHEET, columns=columns, rows=rows)


def _state() -> list[dict[str, Any]]:
    return [dict(row) for row in Solution.objects.order_by("pk").values()]


def _rows(content: bytes, table_format: TableFormat) -> list[dict[str, Any]]:
    if table_format == TableFormat.CSV:
        header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    else:
        header, *rows = load_workbook(io.BytesIO(content))[SOLUTION_SHEET].values  # type: ignore[assignment]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _rich_entries() -> tuple[Solution, Solution]:
    """An entry with every field (a text that looks like a formula, a line break) and a twin by name."""
    rich = Solution.objects.create(
        field_key="verwaltung",
        category="council_information",
        title='=HYPERLINK("http://evil.example")',
        description="Sitzungsdienst.\nMit App für den Rat.",
        product="-Ratsinfo Pro",
        vendor="@Anbieter GmbH",
        status="in_use",
        contract_end=datetime.date(2028, 12, 31),
        annual_cost=Decimal("12500.50"),
    )
    twin = Solution.objects.create(
        field_key="infrastruktur", category="public_wifi", title="WLAN", status="planned", annual_cost=Decimal(0)
    )
    Solution.objects.create(field_key="infrastruktur", category="public_wifi", title="wlan", status="in_use")
    return rich, twin


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_an_exported_register_imports_back_unchanged(
    world: World, db: None, table_format: TableFormat, django_capture_on_commit_callbacks: Callbacks
) -> None:
    town_schema_activate(world.town_hoexter)
    rich, twin = _rich_entries()
    before = _state()
    filename, content = solutions_export(town=world.town_hoexter, table_format=table_format)
    assert filename == f"loesungsregister-hoexter.{table_format}"
    rows = {row["Nr."]: row for row in _rows(content, table_format)}
    csv_file = table_format == TableFormat.CSV
    number = str(rich.pk) if csv_file else rich.pk
    assert rows[number] == {
        "Nr.": number,
        # CSV: formulas escaped with a leading quote (D52); XLSX: text cells.
        "Bezeichnung": '\'=HYPERLINK("http://evil.example")' if csv_file else '=HYPERLINK("http://evil.example")',
        "Handlungsfeld": "verwaltung",
        "Kategorie": "Ratsinformationssystem",
        "Beschreibung": "Sitzungsdienst.\nMit App für den Rat.",
        "Produkt": "'-Ratsinfo Pro" if csv_file else "-Ratsinfo Pro",
        "Anbieter": "'@Anbieter GmbH" if csv_file else "@Anbieter GmbH",
        "Status": "im Einsatz",
        "Vertragsende": "31.12.2028",
        "Jährliche Kosten (EUR)": "12500,50" if csv_file else 12500.5,
    }
    assert rows[str(twin.pk) if csv_file else twin.pk]["Jährliche Kosten (EUR)"] == ("0,00" if csv_file else 0)
    if not csv_file:
        sheet = load_workbook(io.BytesIO(content))[SOLUTION_SHEET]
        titles = [cell for cell in sheet["B"] if cell.value == rich.title]
        assert [(cell.data_type, cell.quotePrefix) for cell in titles] == [("s", True)]  # never a formula
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = solutions_import(town=world.town_hoexter, data=content, filename=filename, actor=None)
    assert counts == {"created": 0, "updated": 0, "unchanged": len(rows)}
    assert callbacks == []  # nothing changed: nothing to publish
    assert _state() == before  # the two entries called WLAN are told apart by their Nr.
    _filename, again = solutions_export(town=world.town_hoexter, table_format=table_format)
    assert _rows(again, table_format) == _rows(content, table_format)


def test_a_hand_written_file_creates_and_a_changed_one_updates(
    world: World, db: None, person: Callable[[str], Any]
) -> None:
    town_schema_activate(world.town_hoexter)
    new = "Parkleitsystem Innenstadt;Mobilität;Parksensorik;geplant;1.200,50 €"
    counts = solutions_import(
        town=world.town_hoexter, data=_csv(HEADER, new), filename="register.csv", actor=person("officer_hoexter")
    )
    assert counts == {"created": 1, "updated": 0, "unchanged": 0}
    entry = Solution.objects.get(title="Parkleitsystem Innenstadt")
    assert (entry.field_key, entry.category, entry.status, entry.annual_cost) == (
        "mobilitaet",
        "parking_sensors",
        "planned",
        Decimal("1200.50"),
    )
    history = AuditEntry.objects.filter(action="solutions.imported").get()
    assert history.summary == "Register aus „register.csv“ eingelesen: 1 neu, 0 geändert"
    # Without Nr., the same name (whatever the case, which the file sets) updates; a missing column keeps
    # its value (the description), an empty cell empties the field.
    entry.description = "Bleibt."
    entry.save()
    changed = "parkleitsystem innenstadt;mobilitaet;parking_sensors;in Beschaffung;"
    counts = solutions_import(town=world.town_hoexter, data=_csv(HEADER, changed), filename="register.csv", actor=None)
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    entry.refresh_from_db()
    assert (entry.title, entry.status, entry.annual_cost, entry.description) == (
        "parkleitsystem innenstadt",
        "procurement",
        None,
        "Bleibt.",
    )


BAD_ROWS: list[list[Cell]] = [
    ["Gutes Portal", "verwaltung", "Bürger- und Serviceportal", "geplant", "", "1000"],
    ["Schlechte Kosten", "verwaltung", "Sonstiges", "geplant", "", "zwölf"],
    ["Negative Kosten", "verwaltung", "Sonstiges", "geplant", "", "-5"],
    ["Zu teuer", "verwaltung", "Sonstiges", "geplant", "", "10.000.000"],
    ["Raumfahrt", "verwaltung", "Raumfahrt", "geplant", "", ""],
    ["Falsches Datum", "verwaltung", "Sonstiges", "geplant", "31.02.2028", ""],
    ["Mondbasis", "mond", "Sonstiges", "geplant", "", ""],
]


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_a_broken_file_names_file_row_and_column_and_writes_nothing(
    world: World, db: None, table_format: TableFormat, django_capture_on_commit_callbacks: Callbacks
) -> None:
    town_schema_activate(world.town_hoexter)
    columns = ["Bezeichnung", "Handlungsfeld", "Kategorie", "Status", "Vertragsende", "Jährliche Kosten (EUR)"]
    if table_format == TableFormat.CSV:
        content = _csv(";".join(columns), *(";".join(str(cell) for cell in row) for row in BAD_ROWS))
        where = "register.csv"
    else:
        content = _xlsx(columns, *BAD_ROWS)
        where = "register.xlsx, Tabelle „Lösungsregister“"
    with (
        town_unchanged(world.town_hoexter),  # not even the good row 2, nor a history entry
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(TableImportError) as error,
    ):
        solutions_import(town=world.town_hoexter, data=content, filename=f"register.{table_format}", actor=None)
    assert [str(problem) for problem in error.value.problems] == [
        f"{where}, Zeile 3, Spalte „Jährliche Kosten (EUR)“: „zwölf“ ist kein Betrag. Bitte eine Zahl angeben, "
        "z. B. 12.500,50.",
        f"{where}, Zeile 4, Spalte „Jährliche Kosten (EUR)“: Die jährlichen Kosten sind ein Betrag von 0 bis "
        "9.999.999,99 Euro.",
        f"{where}, Zeile 5, Spalte „Jährliche Kosten (EUR)“: Die jährlichen Kosten sind ein Betrag von 0 bis "
        "9.999.999,99 Euro.",
        f"{where}, Zeile 6, Spalte „Kategorie“: Unbekannte Angabe „Raumfahrt“ für die Kategorie. Möglich sind: "
        "E-Akte / Dokumentenmanagement, Bürger- und Serviceportal, Ratsinformationssystem, E-Rechnung, E-Payment, "
        "Öffentliches WLAN, Schul-IT und Endgeräte, Parksensorik, Sensornetz (LoRaWAN), Geoinformationssystem, "
        "Videokonferenz / Zusammenarbeit, Internetauftritt / CMS, IT-Sicherheit, Sonstiges.",
        f"{where}, Zeile 7, Spalte „Vertragsende“: „31.02.2028“ ist kein Datum. Bitte z. B. 31.12.2028 angeben.",
        f"{where}, Zeile 8, Spalte „Handlungsfeld“: Das Handlungsfeld „mond“ gibt es im geltenden Leitbild nicht.",
    ]
    assert callbacks == []  # nothing to publish


def test_rows_are_matched_by_number_and_name_never_to_another_entry(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    _rich, twin = _rich_entries()
    header = "Nr.;Bezeichnung;Handlungsfeld;Kategorie;Status"
    rows = [
        f"{twin.pk};Anderer Name;infrastruktur;public_wifi;planned",  # a Nr. with another entry's name
        "99999;Neu;infrastruktur;public_wifi;planned",  # a Nr. the register does not have
        ";Wlan;infrastruktur;public_wifi;planned",  # two entries are called so
        ";Neues Portal;verwaltung;citizen_portal;planned",
        ";neues portal;verwaltung;citizen_portal;planned",  # the same new entry twice
        ";;verwaltung;citizen_portal;planned",  # no name, twice: the rule, not a repetition
        ";;verwaltung;citizen_portal;planned",
    ]
    with town_unchanged(world.town_hoexter), pytest.raises(TableImportError) as error:
        solutions_import(town=world.town_hoexter, data=_csv(header, *rows), filename="register.csv", actor=None)
    assert [(p.row, p.column, p.message) for p in error.value.problems] == [
        (
            2,
            "Bezeichnung",
            f"Eintrag Nr. {twin.pk} heißt „WLAN“. Eine Nr. gilt nur mit ihrer Bezeichnung; umbenannt wird auf "
            "der Seite des Eintrags.",
        ),
        (3, "Nr.", "Einen Eintrag Nr. 99999 gibt es im Register nicht; für neue Einträge die Nr. leer lassen."),
        (4, "Nr.", f"Mehrere Einträge heißen so (Nr. {twin.pk}, {twin.pk + 1}); bitte die Nr. angeben."),
        (6, "Bezeichnung", "Der Eintrag steht schon in Zeile 5; jeder Eintrag einmal."),
        (7, "Bezeichnung", "Bitte eine Bezeichnung angeben."),
        (8, "Bezeichnung", "Bitte eine Bezeichnung angeben."),
    ]


def test_control_characters_and_malformed_rows_are_refused_by_the_shared_reader(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    rows = ["Portal\x07;verwaltung;Sonstiges;geplant;", "Kurz;verwaltung"]
    with town_unchanged(world.town_hoexter), pytest.raises(TableImportError) as error:
        solutions_import(town=world.town_hoexter, data=_csv(HEADER, *rows), filename="register.csv", actor=None)
    assert [(p.row, p.column) for p in error.value.problems] == [(2, "Bezeichnung"), (3, None)]
    assert "U+0007" in error.value.problems[0].message


def test_the_page_exports_and_imports_for_the_officer(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("officer_hoexter")
    page = client.get(HOEXTER_PAGE).content.decode()
    assert f'href="{HOEXTER_PAGE}export.xlsx"' in page
    assert f'action="{HOEXTER_PAGE}import/"' in page
    exported = client.get(f"{HOEXTER_PAGE}export.csv")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="loesungsregister-hoexter.csv"'
    upload = io.BytesIO(_csv(HEADER, "Neues Portal;verwaltung;Bürger- und Serviceportal;geplant;2.000"))
    upload.name = "register.csv"
    answer = client.post(f"{HOEXTER_PAGE}import/", {"file": upload}, follow=True)
    assert "register.csv eingelesen: 1 neu, 0 geändert, 0 unverändert." in answer.content.decode()
    with town_schema(world.town_hoexter):
        assert Solution.objects.get(title="Neues Portal").annual_cost == Decimal(2000)
    broken = io.BytesIO(_csv(HEADER, "Kaputt;verwaltung;Sonstiges;geplant;zwölf"))
    broken.name = "kaputt.csv"
    with town_unchanged(world.town_hoexter):
        refused = client.post(f"{HOEXTER_PAGE}import/", {"file": broken})
    assert refused.status_code == 400
    assert (
        '<td>kaputt.csv</td><td>–</td><td class="number">2</td><td>Jährliche Kosten (EUR)</td>'
        "<td>„zwölf“ ist kein Betrag. Bitte eine Zahl angeben, z. B. 12.500,50.</td>"
    ) in refused.content.decode()


def test_the_api_exports_and_imports_all_or_nothing(world: World, api_as: Callable[[str], APIClient]) -> None:
    api = api_as("officer_hoexter")
    exported = api.get(f"{HOEXTER_API}export/?file_format=xlsx")
    assert exported.status_code == 200
    names = {row["Bezeichnung"] for row in _rows(exported.content, TableFormat.XLSX)}
    with town_schema(world.town_hoexter):
        assert names == set(Solution.objects.values_list("title", flat=True))
    upload = io.BytesIO(exported.content)
    upload.name = "register.xlsx"
    with town_unchanged(world.town_hoexter):
        answer = api.post(f"{HOEXTER_API}import/", {"file": upload}, format="multipart")
    assert answer.status_code == 200
    assert answer.json() == {"created": 0, "updated": 0, "unchanged": len(names)}
    broken = io.BytesIO(_csv(HEADER, "Kaputt;verwaltung;Sonstiges;geplant;-1"))
    broken.name = "kaputt.csv"
    with town_unchanged(world.town_hoexter):
        refused = api.post(f"{HOEXTER_API}import/", {"file": broken}, format="multipart")
    assert refused.status_code == 400
    assert "Zeile 2" in str(refused.json())
    assert "Jährliche Kosten (EUR)" in str(refused.json())


def _upload() -> io.BytesIO:
    upload = io.BytesIO(_csv(HEADER, "Fremdes Portal;verwaltung;Sonstiges;geplant;"))
    upload.name = "register.csv"
    return upload


@pytest.mark.parametrize("label", ["officer_hoexter", "conference", "coordinator_lippe"])
def test_no_one_outside_brakel_exports_or_imports_its_register(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], label: str
) -> None:
    """Höxter's officer holds no role in Brakel: neither page nor API gives them Brakel's register."""
    api, client = api_as(label), client_as(label)
    with town_unchanged(world.town_brakel):
        assert api.get(f"{BRAKEL_API}export/?file_format=csv").status_code == 403
        assert api.post(f"{BRAKEL_API}import/", {"file": _upload()}, format="multipart").status_code == 403
        assert client.get(f"{BRAKEL_PAGE}export.csv").status_code == 403
        assert client.post(f"{BRAKEL_PAGE}import/", {"file": _upload()}).status_code == 403


@pytest.mark.parametrize("label", ["viewer_hoexter", "coordinator"])
def test_the_mayor_and_the_coordinator_export_but_do_not_import(
    world: World, api_as: Callable[[str], APIClient], client_as: Callable[[str], Client], label: str
) -> None:
    api, client = api_as(label), client_as(label)
    assert api.get(f"{HOEXTER_API}export/?file_format=csv").status_code == 200
    assert client.get(f"{HOEXTER_PAGE}export.xlsx").status_code == 200
    assert f'action="{HOEXTER_PAGE}import/"' not in client.get(HOEXTER_PAGE).content.decode()
    with town_unchanged(world.town_hoexter):
        assert api.post(f"{HOEXTER_API}import/", {"file": _upload()}, format="multipart").status_code == 403
        assert client.post(f"{HOEXTER_PAGE}import/", {"file": _upload()}).status_code == 403
