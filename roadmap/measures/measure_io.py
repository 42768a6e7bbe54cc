"""A town's measure list (Maßnahmenliste) as a file (CSV or XLSX): export, and an import that writes all or nothing.

Rows are matched to measures by title (case-insensitive), as :func:`measures_upsert` does: a known
title updates the measure, a new one creates it; measures missing from the file stay as they are.
A column missing from the file keeps the measure's value; an empty cell empties the field. So an
exported file imported again changes nothing (goals, local goals and the joint project included).

Cell syntax (also written to the file's notes sheet):

* "Handlungsfeld": a field's key or name; "Weitere Handlungsfelder": several, separated by commas.
* "Priorität" and "Status": the German label or the code (``hoch`` or ``high``).
* "Beginn", "Ende": a quarter as :func:`roadmap.quarters.quarter_parse` reads it; exported as ``Q3/2027``.
* "Kostenschätzung (EUR)": ``12.500,50`` or ``12500.5`` (``12.500`` is 12500); "Fortschritt (%)": 0–100,
  empty is 0.
* "Quick-Check-Fragen": ``VW-1, IP-2>3`` (``>3``: the level the measure should reach).
* "Ziele des Leitbilds": one a line, ``[verwaltung-2] text`` (the key counts, the text is for people;
  keys alone, separated by commas, are read too). A goal the vision in force no longer has stays
  linked while the measure names it (D60).
* "Lokale Ziele": one a line, ``[12] text`` (the town's number counts) or the goal's exact text.
* "Gemeinsames Projekt": ``[5] title`` or a project's title; empty: none.
* "Meilensteine": one a line (or separated by `` | ``), each ``[✓ ]Titel[ (Q3/2027)]``; trailing
  parentheses count as the due quarter when they hold a four-digit year or are empty (``()``: none).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kreisagenda.numbers import whole_number
from kreisagenda.tabular import (
    Cell,
    CellUnreadable,
    Problem,
    Table,
    TableFormat,
    TableImportError,
    amount_cell,
    amount_read,
    choice_lookup,
    german,
    problems_by_row,
    row_error_problems,
    same_text,
    table_read,
    table_write,
    validation_error_problems,
)
from kreisagenda.tenancy import town_schema_require

from roadmap.measures.models import Measure
from roadmap.measures.selectors import measure_list
from roadmap.measures.services import MeasureInput, measure_title_key, measure_titles_repeated, measures_upsert
from roadmap.models import JointProject, Priority, ProjectStatus
from roadmap.quarters import quarter_label
from roadmap.rules import (
    LIST_SPLIT,
    STATUS_RULES_TEXT,
    MilestoneInput,
    PlanContext,
    PlanInput,
    QuestionTarget,
    milestones_parse,
    milestones_text,
    plan_input_validate,
    question_targets_parse,
    question_targets_text,
)
from roadmap.selectors import (
    GoalLink,
    goal_links,
    goals_current,
    joint_project_links_of_town,
    joint_project_titles_of_town,
    plan_context,
)
from shared_vision.selectors import fields_of_action_current
from shared_vision.town_focus.models import LocalGoal

if TYPE_CHECKING:
    from accounts.models import User
    from shared_vision.models import FieldOfAction, Goal
    from tenants.models import Town

MEASURE_SHEET = "Maßnahmen"
MEASURE_COLUMNS = (
    "Titel",
    "Handlungsfeld",
    "Weitere Handlungsfelder",
    "Beschreibung",
    "Priorität",
    "Status",
    "Begründung zum Status",
    "Beginn",
    "Ende",
    "Fortschritt (%)",
    "Kostenschätzung (EUR)",
    "Finanzierung",
    "Zuständige Stelle",
    "Ansprechperson",
    "Digitallotse",
    "Leuchtturm",
    "Lesson learned",
    "Quick-Check-Fragen",
    "Ziele des Leitbilds",
    "Lokale Ziele",
    "Gemeinsames Projekt",
    "Meilensteine",
)
REQUIRED_COLUMNS = ("Titel", "Handlungsfeld", "Status")
# Longer texts, and lists that may hold one entry per line (LIST_SPLIT, milestones).
MULTILINE_COLUMNS = (
    "Weitere Handlungsfelder",
    "Beschreibung",
    "Lesson learned",
    "Quick-Check-Fragen",
    "Ziele des Leitbilds",
    "Lokale Ziele",
    "Meilensteine",
)
MILESTONE_COLUMN = "Meilensteine"
# Field names of PlanInput and MeasureInput (and of the service's errors) -> column.
COLUMN_OF_FIELD = {
    "title": "Titel",
    "field_key": "Handlungsfeld",
    "other_field_keys": "Weitere Handlungsfelder",
    "description": "Beschreibung",
    "priority": "Priorität",
    "status": "Status",
    "status_note": "Begründung zum Status",
    "start_quarter": "Beginn",
    "end_quarter": "Ende",
    "progress": "Fortschritt (%)",
    "budget_estimate": "Kostenschätzung (EUR)",
    "funding_source": "Finanzierung",
    "responsible_unit": "Zuständige Stelle",
    "responsible_person": "Ansprechperson",
    "digital_pilot": "Digitallotse",
    "is_lighthouse": "Leuchtturm",
    "lesson_learned": "Lesson learned",
    "question_targets": "Quick-Check-Fragen",
    "shared_goal_keys": "Ziele des Leitbilds",
    "local_goal_ids": "Lokale Ziele",
    "joint_project_id": "Gemeinsames Projekt",
    "milestones": MILESTONE_COLUMN,
}
MEASURE_FIELDS = ("local_goal_ids", "joint_project_id")  # of MeasureInput; the others are PlanInput's
FIELD_OF_COLUMN = {column: name for name, column in COLUMN_OF_FIELD.items()}
# Columns whose cell is the field's text as it is (quarters too: the status rules check them).
TEXT_FIELDS = (
    "title",
    "description",
    "status_note",
    "start_quarter",
    "end_quarter",
    "funding_source",
    "responsible_unit",
    "responsible_person",
    "digital_pilot",
    "lesson_learned",
)
YES, NO = "ja", "nein"
MILESTONE_SEPARATOR = " | "
REMOVED_GOAL_MARK = gettext_lazy("nicht mehr im Leitbild")

_PERCENT = re.compile(r"^(?P<number>-?\d+)\s*%?$")
_KEYED = re.compile(r"^\[(?P<key>[^\]]*)\]\s*(?P<text>.*)$")  # "[verwaltung-2] text", "[12] text"


# --- export ------------------------------------------------------------------------------------


def _keyed(key: object, text: str) -> str:
    return f"[{key}] {text}".rstrip()


@dataclasses.dataclass(frozen=True)
class _Links:
    """What a measure's row names besides its own fields: read once for all rows."""

    goals: Mapping[str, GoalLink]
    projects: Mapping[int, JointProject]  # measure id -> its joint project


def _goal_cell(measure: Measure, links: _Links) -> str:
    lines = []
    for key in measure.shared_goal_keys:
        goal = links.goals[key]
        text = goal.text if goal.in_vision else f"{goal.text} ({german(REMOVED_GOAL_MARK)})".lstrip()
        lines.append(_keyed(key, text))
    return "\n".join(lines)


def _measure_cells(measure: Measure, table_format: TableFormat, links: _Links) -> list[Cell]:
    project = links.projects.get(measure.pk)
    return [
        measure.title,
        measure.field_key,
        ", ".join(key for key in measure.other_field_keys if key != measure.field_key),
        measure.description,
        german(Priority(measure.priority).label),
        german(ProjectStatus(measure.status).label),
        measure.status_note,
        quarter_label(measure.start_quarter),
        quarter_label(measure.end_quarter),
        measure.progress,
        amount_cell(measure.budget_estimate, table_format),
        measure.funding_source,
        measure.responsible_unit,
        measure.responsible_person,
        measure.digital_pilot,
        YES if measure.is_lighthouse else NO,
        measure.lesson_learned,
        question_targets_text(measure.question_targets),
        _goal_cell(measure, links),
        "\n".join(_keyed(goal.pk, goal.text) for goal in sorted(measure.local_goals.all(), key=lambda g: g.pk)),
        _keyed(project.pk, project.title) if project else "",
        milestones_text((m.title, m.due_quarter, m.is_done) for m in measure.milestones.all()),
    ]


def measures_file_notes(*, town: Town, fields: Iterable[FieldOfAction], goals: Iterable[Goal] = ()) -> list[str]:
    """The notes sheet: what each column takes, the status rules and how the import matches rows."""
    choices = {
        "statuses": ", ".join(german(status.label) for status in ProjectStatus),
        "priorities": ", ".join(german(priority.label) for priority in Priority),
    }
    return [
        _("Maßnahmenliste – %(town)s") % {"town": town.name},
        _("Eine Zeile je Maßnahme. Pflichtspalten: Titel, Handlungsfeld, Status."),
        _(
            "Der Import ordnet Zeilen über den Titel zu (Groß- und Kleinschreibung zählen nicht): vorhandene "
            "Maßnahmen werden geändert, neue angelegt. Maßnahmen, die in der Datei fehlen, bleiben, wie sie sind."
        ),
        _(
            "Fehlt eine Spalte in der Datei, behalten vorhandene Maßnahmen ihren Wert; eine leere Zelle leert das "
            "Feld. Enthält die Datei einen Fehler, wird nichts übernommen."
        ),
        _(
            "„Handlungsfeld“: Schlüssel oder Name eines Handlungsfelds (Liste unten). „Weitere Handlungsfelder“: "
            "mehrere, durch Komma getrennt."
        ),
        _("„Priorität“: %(priorities)s (leer: mittel).") % choices,
        _("„Status“: %(statuses)s.") % choices,
        _("„Beginn“ und „Ende“: ein Quartal, z. B. Q3/2027 (auch 2027-Q3, 3/2027, III/2027 oder 3. Quartal 2027)."),
        _("„Fortschritt (%)“: ganze Zahl von 0 bis 100; leer: 0."),
        _(
            "„Kostenschätzung (EUR)“: Betrag in Euro, z. B. 12.500,50 oder 12500.5; ein Punkt vor genau drei "
            "Ziffern trennt Tausender (12.500 sind zwölftausendfünfhundert Euro); leer: keine Schätzung."
        ),
        _("„Leuchtturm“: ja oder nein (leer: nein)."),
        _(
            "„Quick-Check-Fragen“: Nummern von Fragen des geltenden Quick-Check-Rasters, durch Komma getrennt. "
            "Mit „>“ folgt die Stufe (0 bis 4), die die Maßnahme erreichen soll, z. B. „VW-1, IP-2>3“; ohne "
            "Stufe zählt das Soll der Kommune."
        ),
        _(
            "„Meilensteine“: einer je Zeile in der Zelle oder durch „ | “ getrennt, jeweils „Titel (Q3/2027)“. "
            "Das Quartal in Klammern am Ende ist freiwillig; leere Klammern „()“ heißen: ohne Quartal. Ein "
            "vorangestelltes „✓ “ (oder „[x] “) heißt erreicht. Beispiel: „✓ Ausschreibung (Q1/2027) | "
            "Vergabe (Q2/2027) | Schulung“."
        ),
        str(STATUS_RULES_TEXT),
        _(
            "„Ziele des Leitbilds“: eines je Zeile, „[Kennung] Text“, z. B. „[verwaltung-2] Bis 2027 …“; es zählt "
            "die Kennung in Klammern (Liste unten), der Text dient dem Lesen. Auch nur Kennungen, durch Komma "
            "getrennt, werden gelesen. Ein Ziel, das das geltende Leitbild nicht mehr hat, bleibt verknüpft, "
            "solange die Maßnahme es nennt."
        ),
        _("„Lokale Ziele“: eines je Zeile, „[Nr.] Text“ oder der genaue Text eines lokalen Ziels der Kommune."),
        _(
            "„Gemeinsames Projekt“: „[Nr.] Titel“ oder der Titel eines Projekts, an dem die Kommune beteiligt ist; leer: keines."
        ),
        _("Diese Tabelle „Hinweise“ wird beim Import nicht gelesen."),
        _("Handlungsfelder (Schlüssel – Name):"),
        *(f"{field.key} – {field.name}" for field in fields),
        _("Ziele des geltenden Leitbilds (Kennung – Ziel):"),
        *(f"{goal.key} – {goal.text}" for goal in goals),
    ]


def measures_export(*, town: Town, table_format: TableFormat) -> tuple[str, bytes]:
    """Every measure of the town (its schema active) with milestones and Quick-Check questions."""
    town_schema_require(town, purpose="Die Maßnahmenliste")
    measures = list(measure_list())
    current_goals = goals_current(district=town.district)
    links = _Links(
        goals=goal_links(
            district=town.district,
            keys=(key for measure in measures for key in measure.shared_goal_keys),
            current_keys={goal.key for goal in current_goals},
        ),
        projects=joint_project_links_of_town(town=town),
    )
    content = table_write(
        table_format=table_format,
        sheet=MEASURE_SHEET,
        columns=MEASURE_COLUMNS,
        rows=[_measure_cells(measure, table_format, links) for measure in measures],
        notes=measures_file_notes(
            town=town, fields=fields_of_action_current(district=town.district), goals=current_goals
        ),
    )
    return f"massnahmen-{town.slug}.{table_format.value}", content


# --- import: reading cells ---------------------------------------------------------------------


def _percent(text: str) -> int:
    if not text:
        return 0
    match = _PERCENT.match(text)
    if match is None:
        raise CellUnreadable(_("Erwartet wird eine ganze Zahl von 0 bis 100 oder ein leeres Feld."))
    return int(match["number"])


def _yes_no(text: str) -> bool:
    flag = text.lower()
    if flag not in {YES, NO, ""}:
        raise CellUnreadable(_("Erwartet wird „ja“, „nein“ oder ein leeres Feld."))
    return flag == YES


class _RowReader:
    """Reads a row's cells into PlanInput fields; lookups are built once per file."""

    def __init__(
        self,
        *,
        context: PlanContext,
        fields: Iterable[FieldOfAction],
        local_goals: Iterable[tuple[int, str]] = (),
        projects: Iterable[tuple[int, str]] = (),
    ) -> None:
        """``local_goals`` and ``projects``: (id, text or title), to find them by their text."""
        self.local_goals = {text.strip().casefold(): pk for pk, text in local_goals}
        self.projects = {title.strip().casefold(): pk for pk, title in projects}
        self.field_keys: dict[str, str] = {}
        for field in fields:
            self.field_keys[field.name.casefold()] = field.key
            self.field_keys[field.key.casefold()] = field.key
        self.question_codes = list(context.questions)
        self.statuses = choice_lookup(ProjectStatus)
        self.priorities = choice_lookup(Priority)

    def field_key(self, text: str) -> str:
        """The key a field's key or name means; unknown text stays as it is (the rules name it)."""
        return self.field_keys.get(text.casefold(), text)

    def status(self, text: str) -> str:
        if not text:
            raise CellUnreadable(_("Bitte einen Status angeben."))
        if text.casefold() not in self.statuses:
            raise CellUnreadable(
                _("Unbekannter Status „%(value)s“. Möglich sind: %(choices)s.")
                % {"value": text, "choices": ", ".join(german(s.label) for s in ProjectStatus)}
            )
        return self.statuses[text.casefold()]

    def priority(self, text: str) -> str:
        if not text:
            return Priority.MEDIUM
        if text.casefold() not in self.priorities:
            raise CellUnreadable(
                _("Unbekannte Priorität „%(value)s“. Möglich sind: %(choices)s.")
                % {"value": text, "choices": ", ".join(german(p.label) for p in Priority)}
            )
        return self.priorities[text.casefold()]

    def targets(self, text: str) -> tuple[QuestionTarget, ...]:
        targets, problems = question_targets_parse(text, known_codes=self.question_codes)
        if problems:
            raise CellUnreadable(" ".join(problems))
        return targets

    def goal_keys(self, text: str) -> tuple[str, ...]:
        """``[key] text`` a line, or keys separated by commas; whether a key is valid is a rule."""
        keys: list[str] = []
        for line in (line.strip() for line in text.splitlines()):
            keyed = _KEYED.match(line)
            if keyed:
                keys.append(keyed["key"].strip())
            else:
                keys.extend(part.strip() for part in LIST_SPLIT.split(line) if part.strip())
        return tuple(dict.fromkeys(keys))

    def local_goal_ids(self, text: str) -> tuple[int, ...]:
        ids: list[int] = []
        for line in (line.strip() for line in text.splitlines() if line.strip()):
            keyed = _KEYED.match(line)
            number = whole_number(keyed["key"].strip()) if keyed else None
            if keyed and number is None:
                raise CellUnreadable(_("„%(value)s“ ist keine Nummer eines lokalen Ziels.") % {"value": keyed["key"]})
            if number is None:
                number = self.local_goals.get(line.casefold())
            if number is None:
                raise CellUnreadable(_("Das lokale Ziel „%(value)s“ gibt es nicht.") % {"value": line})
            ids.append(number)
        return tuple(dict.fromkeys(ids))

    def joint_project_id(self, text: str) -> int | None:
        if not text:
            return None
        keyed = _KEYED.match(text)
        number = whole_number(keyed["key"].strip()) if keyed else self.projects.get(text.casefold())
        if number is None:
            raise CellUnreadable(_("Ein gemeinsames Projekt „%(value)s“ der Kommune gibt es nicht.") % {"value": text})
        return number

    def value(self, name: str, text: str, current: Measure | None) -> Any:
        """The field's value from its cell; raises CellUnreadable."""
        if name in TEXT_FIELDS:
            stored = getattr(current, name) if current is not None else None
            return stored if isinstance(stored, str) and same_text(text, stored) else text
        if name == "field_key":
            if not text:
                raise CellUnreadable(_("Bitte ein Handlungsfeld angeben."))
            return self.field_key(text)
        if name == "other_field_keys":
            return tuple(self.field_key(part.strip()) for part in LIST_SPLIT.split(text) if part.strip())
        if name == "status":
            return self.status(text)
        if name == "priority":
            return self.priority(text)
        if name == "progress":
            return _percent(text)
        if name == "budget_estimate":
            return amount_read(text)
        if name == "is_lighthouse":
            return _yes_no(text)
        if name == "question_targets":
            return self.targets(text)
        if name == "milestones":
            return milestones_parse(text)
        if name == "shared_goal_keys":
            return self.goal_keys(text)
        if name == "local_goal_ids":
            return self.local_goal_ids(text)
        if name == "joint_project_id":
            return self.joint_project_id(text)
        raise AssertionError(name)  # every column names a field

    def read(self, cells: Mapping[str, str], current: Measure | None) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The fields the row's columns give, and (column, message) for each cell that cannot be read."""
        values: dict[str, Any] = {}
        unreadable: list[tuple[str, str]] = []
        for column, text in cells.items():
            name = FIELD_OF_COLUMN[column]
            try:
                values[name] = self.value(name, text, current)
            except CellUnreadable as problem:
                unreadable.append((column, problem.message))
        return values, unreadable


def _input_of(measure: Measure, joint_project_id: int | None) -> MeasureInput:
    """The measure as it stands: what columns missing from the file keep."""
    return MeasureInput(
        plan=PlanInput(
            title=measure.title,
            field_key=measure.field_key,
            status=measure.status,
            priority=measure.priority,
            description=measure.description,
            other_field_keys=tuple(measure.other_field_keys),
            shared_goal_keys=tuple(measure.shared_goal_keys),
            question_targets=tuple(
                QuestionTarget(code=str(t["code"]), expected_level=t.get("expected_level"))
                for t in measure.question_targets
            ),
            status_note=measure.status_note,
            start_quarter=measure.start_quarter,
            end_quarter=measure.end_quarter,
            budget_estimate=measure.budget_estimate,
            funding_source=measure.funding_source,
            responsible_unit=measure.responsible_unit,
            responsible_person=measure.responsible_person,
            digital_pilot=measure.digital_pilot,
            progress=measure.progress,
            is_lighthouse=measure.is_lighthouse,
            lesson_learned=measure.lesson_learned,
            milestones=tuple(
                MilestoneInput(title=m.title, due_quarter=m.due_quarter, is_done=m.is_done)
                for m in measure.milestones.all()
            ),
        ),
        local_goal_ids=tuple(goal.pk for goal in measure.local_goals.all()),
        joint_project_id=joint_project_id,
    )


# --- import: problems ----------------------------------------------------------------------------


def _milestone_field(name: str) -> tuple[str, str]:
    """``milestones.<n>`` (as measures_upsert keys a milestone's errors) -> the milestones column."""
    if name.startswith("milestones."):
        return "milestones", _("Meilenstein %(number)s: ") % {"number": name.split(".")[1]}
    return name, ""


def _problems_of_errors(table: Table, errors: Mapping[str, Iterable[str]]) -> list[Problem]:
    return row_error_problems(table, errors, column_of_field=COLUMN_OF_FIELD, field_of=_milestone_field)


def _rule_errors(
    rows: Sequence[tuple[int, MeasureInput]], *, existing: Mapping[str, Measure], context: PlanContext
) -> dict[str, list[str]]:
    """The status rules for rows read so far, keyed like measures_upsert's errors.

    Only needed when some cells could not be read (the service is not called then): the file's
    problems are reported all at once.
    """
    errors = measure_titles_repeated(rows)
    for number, data in rows:
        current = existing.get(measure_title_key(data.plan.title))
        previous_status = current.status if current is not None else None
        previous_goal_keys = current.shared_goal_keys if current is not None else ()
        for name, messages in plan_input_validate(
            data.plan, context=context, previous_status=previous_status, previous_goal_keys=previous_goal_keys
        ).items():
            errors.setdefault(f"{number}.{name}", []).extend(messages)
    return errors


@transaction.atomic
def measures_import(*, town: Town, data: bytes, filename: str, actor: User | None) -> dict[str, int]:
    """Create or update the file's measures (the town's schema active); all or nothing.

    Returns the counts of measures_upsert: created, updated, unchanged. Raises TableImportError
    naming file, row and column of every problem; then nothing was written.
    """
    town_schema_require(town, purpose="Die Maßnahmenliste")
    table = table_read(
        data=data,
        filename=filename,
        sheet=MEASURE_SHEET,
        columns=MEASURE_COLUMNS,
        required=REQUIRED_COLUMNS,
        multiline=MULTILINE_COLUMNS,
    )
    context = plan_context(district=town.district)
    columns = set(table.rows[0][1]) if table.rows else set()
    reader = _RowReader(
        context=context,
        fields=fields_of_action_current(district=town.district),
        # Read only for files that have these columns.
        local_goals=LocalGoal.objects.values_list("pk", "text") if "Lokale Ziele" in columns else (),
        projects=joint_project_titles_of_town(town=town) if "Gemeinsames Projekt" in columns else (),
    )
    # Read once for every row, here and in measures_upsert (milestones and local goals prefetched).
    # Locked now, so that what columns missing from the file keep is what measures_upsert updates.
    existing = {measure_title_key(m.title): m for m in measure_list().select_for_update()}
    links = joint_project_links_of_town(town=town)
    problems: list[Problem] = []
    rows: list[tuple[int, MeasureInput]] = []
    for number, cells in table.rows:
        current = existing.get(measure_title_key(cells["Titel"]))
        values, unreadable = reader.read(cells, current)
        problems.extend(table.problem(message, row=number, column=column) for column, message in unreadable)
        if unreadable:
            continue
        measure_values = {name: values.pop(name) for name in MEASURE_FIELDS if name in values}
        if current is None:
            rows.append((number, MeasureInput(plan=PlanInput(**values), **measure_values)))
        else:
            link = links.get(current.pk)
            base = _input_of(current, link.pk if link else None)
            rows.append(
                (number, dataclasses.replace(base, plan=dataclasses.replace(base.plan, **values), **measure_values))
            )
    if not table.rows:
        problems.append(table.problem(_("Die Tabelle enthält keine Maßnahmen.")))
    if problems:
        problems.extend(_problems_of_errors(table, _rule_errors(rows, existing=existing, context=context)))
        raise TableImportError(problems_by_row(problems))
    try:
        return measures_upsert(
            town=town,
            rows=rows,
            context=context,
            actor=actor,
            source=table.source,
            existing=existing,
            links={measure_id: project.pk for measure_id, project in links.items()},
        )
    except ValidationError as error:  # nothing was written
        problems = validation_error_problems(table, error, column_of_field=COLUMN_OF_FIELD, field_of=_milestone_field)
        raise TableImportError(problems_by_row(problems)) from error
