from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants.member_import import MemberImportError, members_import
from tenants.models import District, FederalState, Town, TownKind
from tenants.services import district_create
from tests.helpers import schemas_unchanged, unchanged

HOEXTER_CSV = Path(__file__).resolve().parents[2] / "platform" / "kreisagenda" / "data" / "kreis-hoexter.csv"
HEADER = "ags,name,kind,population"


@pytest.fixture
def paderborn(db: None) -> District:
    return district_create(name="Kreis Paderborn", key="05774", federal_state=FederalState.NORDRHEIN_WESTFALEN)


def _schema_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'town\\_%%'")
        return int(cursor.fetchone()[0])


def test_good_file_creates_every_member_with_its_schema(paderborn: District) -> None:
    csv = "\n".join(
        [HEADER, "05774,Kreis Paderborn,district,313000", "05774032,Paderborn,town,157000", "05774008,Büren,town,21500"]
    )
    schemas_before = _schema_count()
    result = members_import(district=paderborn, lines=StringIO(csv), source="paderborn.csv")
    assert [town.name for town in result.created] == ["Kreis Paderborn", "Paderborn", "Büren"]
    towns = {town.ags: town for town in Town.objects.filter(district=paderborn)}
    assert set(towns) == {"05774000", "05774032", "05774008"}
    assert towns["05774000"].kind == TownKind.DISTRICT_ADMINISTRATION
    assert towns["05774008"].slug == "bueren"
    assert all(town.is_ready for town in towns.values())
    assert _schema_count() == schemas_before + 3


GOOD = "05774008,Büren,town,21500"  # a good row in every bad file: it must not be created either


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        pytest.param(
            [HEADER + ",mayor", GOOD + ",Dreier"], "Zeile 1, Feld „mayor“: unbekannte Spalte", id="unknown column"
        ),
        pytest.param(
            ["ags,name,population", "05774008,Büren,21500"], "Zeile 1, Feld „kind“: Spalte fehlt", id="missing column"
        ),
        pytest.param(
            [HEADER, GOOD, "0577403,Paderborn,town,157000"],
            "Zeile 3, Feld „ags“: „0577403“ hat nicht 8 Ziffern",
            id="short AGS",
        ),
        pytest.param(
            [HEADER, GOOD, "05762004,Bad Driburg,town,18431"],
            "Zeile 3, Feld „ags“: „05762004“ beginnt nicht mit dem Kreisschlüssel 05774",
            id="AGS of another district",
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,Paderborn,town,²"],
            "Zeile 3, Feld „population“: „²“ ist keine positive ganze Zahl",
            id="superscript digit as population",  # "²".isdigit() is true: this crashed with a traceback
        ),
        pytest.param(
            [HEADER, GOOD, "0577403٣,Paderborn,town,157000"],
            "Zeile 3, Feld „ags“: „0577403٣“ hat nicht 8 Ziffern",
            id="non-ASCII digit in AGS",
        ),
        pytest.param(
            [HEADER, GOOD, "0577403x,Paderborn,town,157000"],
            "Zeile 3, Feld „ags“: „0577403x“ hat nicht 8 Ziffern",
            id="letter in AGS",
        ),
        pytest.param(
            [HEADER, GOOD, "05774008,Büren-Süd,town,100"],
            "Zeile 3, Feld „ags“: 05774008 steht schon in Zeile 2",
            id="duplicate AGS",
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,büren,town,100"],
            "Zeile 3, Feld „name“: „büren“ steht schon in Zeile 2",
            id="duplicate name",
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,,town,157000"], "Zeile 3, Feld „name“: der Name ist leer", id="empty name"
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,Paderborn,town,157.000"],
            "Zeile 3, Feld „population“: „157.000“ ist keine positive ganze Zahl",
            id="non-numeric population",
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,Paderborn,town,"],
            "Zeile 3, Feld „population“: „“ ist keine positive ganze Zahl",
            id="empty population",
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,Paderborn,city,157000"],
            "Zeile 3, Feld „kind“: „city“ ist keine Art",
            id="unknown kind",
        ),
        pytest.param(
            [HEADER, GOOD, "05774032,Paderborn,town,157000,extra"],
            "Zeile 3, Feld „-“: mehr Werte als Spalten",
            id="extra cell",
        ),
        pytest.param([HEADER], "Zeile 1, Feld „-“: die Datei enthält keine Zeilen", id="no rows"),
    ],
)
def test_bad_row_names_line_and_field_and_creates_nothing(paderborn: District, rows: list[str], message: str) -> None:
    with unchanged(Town), schemas_unchanged(), pytest.raises(MemberImportError) as caught:
        members_import(district=paderborn, lines=StringIO("\n".join(rows)), source="kaputt.csv")
    assert f"kaputt.csv: {message}" in str(caught.value)


def test_existing_town_is_an_error_unless_skipped(world: object, db: None) -> None:
    hoexter = District.objects.get(key="05762")
    with (
        unchanged(Town),
        schemas_unchanged(),
        pytest.raises(MemberImportError, match="Zeile 3, Feld „ags“: 05762004 gibt es schon"),
    ):
        members_import(district=hoexter, lines=HOEXTER_CSV.open(encoding="utf-8"), source=HOEXTER_CSV.name)
    result = members_import(
        district=hoexter, lines=HOEXTER_CSV.open(encoding="utf-8"), source=HOEXTER_CSV.name, if_exists="skip"
    )
    assert result.created == []
    assert len(result.skipped) == 11


def test_command_reports_errors_and_imports_good_files(paderborn: District, tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.csv"
    bad.write_text(f"{HEADER}\n05774032,Paderborn,town,viele\n", encoding="utf-8")
    with (
        unchanged(Town),
        schemas_unchanged(),
        pytest.raises(CommandError, match=r"kaputt\.csv: Zeile 2, Feld „population“"),
    ):
        call_command("import_members", str(bad), district="05774")
    good = tmp_path / "gut.csv"
    good.write_text(f"{HEADER}\n05774032,Paderborn,town,157000\n", encoding="utf-8")
    out = StringIO()
    call_command("import_members", str(good), district="kreis-paderborn", stdout=out)
    assert out.getvalue().strip() == "1 Kommunen angelegt, 0 übersprungen."
    assert Town.objects.get(ags="05774032").is_ready


def test_command_names_a_missing_file(paderborn: District, tmp_path: Path) -> None:
    with unchanged(Town), pytest.raises(CommandError, match=r"fehlt\.csv: No such file"):
        call_command("import_members", str(tmp_path / "fehlt.csv"), district="05774")
