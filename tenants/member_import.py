"""Importing a district's members from a CSV like ``shared/data/kreis-hoexter.csv``.

Every row is checked before anything is written; one bad row means nothing is created, and the
message names the file, the line and the field.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from kreisagenda.text import control_character_message

from accounts.models import User
from tenants import provisioning
from tenants.models import District, Town, TownKind
from tenants.naming import district_administration_ags
from tenants.services import town_build, town_create

REQUIRED_COLUMNS = ("ags", "name", "kind", "population")
KIND_BY_CSV_VALUE = {"town": TownKind.TOWN, "district": TownKind.DISTRICT_ADMINISTRATION}


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("Zeile %(line)d, Feld „%(field)s“: %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class MemberImportError(Exception):
    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.source = source
        self.errors = errors
        super().__init__("\n".join(f"{source}: {error}" for error in errors))


@dataclass(frozen=True)
class MemberRow:
    line: int
    ags: str
    name: str
    kind: str
    population: int


@dataclass
class ImportResult:
    created: list[Town] = field(default_factory=list)
    skipped: list[MemberRow] = field(default_factory=list)


def member_rows_parse(*, lines: Iterable[str], source: str, district: District) -> list[MemberRow]:
    """Read and check every row; raise :class:`MemberImportError` listing all problems."""
    reader = csv.DictReader(lines)
    errors: list[RowError] = []
    header = [column.strip() for column in (reader.fieldnames or [])]
    unknown = [column for column in header if column not in REQUIRED_COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    errors.extend(
        RowError(1, column, _("unbekannte Spalte (erlaubt: %s)") % ", ".join(REQUIRED_COLUMNS)) for column in unknown
    )
    errors.extend(RowError(1, column, _("Spalte fehlt")) for column in missing)
    if errors:
        raise MemberImportError(source, errors)

    rows: list[MemberRow] = []
    seen_ags: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        if None in raw:  # more cells than columns
            errors.append(RowError(number, "-", _("mehr Werte als Spalten")))
            continue
        values = {key.strip(): (value or "").strip() for key, value in raw.items()}
        row_errors = [
            RowError(number, column, message)
            for column, value in values.items()
            if (message := control_character_message(value)) is not None
        ]
        name = values["name"]
        if not name:
            row_errors.append(RowError(number, "name", _("der Name ist leer")))
        kind = KIND_BY_CSV_VALUE.get(values["kind"])
        if kind is None:
            row_errors.append(
                RowError(
                    number, "kind", _("„%(value)s“ ist keine Art (town oder district)") % {"value": values["kind"]}
                )
            )
        population_text = values["population"]
        # [0-9] only: "²".isdigit() is true, and int("²") fails
        population = int(population_text) if re.fullmatch(r"[0-9]{1,9}", population_text) else 0
        if population <= 0:
            row_errors.append(
                RowError(
                    number, "population", _("„%(value)s“ ist keine positive ganze Zahl") % {"value": population_text}
                )
            )
        ags = values["ags"]
        if kind == TownKind.DISTRICT_ADMINISTRATION and ags == district.key:
            ags = district_administration_ags(district.key)
        if not re.fullmatch(r"[0-9]{8}", ags):
            row_errors.append(RowError(number, "ags", _("„%(value)s“ hat nicht 8 Ziffern") % {"value": values["ags"]}))
        elif not ags.startswith(district.key):
            row_errors.append(
                RowError(
                    number,
                    "ags",
                    _("„%(value)s“ beginnt nicht mit dem Kreisschlüssel %(key)s") % {"value": ags, "key": district.key},
                )
            )
        elif kind == TownKind.DISTRICT_ADMINISTRATION and ags != district_administration_ags(district.key):
            row_errors.append(
                RowError(number, "ags", _("die Kreisverwaltung hat den Kreisschlüssel %(key)s") % {"key": district.key})
            )
        if ags in seen_ags:
            row_errors.append(
                RowError(
                    number, "ags", _("%(ags)s steht schon in Zeile %(line)d") % {"ags": ags, "line": seen_ags[ags]}
                )
            )
        if name and name.casefold() in seen_names:
            row_errors.append(
                RowError(
                    number,
                    "name",
                    _("„%(name)s“ steht schon in Zeile %(line)d") % {"name": name, "line": seen_names[name.casefold()]},
                )
            )
        seen_ags.setdefault(ags, number)
        if name:
            seen_names.setdefault(name.casefold(), number)
        if row_errors:
            errors.extend(row_errors)
        else:
            assert kind is not None
            rows.append(MemberRow(line=number, ags=ags, name=name, kind=kind, population=population))
    if not errors and not rows:
        errors.append(RowError(1, "-", _("die Datei enthält keine Zeilen")))
    administrations = [row for row in rows if row.kind == TownKind.DISTRICT_ADMINISTRATION]
    if len(administrations) > 1:
        errors.append(RowError(administrations[1].line, "kind", _("nur eine Kreisverwaltung je Kreis")))
    if errors:
        raise MemberImportError(source, errors)
    return rows


def members_import(
    *,
    district: District,
    lines: Iterable[str],
    source: str,
    if_exists: Literal["error", "skip"] = "error",
    actor: User | None = None,
) -> ImportResult:
    """Create every town of the file with its schema, all in one transaction, or nothing."""
    rows = member_rows_parse(lines=lines, source=source, district=district)
    result = ImportResult()
    existing = {town.ags: town for town in Town.objects.filter(ags__in=[row.ags for row in rows])}
    errors: list[RowError] = []
    to_create: list[MemberRow] = []
    for row in rows:
        other = existing.get(row.ags)
        if other is not None:
            if if_exists == "skip" and other.district_id == district.pk:
                result.skipped.append(row)
            else:
                errors.append(
                    RowError(
                        row.line, "ags", _("%(ags)s gibt es schon (%(name)s)") % {"ags": row.ags, "name": other.name}
                    )
                )
            continue
        try:
            town_build(district=district, name=row.name, ags=row.ags, population=row.population, kind=row.kind)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                errors.extend(RowError(row.line, field_name, message) for message in messages)
            continue
        to_create.append(row)
    existing_names = set(
        Town.objects.filter(district=district, name__in=[row.name for row in to_create]).values_list("name", flat=True)
    )
    errors.extend(
        RowError(row.line, "name", _("„%s“ gibt es im Kreis schon") % row.name)
        for row in to_create
        if row.name in existing_names
    )
    if errors:
        raise MemberImportError(source, errors)
    if not connection.in_atomic_block:
        provisioning.blueprint_get()
    with transaction.atomic():
        for row in to_create:
            result.created.append(
                town_create(
                    district=district, name=row.name, ags=row.ags, population=row.population, kind=row.kind, actor=actor
                )
            )
    return result
