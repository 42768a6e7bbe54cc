"""The status rules of measures and joint projects, and how quarters are read (pure functions)."""

from __future__ import annotations

import datetime

import pytest

from roadmap.quarters import Quarter, quarter_parse, quarters_between
from roadmap.rules import (
    MilestoneInput,
    PlanContext,
    PlanInput,
    QuestionTarget,
    is_delayed,
    milestones_parse,
    milestones_text,
    plan_input_validate,
    question_targets_parse,
)

CONTEXT = PlanContext(
    field_keys={"verwaltung", "bildung"}, goal_keys={"verwaltung-1"}, questions={"VW-1": (11, "verwaltung")}
)


def _plan(**changes: object) -> PlanInput:
    values: dict[str, object] = {
        "title": "E-Akte",
        "field_key": "verwaltung",
        "status": "planned",
        "start_quarter": "2027-Q1",
    }
    values.update(changes)
    return PlanInput(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "previous", "errors"),
    [
        ({}, None, {}),
        (
            {"status": "idea", "start_quarter": "", "progress": 10},
            None,
            {"progress": ["Eine Idee steht bei 0 % Fortschritt."]},
        ),
        ({"status": "done", "progress": 90}, None, {"progress": ["Abgeschlossen heißt 100 % Fortschritt."]}),
        (
            {"status": "in_progress", "progress": 100},
            None,
            {"progress": ["100 % Fortschritt heißt abgeschlossen: bitte den Status „abgeschlossen“ wählen."]},
        ),
        (
            {"status": "in_progress", "start_quarter": "", "progress": 20},
            None,
            {"start_quarter": ["Bitte das Quartal angeben, in dem es beginnt (Status „in Umsetzung“)."]},
        ),
        ({"end_quarter": "2026-Q4"}, None, {"end_quarter": ["Das Ende (Q4/2026) liegt vor dem Beginn (Q1/2027)."]}),
        ({"status": "paused"}, None, {"status_note": ["Bitte begründen, warum das Vorhaben „pausiert“ ist."]}),
        ({"status": "dropped", "status_note": "kein Geld"}, None, {}),
        (
            {"is_lighthouse": True},
            None,
            {
                "is_lighthouse": ["Ein Leuchtturm ist in Umsetzung oder abgeschlossen."],
                "lesson_learned": ["Ein Leuchtturm sagt kurz, was andere daraus lernen können."],
            },
        ),
        (
            {"status": "in_progress", "progress": 40, "is_lighthouse": True, "lesson_learned": "Früh beteiligen."},
            None,
            {},
        ),
        ({"status": "planned"}, "done", {"status": ["Aus „abgeschlossen“ geht es nur nach „in Umsetzung“."]}),
        ({"status": "in_progress", "progress": 50}, "done", {}),
        ({"status": "planned"}, "dropped", {"status": ["Aus „verworfen“ geht es nur nach „Idee“."]}),
        ({"status": "idea", "start_quarter": ""}, "dropped", {}),
        (
            {"start_quarter": "Q5/2027"},
            None,
            {"start_quarter": ["„Q5/2027“ ist kein Quartal. Bitte als Qn/JJJJ angeben, z. B. Q3/2027."]},
        ),
        (
            {"field_key": "weltraum"},
            None,
            {"field_key": ["Das Handlungsfeld „weltraum“ gibt es im geltenden Leitbild nicht."]},
        ),
        (
            {"question_targets": (QuestionTarget("XX-9"),)},
            None,
            {"question_targets": ["Die Frage „XX-9“ gibt es im aktuellen Quick-Check-Raster nicht."]},
        ),
        (
            {"shared_goal_keys": ("verwaltung-8",)},
            None,
            {"shared_goal_keys": ["Das Ziel „verwaltung-8“ gibt es im geltenden Leitbild nicht."]},
        ),
        (
            {"milestones": (MilestoneInput(title=" "),)},
            None,
            {"milestones.1.title": ["Bitte den Meilenstein benennen."]},
        ),
    ],
)
def test_status_rules(changes: dict[str, object], previous: str | None, errors: dict[str, list[str]]) -> None:
    assert plan_input_validate(_plan(**changes), context=CONTEXT, previous_status=previous) == errors


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2027-Q3", "2027-Q3"),
        ("Q3/2027", "2027-Q3"),
        ("q3 2027", "2027-Q3"),
        ("3/2027", "2027-Q3"),
        ("III/2027", "2027-Q3"),
        ("3. Quartal 2027", "2027-Q3"),
        ("Q5/2027", None),
        ("2027", None),
        ("", None),
    ],
)
def test_quarters_are_read_as_town_halls_write_them(text: str, code: str | None) -> None:
    quarter = quarter_parse(text)
    assert (quarter.code if quarter else None) == code


def test_quarters_count_across_years() -> None:
    assert [q.label for q in quarters_between(Quarter(2026, 3), Quarter(2027, 2))] == [
        "Q3/2026",
        "Q4/2026",
        "Q1/2027",
        "Q2/2027",
    ]
    assert Quarter.of(datetime.date(2027, 7, 1)) == Quarter(2027, 3)


def test_delayed_means_open_after_its_end_quarter() -> None:
    on = datetime.date(2027, 4, 1)  # Q2/2027
    assert is_delayed(status="in_progress", end_quarter="2027-Q1", on=on)
    assert not is_delayed(status="in_progress", end_quarter="2027-Q2", on=on)
    assert not is_delayed(status="done", end_quarter="2026-Q1", on=on)
    assert not is_delayed(status="dropped", end_quarter="2026-Q1", on=on)
    assert not is_delayed(status="planned", end_quarter="", on=on)


def test_the_short_forms_of_form_and_file() -> None:
    assert question_targets_parse("vw-1>3, IP-2", known_codes=["VW-1"]) == (
        (QuestionTarget("VW-1", 3), QuestionTarget("IP-2", None)),
        [],
    )
    assert question_targets_parse("VW-1>x")[1] == [
        "„VW-1>x“ ist keine Frage. Bitte als Nummer oder Nummer>Stufe angeben, z. B. VW-1 oder VW-1>3."
    ]
    # A level that can be read but is out of range is a rule, named by the validation.
    (target,), _problems = question_targets_parse("VW-1>7")
    assert plan_input_validate(_plan(question_targets=(target,)), context=CONTEXT)["question_targets"] == [
        "Die erwartete Stufe ist 0, 1, 2, 3 oder 4."
    ]
    parsed = milestones_parse("✓ Auftakt (Q1/2027)\nAusschreibung (2027-Q2) | Schulung (Teil 2)")
    assert parsed == (
        MilestoneInput("Auftakt", "Q1/2027", True),
        MilestoneInput("Ausschreibung", "2027-Q2", False),
        MilestoneInput("Schulung (Teil 2)", "", False),
    )
    assert milestones_text([("Auftakt", "2027-Q1", True), ("Bericht (2026)", "", False)]) == (
        "✓ Auftakt (Q1/2027)\nBericht (2026) ()"
    )
    assert milestones_parse("Bericht (2026) ()") == (MilestoneInput("Bericht (2026)", "", False),)
