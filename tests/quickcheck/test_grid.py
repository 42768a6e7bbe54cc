"""The grid: default content, versions across years, freezing, files in and out."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from kreisagenda.tabular import TableFormat, TableImportError
from openpyxl import Workbook, load_workbook

from quickcheck.grid_io import GRID_COLUMNS, default_grid_rows, grid_export, grid_import
from quickcheck.models import Applicability, GridQuestion, GridVersion
from quickcheck.selectors import grid_rows
from quickcheck.services import grid_create, grid_open, grid_question_delete, grid_question_save
from shared_vision.content import FieldContent, VisionContent
from shared_vision.selectors import fields_of_action_current
from shared_vision.services import vision_adopt, vision_draft_create
from tests.conftest import World
from tests.helpers import GRID, unchanged


def test_default_grid_has_twelve_fields_with_four_questions_and_five_levels_each() -> None:
    rows = default_grid_rows()
    fields: dict[str, int] = {}
    for row in rows:
        fields[row.field_key] = fields.get(row.field_key, 0) + 1
        assert all(level.strip() for level in row.levels)
        assert 1 <= row.weight <= 3
    assert len(fields) >= 12
    assert all(count >= 4 for count in fields.values())
    assert {row.applicability for row in rows} == set(Applicability)


def test_default_grid_covers_the_topics_strategies_name() -> None:
    text = " ".join(
        f"{row.field_name} {row.text} {row.help_text} {' '.join(row.levels)}" for row in default_grid_rows()
    ).lower()
    for topic in [
        "ozg",
        "e-akte",
        "rechnung",
        "breitband",
        "schul",
        "bibliothek",
        "mobilität",
        "telemedizin",
        "datenplattform",
        "nachbarschaft",
        "digitallots",
        "fortbildung",
        "grundschutz",
        "dsgvo",
        "stadtwerke",
    ]:
        assert topic in text, topic


def test_next_years_grid_copies_the_last_and_links_every_question(world: World, grid: GridVersion) -> None:
    following = grid_create(district=world.hoexter_district, year=grid.year + 1, actor=None)
    assert following.is_draft
    assert following.based_on == grid
    links = dict(GridQuestion.objects.filter(grid=following).values_list("code", "replaces__code"))
    assert len(links) == grid.questions.count()
    assert all(code == replaced for code, replaced in links.items())
    assert GridQuestion.objects.filter(grid=following, replaces__grid=grid).count() == len(links)


def test_grids_follow_one_another(world: World, grid: GridVersion) -> None:
    with unchanged(*GRID), pytest.raises(ValidationError, match="schon ein Raster"):
        grid_create(district=world.hoexter_district, year=grid.year, actor=None)
    with unchanged(*GRID), pytest.raises(ValidationError, match="später"):
        grid_create(district=world.hoexter_district, year=grid.year - 1, actor=None)
    grid_create(district=world.hoexter_district, year=grid.year + 1, actor=None)
    with unchanged(*GRID), pytest.raises(ValidationError, match="noch ein Entwurf"):
        grid_create(district=world.hoexter_district, year=grid.year + 2, actor=None)


def test_an_open_grid_is_frozen(grid: GridVersion) -> None:
    row = grid_rows(grid=grid)[0]
    exported = grid_export(grid=grid, table_format=TableFormat.CSV)[1]
    with unchanged(*GRID):
        with pytest.raises(ValidationError, match="eingefroren"):
            grid_question_save(grid=grid, row=replace(row, text="Geändert?"), original_code=row.code)
        with pytest.raises(ValidationError, match="eingefroren"):
            grid_question_delete(grid=grid, code=row.code)
        with pytest.raises(TableImportError, match="eingefroren"):
            grid_import(grid=grid, data=exported, filename="r.csv")


def test_a_draft_grid_is_edited_then_opened(world: World, grid: GridVersion) -> None:
    draft = grid_create(district=world.hoexter_district, year=grid.year + 1, actor=None)
    first = grid_rows(grid=draft)[0]
    grid_question_save(grid=draft, row=replace(first, text="Neu formuliert?", weight=1), original_code=first.code)
    new_row = replace(first, code="VW-9", text="Ganz neue Frage?", replaces_code="")
    grid_question_save(grid=draft, row=new_row)
    changed = GridQuestion.objects.get(grid=draft, code=first.code)
    assert (changed.text, changed.weight, changed.replaces.code if changed.replaces else None) == (
        "Neu formuliert?",
        1,
        first.code,
    )
    assert GridQuestion.objects.get(grid=draft, code="VW-9").field.key == first.field_key
    with unchanged(*GRID), pytest.raises(ValidationError) as error:
        grid_question_save(grid=draft, row=replace(new_row, code="VW-10", replaces_code="XX-1"))
    assert "replaces_code" in error.value.message_dict
    grid_open(grid=draft, actor=None)
    draft.refresh_from_db()
    assert not draft.is_draft
    assert draft.opened_at is not None


def test_a_grid_without_questions_cannot_be_opened(world: World, db: None) -> None:
    lippe_grid = grid_create(district=world.lippe_district, year=2026, actor=None)
    with unchanged(*GRID), pytest.raises(ValidationError, match="ohne Fragen"):
        grid_open(grid=lippe_grid, actor=None)
    assert GridVersion.objects.get(pk=lippe_grid.pk).is_draft


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_exported_grid_imports_back_unchanged(world: World, grid: GridVersion, table_format: TableFormat) -> None:
    filename, content = grid_export(grid=grid, table_format=table_format)
    draft = grid_create(district=world.lippe_district, year=grid.year, actor=None)
    grid_import(grid=draft, data=content, filename=filename)
    assert grid_rows(grid=draft) == grid_rows(grid=grid)
    _filename, again = grid_export(grid=draft, table_format=table_format)
    if table_format == TableFormat.CSV:
        assert again.replace(b"kreis-lippe", b"") == content.replace(b"kreis-hoexter", b"")
    else:
        assert _cells(again) == _cells(content)


def _cells(xlsx: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(xlsx))["Fragen"].iter_rows(values_only=True))


def _xlsx(rows: list[list[object]], sheet: str = "Fragen") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _good_row(code: str = "XY-1") -> list[object]:
    return ["verwaltung", "Verwaltung", code, "Frage?", "", 2, "beide", "null", "eins", "zwei", "drei", "vier", ""]


BROKEN_FILES: list[tuple[str, str, bytes, list[str]]] = [
    (
        "not a spreadsheet",
        "raster.xlsx",
        b"this is not a zip file",
        ["raster.xlsx: Die Datei ist keine gültige XLSX-Datei."],
    ),
    (
        "wrong kind of file",
        "raster.pdf",
        b"%PDF-1.4",
        ["raster.pdf: Nur .csv- und .xlsx-Dateien können importiert werden."],
    ),
    (
        "sheet missing",
        "raster.xlsx",
        _xlsx([list(GRID_COLUMNS), _good_row()], sheet="Tabelle1"),
        ["raster.xlsx, Tabelle „Fragen“: Die Tabelle fehlt. Vorhanden: „Tabelle1“."],
    ),
    (
        "column missing",
        "raster.xlsx",
        _xlsx([[c for c in GRID_COLUMNS if c != "Gewicht"], _good_row()[:5] + _good_row()[6:]]),
        ["raster.xlsx, Tabelle „Fragen“, Zeile 1, Spalte „Gewicht“: Die Spalte fehlt in der Kopfzeile."],
    ),
    (
        "weight out of range and unknown applicability",
        "raster.xlsx",
        _xlsx([list(GRID_COLUMNS), _good_row("A-1"), [*_good_row("A-2")[:5], 7, "alle", *_good_row()[7:]]]),
        [
            "raster.xlsx, Tabelle „Fragen“, Zeile 3, Spalte „Gilt für“: Erwartet wird „Kommunen“, „Kreisverwaltung“ oder „beide“.",
            "raster.xlsx, Tabelle „Fragen“, Zeile 3, Spalte „Gewicht“: Das Gewicht ist 1, 2 oder 3.",
        ],
    ),
    (
        "duplicate number",
        "raster.csv",
        (
            "\r\n".join(";".join(str(c) for c in row) for row in [GRID_COLUMNS, _good_row("A-1"), _good_row("A-1")])
        ).encode(),
        ["raster.csv, Zeile 3, Spalte „Nr.“: Die Nr. „A-1“ kommt mehrfach vor."],
    ),
    (
        "level descriptor missing",
        "raster.csv",
        (
            "\r\n".join(
                ";".join(str(c) for c in row) for row in [GRID_COLUMNS, [*_good_row()[:9], "", *_good_row()[10:]]]
            )
        ).encode(),
        ["raster.csv, Zeile 2, Spalte „Stufe 2“: Die Beschreibung der Stufe 2 fehlt."],
    ),
    ("empty file", "raster.csv", b"", ["raster.csv: Die Tabelle ist leer; erwartet wird eine Kopfzeile."]),
    (
        "unknown question replaced",
        "raster.csv",
        ("\r\n".join(";".join(str(c) for c in row) for row in [GRID_COLUMNS, [*_good_row()[:12], "ZZ-9"]])).encode(),
        ["raster.csv, Zeile 2, Spalte „Ersetzt Nr.“: Im Raster des Vorjahrs gibt es keine Frage „ZZ-9“."],
    ),
]


@pytest.mark.parametrize(("case", "filename", "content", "expected"), BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_a_broken_grid_file_names_sheet_row_and_column_and_writes_nothing(
    world: World, grid: GridVersion, case: str, filename: str, content: bytes, expected: list[str]
) -> None:
    draft = grid_create(district=world.hoexter_district, year=grid.year + 1, actor=None)
    with unchanged(*GRID), pytest.raises(TableImportError) as error:
        grid_import(grid=draft, data=content, filename=filename)
    assert sorted(str(problem) for problem in error.value.problems) == sorted(expected)


def test_a_first_grid_starts_with_the_visions_fields_and_opens_without_the_empty_ones(world: World, db: None) -> None:
    fields = (FieldContent(key="verwaltung", name="Verwaltung"), FieldContent(key="bildung", name="Bildung"))
    vision = vision_draft_create(
        district=world.lippe_district, actor=None, content=VisionContent(title="L", fields=fields)
    )
    vision_adopt(version=vision, adopted_on=datetime.date(2026, 1, 5), decision_reference="1/2026", actor=None)
    first = grid_create(district=world.lippe_district, year=2026, actor=None)
    assert list(first.fields.values_list("key", "name")) == [("verwaltung", "Verwaltung"), ("bildung", "Bildung")]
    row = replace(default_grid_rows()[0], field_key="bildung", field_name="anders benannt", code="B-1")
    grid_question_save(grid=first, row=row)
    # Both fields stay, in their order; the question takes the field's name as the grid has it.
    assert list(first.fields.order_by("position").values_list("key", "name")) == [
        ("verwaltung", "Verwaltung"),
        ("bildung", "Bildung"),
    ]
    assert GridQuestion.objects.get(grid=first, code="B-1").field.name == "Bildung"
    grid_open(grid=first, actor=None)
    assert list(first.fields.values_list("key", flat=True)) == ["bildung"]


def test_a_grid_file_with_a_field_of_action_the_leitbild_lacks_is_refused(world: World, grid: GridVersion) -> None:
    keys = sorted(field.key for field in fields_of_action_current(district=world.hoexter_district))
    assert keys
    row = ["raumfahrt", "Raumfahrt", "RF-1", "Frage?", "", 2, "beide", "null", "eins", "zwei", "drei", "vier", ""]
    content = "\r\n".join(";".join(str(c) for c in r) for r in [GRID_COLUMNS, _good_row(), row]).encode()
    draft = grid_create(district=world.hoexter_district, year=grid.year + 1, actor=None)
    with unchanged(*GRID), pytest.raises(TableImportError) as error:
        grid_import(grid=draft, data=content, filename="raster.csv")
    assert [str(problem) for problem in error.value.problems] == [
        "raster.csv, Zeile 3, Spalte „Handlungsfeld-Schlüssel“: Das Leitbild des Kreises hat kein Handlungsfeld "
        f"„raumfahrt“. Vorhanden: {', '.join(keys)}."
    ]
