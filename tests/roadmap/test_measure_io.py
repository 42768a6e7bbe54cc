"""A town's measure list as a file: export and import back unchanged, problems named by file, row and
column, all or nothing, only in the town's own schema."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from kreisagenda.tabular import Cell, TableFormat, TableImportError, table_write
from kreisagenda.tenancy import town_schema, town_schema_activate
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditEntry
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures import measure_io
from roadmap.measures.measure_io import MEASURE_COLUMNS, MEASURE_SHEET, measures_export, measures_import
from roadmap.measures.models import Measure, Milestone
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.models import JointProject, JointProjectItem, Priority, ProjectStatus
from roadmap.rules import STATUS_RULES_TEXT, MilestoneInput, PlanInput, QuestionTarget
from roadmap.selectors import plan_context
from shared_vision.town_focus.models import LocalGoal
from tests.conftest import World
from tests.helpers import JOINT_PROJECTS, town_unchanged, unchanged

Callbacks = Callable[..., Any]
RULES_QUARTER = "Bitte als Qn/JJJJ angeben, z. B. Q3/2027."
STATUSES = "Idee, geplant, in Umsetzung, abgeschlossen, pausiert, verworfen"


def _csv(header: str, *rows: str) -> bytes:
    return "\r\n".join([header, *rows]).encode("utf-8-sig")


def _xlsx(columns: list[str], *rows: list[Cell]) -> bytes:
    return table_write(table_format=TableFormat.XLSX, sheet=MEASURE_SHEET, columns=columns, rows=rows)


def _import(world: World, data: bytes, filename: str = "massnahmen.csv", actor: User | None = None) -> dict[str, int]:
    return measures_import(town=world.town_hoexter, data=data, filename=filename, actor=actor)


def _problems(world: World, data: bytes, filename: str = "massnahmen.csv") -> list[str]:
    """The problems of a refused import, which must have changed nothing: not Höxter's tables, its history,
    nor the links to joint projects."""
    with town_unchanged(world.town_hoexter), unchanged(*JOINT_PROJECTS), pytest.raises(TableImportError) as error:
        _import(world, data, filename)
    return [str(problem) for problem in error.value.problems]


def _state() -> tuple[list[Any], ...]:
    """Everything an import may touch, to compare before and after."""
    return (
        list(Measure.objects.order_by("pk").values()),
        list(Milestone.objects.order_by("measure_id", "position").values()),
        list(Measure.local_goals.through.objects.order_by("pk").values_list("measure_id", "localgoal_id")),
        list(JointProjectItem.objects.order_by("pk").values_list("item_kind", "item_id", "joint_project_id")),
    )


def _question_id(grid: GridVersion, code: str) -> int:
    return GridQuestion.objects.get(grid=grid, code=code).pk


def _rich_measures(world: World) -> Measure:
    """Two measures in Höxter (schema active): one using every column, a goal and a joint project; one plain."""
    context = plan_context(district=world.hoexter_district)
    project = JointProject.objects.create(
        district=world.hoexter_district,
        lead_town=world.town_hoexter,
        title="Gemeinsames Ratsportal",
        field_key="verwaltung",
    )
    goal = LocalGoal.objects.create(field_key="verwaltung", text="Papierlose Gremienarbeit")
    plan = PlanInput(
        title="Digitale Ratsarbeit",
        field_key="verwaltung",
        other_field_keys=("prozesse", "organisation"),
        status=ProjectStatus.IN_PROGRESS,
        priority=Priority.HIGH,
        description="Tablets für den Rat.\r\nMit Schulung.",  # as a browser's form sends it
        start_quarter="2026-Q2",
        end_quarter="2027-Q3",
        budget_estimate=Decimal("12500.50"),
        funding_source="Förderprogramm Digitale Kommune",
        responsible_unit="Hauptamt",
        responsible_person="Frau Beispiel",
        digital_pilot="Herr Lotse",
        progress=40,
        is_lighthouse=True,
        lesson_learned="Früh schulen.",
        question_targets=(QuestionTarget("VW-1"), QuestionTarget("IP-2", 3)),
        shared_goal_keys=("verwaltung-1", "prozesse-1"),
        milestones=(
            MilestoneInput("Ausschreibung", "2026-Q2", is_done=True),
            MilestoneInput("Bericht (2026)"),  # parentheses with a year, but no due quarter
            MilestoneInput("Schulung", "2027-Q1"),
        ),
    )
    measure = measure_create(
        town=world.town_hoexter,
        data=MeasureInput(plan=plan, local_goal_ids=(goal.pk,), joint_project_id=project.pk),
        context=context,
        actor=None,
    )
    measure_create(
        town=world.town_hoexter,
        data=MeasureInput(plan=PlanInput(title="Radweg-App", field_key="mobilitaet")),
        context=context,
        actor=None,
    )
    return measure


def _rows(content: bytes, table_format: TableFormat) -> list[dict[str, Any]]:
    if table_format == TableFormat.CSV:
        reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
        header, *rows = list(reader)
    else:
        header, *rows = load_workbook(io.BytesIO(content))[MEASURE_SHEET].values  # type: ignore[assignment]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_an_exported_list_imports_back_unchanged(
    world: World, db: None, table_format: TableFormat, django_capture_on_commit_callbacks: Callbacks
) -> None:
    town_schema_activate(world.town_hoexter)
    measure = _rich_measures(world)
    goal = measure.local_goals.get()
    project = JointProjectItem.objects.get(item_kind="measure", item_id=measure.pk).joint_project
    before = _state()
    filename, content = measures_export(town=world.town_hoexter, table_format=table_format)
    assert filename == f"massnahmen-hoexter.{table_format}"
    rows = {row["Titel"]: row for row in _rows(content, table_format)}
    csv_file = table_format == TableFormat.CSV
    assert rows["Digitale Ratsarbeit"] == {
        "Titel": "Digitale Ratsarbeit",
        "Handlungsfeld": "verwaltung",
        "Weitere Handlungsfelder": "prozesse, organisation",
        "Beschreibung": "Tablets für den Rat.\r\nMit Schulung." if csv_file else "Tablets für den Rat.\nMit Schulung.",
        "Priorität": "hoch",
        "Status": "in Umsetzung",
        "Begründung zum Status": "" if csv_file else None,
        "Beginn": "Q2/2026",
        "Ende": "Q3/2027",
        "Fortschritt (%)": "40" if csv_file else 40,
        "Kostenschätzung (EUR)": "12500,50" if csv_file else 12500.5,
        "Finanzierung": "Förderprogramm Digitale Kommune",
        "Zuständige Stelle": "Hauptamt",
        "Ansprechperson": "Frau Beispiel",
        "Digitallotse": "Herr Lotse",
        "Leuchtturm": "ja",
        "Lesson learned": "Früh schulen.",
        "Quick-Check-Fragen": "VW-1, IP-2>3",
        "Ziele des Leitbilds": (
            "[prozesse-1] Bis 2027 ist die E-Akte in jeder Verwaltung in mindestens 80 Prozent der "
            "Organisationseinheiten führend.\n"
            "[verwaltung-1] Bis 2028 sind alle OZG-Leistungen mit hoher Nutzungszahl Ende-zu-Ende digital."
        ),
        "Lokale Ziele": f"[{goal.pk}] Papierlose Gremienarbeit",
        "Gemeinsames Projekt": f"[{project.pk}] Gemeinsames Ratsportal",
        "Meilensteine": "✓ Ausschreibung (Q2/2026)\nBericht (2026) ()\nSchulung (Q1/2027)",
    }
    assert rows["Radweg-App"]["Status"] == "Idee"
    assert rows["Radweg-App"]["Kostenschätzung (EUR)"] == ("" if csv_file else None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = measures_import(town=world.town_hoexter, data=content, filename=filename, actor=None)
    assert counts == {"created": 0, "updated": 0, "unchanged": len(rows)}
    assert callbacks == []  # nothing changed: nothing to publish
    assert _state() == before  # the goal and the joint project's link stay too
    _filename, again = measures_export(town=world.town_hoexter, table_format=table_format)
    if csv_file:
        assert again == content
    else:
        assert list(load_workbook(io.BytesIO(again))[MEASURE_SHEET].values) == list(
            load_workbook(io.BytesIO(content))[MEASURE_SHEET].values
        )


def test_the_xlsx_notes_explain_the_columns_and_the_status_rules(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    _filename, content = measures_export(town=world.town_hoexter, table_format=TableFormat.XLSX)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [MEASURE_SHEET, "Hinweise"]
    assert next(iter(workbook[MEASURE_SHEET].values)) == MEASURE_COLUMNS
    notes = [row[0] for row in workbook["Hinweise"].values]
    assert notes[0] == "Maßnahmenliste – Höxter"
    assert str(STATUS_RULES_TEXT) in notes
    assert any(str(note).startswith("„Meilensteine“: einer je Zeile") for note in notes)
    assert any("„VW-1, IP-2>3“" in str(note) for note in notes)
    assert "mobilitaet – Mobilität" in notes


GERMAN_HEADER = (
    "Titel;Handlungsfeld;Weitere Handlungsfelder;Priorität;Status;Beginn;Ende;Fortschritt (%);"
    "Kostenschätzung (EUR);Leuchtturm;Lesson learned;Quick-Check-Fragen;Meilensteine"
)
GERMAN_ROW = (
    "WLAN in Schulen;Bildung;Infrastruktur und Breitband, verwaltung;high;In Umsetzung;3/2026;III/2027;25;"
    '12.500,50;ja;Zuerst die Grundschulen.;bi-1, IB-2>4;"✓ Ausschreibung (2026-Q3) | Vergabe (3. Quartal 2026)\n'
    'Einweihung"'
)


def test_a_hand_written_list_is_read_as_town_halls_write_it_and_a_second_import_updates(
    world: World, grid: GridVersion, person: Callable[[str], User], django_capture_on_commit_callbacks: Callbacks
) -> None:
    town_schema_activate(world.town_hoexter)
    count = Measure.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = _import(world, _csv(GERMAN_HEADER, GERMAN_ROW), actor=person("officer_hoexter"))
    assert counts == {"created": 1, "updated": 0, "unchanged": 0}
    assert len(callbacks) == 1  # the publish step is enqueued
    measure = Measure.objects.get(title="WLAN in Schulen")
    assert (measure.field_key, measure.other_field_keys, measure.priority, measure.status) == (
        "bildung",
        ["infrastruktur", "verwaltung"],
        "high",
        "in_progress",
    )
    assert (measure.start_quarter, measure.end_quarter, measure.progress, measure.budget_estimate) == (
        "2026-Q3",
        "2027-Q3",
        25,
        Decimal("12500.50"),
    )
    assert (measure.is_lighthouse, measure.lesson_learned) == (True, "Zuerst die Grundschulen.")
    assert measure.question_targets == [
        {"question_id": _question_id(grid, "BI-1"), "code": "BI-1", "expected_level": None},
        {"question_id": _question_id(grid, "IB-2"), "code": "IB-2", "expected_level": 4},
    ]
    assert list(measure.milestones.order_by("position").values_list("title", "due_quarter", "is_done")) == [
        ("Ausschreibung", "2026-Q3", True),
        ("Vergabe", "2026-Q3", False),
        ("Einweihung", "", False),
    ]
    history = AuditEntry.objects.filter(action="roadmap.measures_imported").first()
    assert history is not None
    assert history.summary == "Maßnahmen aus „massnahmen.csv“ eingelesen: 1 neu, 0 geändert"
    assert history.actor_label  # who imported

    assert _import(world, _csv(GERMAN_HEADER, GERMAN_ROW)) == {"created": 0, "updated": 0, "unchanged": 1}
    changed = GERMAN_ROW.replace("WLAN in Schulen", "wlan in schulen").replace(";25;", ";60;")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _import(world, _csv(GERMAN_HEADER, changed)) == {"created": 0, "updated": 1, "unchanged": 0}
    assert len(callbacks) == 1
    assert Measure.objects.count() == count + 1  # updated, not duplicated
    assert Measure.objects.get(pk=measure.pk).progress == 60


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("12.500,50", Decimal("12500.50")),
        ("12500.5", Decimal("12500.50")),
        ("12500,5", Decimal("12500.50")),
        ("12.500", Decimal("12500.00")),
        ("1.250.000 €", Decimal("1250000.00")),
        ("800 EUR", Decimal("800.00")),
        ("", None),
    ],
)
def test_a_budget_is_read_with_decimal_comma_or_point(
    world: World, db: None, cell: str, amount: Decimal | None
) -> None:
    town_schema_activate(world.town_hoexter)
    _import(world, _csv("Titel;Handlungsfeld;Status;Kostenschätzung (EUR)", f"Glasfaser;infrastruktur;Idee;{cell}"))
    assert Measure.objects.get(title="Glasfaser").budget_estimate == amount


def test_an_xlsx_with_number_cells_is_read(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    columns = ["Titel", "Handlungsfeld", "Status", "Beginn", "Fortschritt (%)", "Kostenschätzung (EUR)", "Leuchtturm"]
    counts = _import(
        world,
        _xlsx(columns, ["Glasfaser", "Infrastruktur und Breitband", "geplant", "2027-Q1", 30, 12500.5, None]),
        filename="liste.xlsx",
    )
    assert counts["created"] == 1
    measure = Measure.objects.get(title="Glasfaser")
    assert (measure.status, measure.start_quarter, measure.progress, measure.budget_estimate) == (
        "planned",
        "2027-Q1",
        30,
        Decimal("12500.50"),
    )
    assert measure.is_lighthouse is False


BAD_ROWS = [
    ["Gute Maßnahme", "verwaltung", "geplant", "Q1/2027", ""],
    ["Unbekannter Status", "verwaltung", "erledigt", "Q1/2027", ""],
    ["Falsches Quartal", "verwaltung", "geplant", "Q5/2027", ""],
    ["Ende vor Beginn", "verwaltung", "geplant", "Q3/2027", "Q1/2027"],
]


@pytest.mark.parametrize("table_format", list(TableFormat))
def test_a_broken_file_names_file_row_and_column_and_writes_nothing(
    world: World, db: None, table_format: TableFormat, django_capture_on_commit_callbacks: Callbacks
) -> None:
    town_schema_activate(world.town_hoexter)
    columns = ["Titel", "Handlungsfeld", "Status", "Beginn", "Ende"]
    if table_format == TableFormat.CSV:
        content = _csv(";".join(columns), *(";".join(str(cell) for cell in row) for row in BAD_ROWS))
        where = "massnahmen.csv"
    else:
        content = _xlsx(columns, *BAD_ROWS)  # type: ignore[arg-type]
        where = "massnahmen.xlsx, Tabelle „Maßnahmen“"
    with (
        town_unchanged(world.town_hoexter),  # not even the good row 2, nor a history entry
        unchanged(*JOINT_PROJECTS),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(TableImportError) as error,
    ):
        _import(world, content, filename=f"massnahmen.{table_format}")
    assert [str(problem) for problem in error.value.problems] == [
        f"{where}, Zeile 3, Spalte „Status“: Unbekannter Status „erledigt“. Möglich sind: {STATUSES}.",
        f"{where}, Zeile 4, Spalte „Beginn“: „Q5/2027“ ist kein Quartal. {RULES_QUARTER}",
        f"{where}, Zeile 5, Spalte „Ende“: Das Ende (Q1/2027) liegt vor dem Beginn (Q3/2027).",
    ]
    assert [(p.source, p.row, p.column) for p in error.value.problems] == [
        (f"massnahmen.{table_format}", 3, "Status"),
        (f"massnahmen.{table_format}", 4, "Beginn"),
        (f"massnahmen.{table_format}", 5, "Ende"),
    ]
    assert callbacks == []  # nothing to publish


SHORT_HEADER = "Titel;Handlungsfeld;Status;Beginn;Fortschritt (%);Leuchtturm;Lesson learned;Meilensteine"
SERVICE_PROBLEMS = [
    (
        "done at 50 %",
        "Fertig;verwaltung;abgeschlossen;Q1/2026;50;;;",
        ["Zeile 2, Spalte „Fortschritt (%)“: Abgeschlossen heißt 100 % Fortschritt."],
    ),
    (
        "planned without start",
        "Später;verwaltung;geplant;;0;;;",
        ["Zeile 2, Spalte „Beginn“: Bitte das Quartal angeben, in dem es beginnt (Status „geplant“)."],
    ),
    (
        "an idea as lighthouse",
        "Idee;verwaltung;Idee;;0;ja;;",
        [
            "Zeile 2, Spalte „Leuchtturm“: Ein Leuchtturm ist in Umsetzung oder abgeschlossen.",
            "Zeile 2, Spalte „Lesson learned“: Ein Leuchtturm sagt kurz, was andere daraus lernen können.",
        ],
    ),
    (
        "a milestone's quarter",
        "Läuft;verwaltung;in Umsetzung;Q1/2026;10;;;Ausschreibung (Q1/2026) | Vergabe (Q5/2027)",
        [f"Zeile 2, Spalte „Meilensteine“: Meilenstein 2: „Q5/2027“ ist kein Quartal. {RULES_QUARTER}"],
    ),
    (
        "an unknown field",
        "Mondbasis;raumfahrt;in Umsetzung;Q1/2026;10;;;",
        ["Zeile 2, Spalte „Handlungsfeld“: Das Handlungsfeld „raumfahrt“ gibt es im geltenden Leitbild nicht."],
    ),
    (
        "the same title twice",
        "Radweg-App;mobilitaet;Idee;;0;;;\r\nradweg-app ;mobilitaet;Idee;;0;;;",
        ["Zeile 3, Spalte „Titel“: Der Titel steht schon in Zeile 2; jede Maßnahme einmal."],
    ),
]


@pytest.mark.parametrize(("case", "row", "expected"), SERVICE_PROBLEMS, ids=[c[0] for c in SERVICE_PROBLEMS])
def test_the_status_rules_of_the_service_come_back_with_row_and_column(
    world: World, db: None, case: str, row: str, expected: list[str]
) -> None:
    town_schema_activate(world.town_hoexter)
    with town_unchanged(world.town_hoexter), unchanged(*JOINT_PROJECTS), pytest.raises(TableImportError) as error:
        _import(world, _csv(SHORT_HEADER, row))
    assert isinstance(error.value.__cause__, ValidationError)  # the cells were readable: the service refused
    assert [str(problem) for problem in error.value.problems] == [f"massnahmen.csv, {line}" for line in expected]


def test_unreadable_cells_and_rule_problems_of_other_rows_come_in_one_report(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    content = _csv(
        SHORT_HEADER,
        "Fertig;verwaltung;abgeschlossen;Q1/2026;50;;;",
        "Zählt;verwaltung;Idee;;viel;vielleicht;;",
        "fertig;verwaltung;Idee;;0;;;",
    )
    assert _problems(world, content) == [
        "massnahmen.csv, Zeile 2, Spalte „Fortschritt (%)“: Abgeschlossen heißt 100 % Fortschritt.",
        "massnahmen.csv, Zeile 3, Spalte „Fortschritt (%)“: "
        "Erwartet wird eine ganze Zahl von 0 bis 100 oder ein leeres Feld.",
        "massnahmen.csv, Zeile 3, Spalte „Leuchtturm“: Erwartet wird „ja“, „nein“ oder ein leeres Feld.",
        "massnahmen.csv, Zeile 4, Spalte „Titel“: Der Titel steht schon in Zeile 2; jede Maßnahme einmal.",
    ]


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            "Titel;Handlungsfeld;Status;Priorität",
            "A;verwaltung;Idee;dringend",
            "Spalte „Priorität“: Unbekannte Priorität „dringend“. Möglich sind: hoch, mittel, niedrig.",
        ),
        ("Titel;Handlungsfeld;Status", "A;verwaltung;", "Spalte „Status“: Bitte einen Status angeben."),
        ("Titel;Handlungsfeld;Status", "A;;Idee", "Spalte „Handlungsfeld“: Bitte ein Handlungsfeld angeben."),
        (
            "Titel;Handlungsfeld;Status;Kostenschätzung (EUR)",
            "A;verwaltung;Idee;zwölf",
            "Spalte „Kostenschätzung (EUR)“: „zwölf“ ist kein Betrag. Bitte eine Zahl angeben, z. B. 12.500,50.",
        ),
        (
            "Titel;Handlungsfeld;Status;Kostenschätzung (EUR)",
            "A;verwaltung;Idee;12,505",
            "Spalte „Kostenschätzung (EUR)“: Bitte höchstens zwei Nachkommastellen angeben.",
        ),
        (
            "Titel;Handlungsfeld;Status;Quick-Check-Fragen",
            "A;verwaltung;Idee;VW-1>hoch",
            "Spalte „Quick-Check-Fragen“: „VW-1>hoch“ ist keine Frage. "
            "Bitte als Nummer oder Nummer>Stufe angeben, z. B. VW-1 oder VW-1>3.",
        ),
    ],
)
def test_an_unreadable_cell_is_named(world: World, db: None, header: str, row: str, expected: str) -> None:
    town_schema_activate(world.town_hoexter)
    assert _problems(world, _csv(header, row)) == [f"massnahmen.csv, Zeile 2, {expected}"]


def test_an_unknown_question_and_level_are_named_by_the_rules(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_hoexter)
    content = _csv("Titel;Handlungsfeld;Status;Quick-Check-Fragen", "A;verwaltung;Idee;XX-9, VW-1>7")
    assert _problems(world, content) == [
        f"massnahmen.csv, Zeile 2, Spalte „Quick-Check-Fragen“: {message}"
        for message in (
            "Die Frage „XX-9“ gibt es im aktuellen Quick-Check-Raster nicht.",
            "Die erwartete Stufe ist 0, 1, 2, 3 oder 4.",
        )
    ]


def test_a_done_measure_cannot_become_an_idea(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    _import(world, _csv(SHORT_HEADER, "Fertig;verwaltung;abgeschlossen;Q1/2026;100;;;"))
    assert _problems(world, _csv(SHORT_HEADER, "Fertig;verwaltung;Idee;;0;;;")) == [
        "massnahmen.csv, Zeile 2, Spalte „Status“: Aus „abgeschlossen“ geht es nur nach „in Umsetzung“."
    ]
    assert Measure.objects.get(title="Fertig").status == ProjectStatus.DONE  # _problems proved the rest unchanged


def test_service_errors_name_row_and_column(world: World, db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    town_schema_activate(world.town_hoexter)

    def refuse(**_kwargs: object) -> dict[str, int]:
        raise ValidationError({"2.joint_project_id": ["Nicht beteiligt."], "2.milestones.3.title": ["Zu lang."]})

    monkeypatch.setattr(measure_io, "measures_upsert", refuse)
    assert _problems(world, _csv("Titel;Handlungsfeld;Status", "A;verwaltung;Idee")) == [
        "massnahmen.csv, Zeile 2, Spalte „Gemeinsames Projekt“: Nicht beteiligt.",
        "massnahmen.csv, Zeile 2, Spalte „Meilensteine“: Meilenstein 3: Zu lang.",
    ]

    def refuse_all(**_kwargs: object) -> dict[str, int]:
        raise ValidationError("Gesperrt.")

    monkeypatch.setattr(measure_io, "measures_upsert", refuse_all)
    assert _problems(world, _csv("Titel;Handlungsfeld;Status", "A;verwaltung;Idee")) == ["massnahmen.csv: Gesperrt."]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_csv("Titel;Handlungsfeld;Status"), ["massnahmen.csv: Die Tabelle enthält keine Maßnahmen."]),
        (b"", ["massnahmen.csv: Die Tabelle ist leer; erwartet wird eine Kopfzeile."]),
        (
            _csv("Titel;Handlungsfeld;Zustand", "A;verwaltung;Idee"),
            [
                "massnahmen.csv, Zeile 1, Spalte „Status“: Die Spalte fehlt in der Kopfzeile.",
                "massnahmen.csv, Zeile 1, Spalte „Zustand“: Unbekannte Spalte.",
            ],
        ),
    ],
    ids=["header only", "empty file", "wrong header"],
)
def test_an_empty_or_misshapen_table_is_a_problem(world: World, db: None, content: bytes, expected: list[str]) -> None:
    town_schema_activate(world.town_hoexter)
    assert _problems(world, content) == expected


def test_columns_missing_from_the_file_keep_their_values_and_an_empty_cell_empties(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    measure = _rich_measures(world)
    before = _state()
    counts = _import(world, _csv("Titel;Handlungsfeld;Status", "Digitale Ratsarbeit;verwaltung;in Umsetzung"))
    assert counts == {"created": 0, "updated": 0, "unchanged": 1}
    assert _state() == before
    counts = _import(
        world, _csv("Titel;Beschreibung;Handlungsfeld;Status", "Digitale Ratsarbeit;;verwaltung;in Umsetzung")
    )
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    measure.refresh_from_db()
    assert (measure.description, measure.status, measure.progress, measure.budget_estimate) == (
        "",
        "in_progress",
        40,
        Decimal("12500.50"),
    )
    assert measure.milestones.count() == 3
    assert measure.local_goals.count() == 1
    assert JointProjectItem.objects.filter(item_id=measure.pk, town=world.town_hoexter).exists()


def test_a_towns_import_writes_only_into_its_own_schema(world: World, db: None) -> None:
    with town_schema(world.town_brakel):
        brakel_before = list(Measure.objects.values_list("title", flat=True))
    town_schema_activate(world.town_hoexter)
    assert _import(world, _csv(GERMAN_HEADER, GERMAN_ROW))["created"] == 1
    assert Measure.objects.filter(title="WLAN in Schulen").exists()
    with town_schema(world.town_brakel):
        assert list(Measure.objects.values_list("title", flat=True)) == brakel_before
        assert not Measure.objects.filter(title="WLAN in Schulen").exists()
    # Another town's file is refused while Höxter's schema is active: nothing could land in the wrong list.
    brakels_row = GERMAN_ROW.replace("WLAN in Schulen", "Brakels WLAN")
    with town_unchanged(world.town_hoexter), town_unchanged(world.town_brakel):
        with pytest.raises(RuntimeError, match="Schema"):
            measures_import(town=world.town_brakel, data=_csv(GERMAN_HEADER, brakels_row), filename="b.csv", actor=None)
        with pytest.raises(RuntimeError, match="Schema"):
            measures_export(town=world.town_brakel, table_format=TableFormat.CSV)
