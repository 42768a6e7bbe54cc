"""A town's solution register (Lösungsregister) as a file (CSV or XLSX): export, and an import that
writes all or nothing (decision D74).

Which entry a row updates:

* "Nr." given: the entry with that number, and only if its "Bezeichnung" is the row's
  (case-insensitive). So a file of another town, or an old one, never overwrites a different entry;
  an entry is renamed on its page.
* "Nr." empty: the one entry with that "Bezeichnung" (case-insensitive); none: a new entry; several
  (the register allows the same name twice): refused, the row must give the Nr.
* A file names each entry once, and new rows need different names.

Entries missing from the file stay as they are. A column missing from the file keeps the entry's
value; an empty cell empties the field. So an exported file imported again changes nothing.

Cell syntax (also written to the file's notes sheet): "Handlungsfeld" a field's key or name;
"Kategorie" and "Status" the German label or the code; "Vertragsende" ``31.12.2028`` or
``2028-12-31``; "Jährliche Kosten (EUR)" ``12.500,50`` or ``12500.5``, empty: not known.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
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

from shared_vision.selectors import fields_of_action_current
from solutions.models import Solution, SolutionCategory, SolutionStatus
from solutions.selectors import solution_list
from solutions.services import (
    SolutionInput,
    SolutionRow,
    solution_input_of,
    solution_input_validate,
    solutions_upsert,
)

if TYPE_CHECKING:
    from accounts.models import User
    from shared_vision.models import FieldOfAction
    from tenants.models import Town

SOLUTION_SHEET = "Lösungsregister"
NUMBER_COLUMN = "Nr."
TITLE_COLUMN = "Bezeichnung"
# SolutionInput's fields (and the service's error keys) -> column.
COLUMN_OF_FIELD = {
    "title": TITLE_COLUMN,
    "field_key": "Handlungsfeld",
    "category": "Kategorie",
    "description": "Beschreibung",
    "product": "Produkt",
    "vendor": "Anbieter",
    "status": "Status",
    "contract_end": "Vertragsende",
    "annual_cost": "Jährliche Kosten (EUR)",
}
FIELD_OF_COLUMN = {column: name for name, column in COLUMN_OF_FIELD.items()}
SOLUTION_COLUMNS = (NUMBER_COLUMN, *COLUMN_OF_FIELD.values())
REQUIRED_COLUMNS = (TITLE_COLUMN, "Handlungsfeld", "Kategorie", "Status")
MULTILINE_COLUMNS = ("Beschreibung",)
TEXT_FIELDS = ("title", "description", "product", "vendor")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")  # also an XLSX date cell
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


# --- export ------------------------------------------------------------------------------------


def _solution_cells(solution: Solution, table_format: TableFormat) -> list[Cell]:
    return [
        solution.pk,
        solution.title,
        solution.field_key,
        german(SolutionCategory(solution.category).label),
        solution.description,
        solution.product,
        solution.vendor,
        german(SolutionStatus(solution.status).label),
        solution.contract_end.strftime("%d.%m.%Y") if solution.contract_end else "",
        amount_cell(solution.annual_cost, table_format),
    ]


def solutions_file_notes(*, town: Town, fields: Iterable[FieldOfAction]) -> list[str]:
    """The notes sheet: what each column takes and how the import matches rows."""
    choices = {
        "categories": ", ".join(german(category.label) for category in SolutionCategory),
        "statuses": ", ".join(german(status.label) for status in SolutionStatus),
    }
    return [
        _("Lösungsregister – %(town)s") % {"town": town.name},
        _("Eine Zeile je Eintrag. Pflichtspalten: Bezeichnung, Handlungsfeld, Kategorie, Status."),
        _(
            "Der Import ordnet Zeilen über die „Nr.“ zu, ohne Nr. über die Bezeichnung (Groß- und "
            "Kleinschreibung zählen nicht): vorhandene Einträge werden geändert, neue angelegt. Eine Nr. gilt "
            "nur, wenn die Bezeichnung dazu passt; umbenannt wird auf der Seite des Eintrags. Einträge, die "
            "in der Datei fehlen, bleiben, wie sie sind."
        ),
        _(
            "Fehlt eine Spalte in der Datei, behalten vorhandene Einträge ihren Wert; eine leere Zelle leert "
            "das Feld. Enthält die Datei einen Fehler, wird nichts übernommen."
        ),
        _("„Handlungsfeld“: Schlüssel oder Name eines Handlungsfelds (Liste unten)."),
        _("„Kategorie“: %(categories)s.") % choices,
        _("„Status“: %(statuses)s.") % choices,
        _("„Vertragsende“: ein Datum, z. B. 31.12.2028 oder 2028-12-31; leer: keines."),
        _(
            "„Jährliche Kosten (EUR)“: was die Kommune im Jahr dafür zahlt (Lizenzen, Betrieb, Wartung), "
            "z. B. 12.500,50 oder 12500.5; ein Punkt vor genau drei Ziffern trennt Tausender; leer: nicht "
            "bekannt (zählt nicht als 0)."
        ),
        _("Diese Tabelle „Hinweise“ wird beim Import nicht gelesen."),
        _("Handlungsfelder (Schlüssel – Name):"),
        *(f"{field.key} – {field.name}" for field in fields),
    ]


def solutions_export(*, town: Town, table_format: TableFormat) -> tuple[str, bytes]:
    """Every register entry of the town (its schema active), as a file name and the file."""
    town_schema_require(town, purpose="Das Lösungsregister")
    content = table_write(
        table_format=table_format,
        sheet=SOLUTION_SHEET,
        columns=SOLUTION_COLUMNS,
        rows=[_solution_cells(solution, table_format) for solution in solution_list().order_by("pk")],
        notes=solutions_file_notes(town=town, fields=fields_of_action_current(district=town.district)),
    )
    return f"loesungsregister-{town.slug}.{table_format.value}", content


# --- import: reading cells ---------------------------------------------------------------------


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    iso, german = _ISO_DATE.match(text), _GERMAN_DATE.match(text)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if german:
            return datetime.date(int(german[3]), int(german[2]), int(german[1]))
    except ValueError:
        pass
    raise CellUnreadable(_("„%(value)s“ ist kein Datum. Bitte z. B. 31.12.2028 angeben.") % {"value": text})


class _RowReader:
    """Reads a row's cells into SolutionInput fields; lookups are built once per file."""

    def __init__(self, *, fields: Iterable[FieldOfAction]) -> None:
        self.field_keys: dict[str, str] = {}
        for field in fields:
            self.field_keys[field.name.casefold()] = field.key
            self.field_keys[field.key.casefold()] = field.key
        self.categories = choice_lookup(SolutionCategory)
        self.statuses = choice_lookup(SolutionStatus)

    @staticmethod
    def _choice(text: str, lookup: Mapping[str, str], choices: type[TextChoices], what: str) -> str:
        if text.casefold() not in lookup:
            raise CellUnreadable(
                _("Unbekannte Angabe „%(value)s“ für %(what)s. Möglich sind: %(choices)s.")
                % {"value": text, "what": what, "choices": ", ".join(german(c.label) for c in choices)}
            )
        return lookup[text.casefold()]

    def value(self, name: str, text: str, current: Solution | None) -> Any:
        """The field's value from its cell; raises CellUnreadable."""
        if name in TEXT_FIELDS:
            stored = getattr(current, name) if current is not None else None
            return stored if isinstance(stored, str) and same_text(text, stored) else text
        if name == "field_key":  # unknown text stays as it is: the service's rule names it
            return self.field_keys.get(text.casefold(), text)
        if name == "category":
            return self._choice(text, self.categories, SolutionCategory, _("die Kategorie"))
        if name == "status":
            return self._choice(text, self.statuses, SolutionStatus, _("den Status"))
        if name == "contract_end":
            return _date(text)
        if name == "annual_cost":
            return amount_read(text)
        raise AssertionError(name)  # every column but "Nr." names a field

    def read(self, cells: Mapping[str, str], current: Solution | None) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The fields the row's columns give, and (column, message) for each cell that cannot be read."""
        values: dict[str, Any] = {}
        unreadable: list[tuple[str, str]] = []
        for column, text in cells.items():
            if column == NUMBER_COLUMN:
                continue
            name = FIELD_OF_COLUMN[column]
            try:
                values[name] = self.value(name, text, current)
            except CellUnreadable as problem:
                unreadable.append((column, problem.message))
        return values, unreadable


def _title_key(title: str) -> str:
    return title.strip().casefold()


class _Matcher:
    """Finds the entry a row updates (module docstring); remembers which rows named which entry."""

    def __init__(self, existing: Iterable[Solution]) -> None:
        self.by_id = {solution.pk: solution for solution in existing}
        self.by_title: dict[str, list[Solution]] = {}
        for solution in self.by_id.values():
            self.by_title.setdefault(_title_key(solution.title), []).append(solution)
        self.named: dict[object, int] = {}  # entry id or new title -> first row naming it

    def match(self, number: int, cells: Mapping[str, str]) -> tuple[Solution | None, list[tuple[str, str]]]:
        """The entry the row updates (None: a new one) and (column, message) problems."""
        title = cells.get(TITLE_COLUMN, "")
        key = _title_key(title)
        text = cells.get(NUMBER_COLUMN, "")
        solution: Solution | None = None
        if text:
            entry_id = whole_number(text)
            solution = self.by_id.get(entry_id) if entry_id is not None else None
            if solution is None:
                message = _(
                    "Einen Eintrag Nr. %(value)s gibt es im Register nicht; für neue Einträge die Nr. leer lassen."
                )
                return None, [(NUMBER_COLUMN, message % {"value": text})]
            if _title_key(solution.title) != key:
                message = _(
                    "Eintrag Nr. %(number)s heißt „%(title)s“. Eine Nr. gilt nur mit ihrer Bezeichnung; "
                    "umbenannt wird auf der Seite des Eintrags."
                )
                return None, [(TITLE_COLUMN, message % {"number": solution.pk, "title": solution.title})]
        elif key:
            same = self.by_title.get(key, [])
            if len(same) > 1:
                message = _("Mehrere Einträge heißen so (Nr. %(numbers)s); bitte die Nr. angeben.")
                return None, [(NUMBER_COLUMN, message % {"numbers": ", ".join(str(s.pk) for s in same)})]
            solution = same[0] if same else None
        if solution is None and not key:
            return None, []  # no name: the service's rule says so
        identity: object = solution.pk if solution is not None else key
        first = self.named.setdefault(identity, number)
        if first != number:
            message = _("Der Eintrag steht schon in Zeile %(row)s; jeder Eintrag einmal.")
            return solution, [(TITLE_COLUMN, message % {"row": first})]
        return solution, []


# --- import: problems and the whole ------------------------------------------------------------


@transaction.atomic
def solutions_import(*, town: Town, data: bytes, filename: str, actor: User | None) -> dict[str, int]:
    """Create or update the file's register entries (the town's schema active); all or nothing.

    Returns the counts created, updated, unchanged. Raises TableImportError naming file, row and
    column of every problem; then nothing was written.
    """
    town_schema_require(town, purpose="Das Lösungsregister")
    table = table_read(
        data=data,
        filename=filename,
        sheet=SOLUTION_SHEET,
        columns=SOLUTION_COLUMNS,
        required=REQUIRED_COLUMNS,
        multiline=MULTILINE_COLUMNS,
    )
    fields = list(fields_of_action_current(district=town.district))
    reader = _RowReader(fields=fields)
    # Locked now, so what columns missing from the file keep is what the service updates.
    matcher = _Matcher(Solution.objects.select_for_update().order_by("pk"))
    problems: list[Problem] = []
    rows: list[SolutionRow] = []
    for number, cells in table.rows:
        current, unmatched = matcher.match(number, cells)
        values, unreadable = reader.read(cells, current)
        wrong = [*unmatched, *unreadable]
        problems.extend(table.problem(message, row=number, column=column) for column, message in wrong)
        if wrong:
            continue
        base = solution_input_of(current) if current is not None else SolutionInput("", "", "", "")
        rows.append(SolutionRow(number=number, solution=current, data=replace(base, **values)))
    if not table.rows:
        problems.append(table.problem(_("Die Tabelle enthält keine Einträge.")))
    keys = {field.key for field in fields}
    if problems:  # with the rules of the readable rows, so the file's problems come all at once
        raise TableImportError(problems_by_row([*problems, *_rule_problems(table, rows, keys)]))
    try:
        return solutions_upsert(town=town, rows=rows, valid_field_keys=keys, actor=actor, source=table.source)
    except ValidationError as error:  # nothing was written
        problems = validation_error_problems(table, error, column_of_field=COLUMN_OF_FIELD)
        raise TableImportError(problems_by_row(problems)) from error


def _rule_problems(table: Table, rows: Iterable[SolutionRow], keys: set[str]) -> list[Problem]:
    errors = {
        f"{row.number}.{name}": messages
        for row in rows
        for name, messages in solution_input_validate(row.data, valid_field_keys=keys).items()
    }
    return row_error_problems(table, errors, column_of_field=COLUMN_OF_FIELD)
