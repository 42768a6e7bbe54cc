"""The comparison's arithmetic, published on every comparison page (see RULE_TEXT, METHOD_TEXT).

* A comparison group has at least MIN_GROUP towns; smaller groups are never shown.
* Median and quartiles by linear interpolation between the sorted values (the "inclusive" method
  of spreadsheets' QUARTILE.INC and PostgreSQL's percentile_cont): the p-quantile lies at
  position p × (n − 1) of the sorted values, counted from 0.
* Strength / weakness: a field score at least STRENGTH_MARGIN points above / below the group's
  median. Values are compared as shown (one decimal), so the rule can be checked by reading.
* Size classes follow the usual German Gemeindegrößenklassen; district administrations form a
  class of their own.

Pure functions on plain values, checked by hand in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from kreisagenda.numbers import rounded_once

MIN_GROUP = 3
STRENGTH_MARGIN = Decimal(10)

RULE_TEXT = _(
    "Stärke: Der Wert der Kommune liegt mindestens 10 Punkte über dem Median der Vergleichsgruppe im "
    "Handlungsfeld. Schwäche: mindestens 10 Punkte darunter."
)
METHOD_TEXT = _(
    "Verglichen werden nur freigegebene Quick Checks. Eine Vergleichsgruppe hat mindestens 3 Kommunen; "
    "kleinere Gruppen werden nicht gezeigt. Median und Quartile werden linear zwischen den sortierten "
    "Werten interpoliert (wie QUARTILE.INKL in Tabellenkalkulationen). Die Kreisverwaltung wird nicht "
    "mit den Städten und Gemeinden verglichen, da sie andere Aufgaben hat."
)


class Verdict(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"


VERDICT_LABELS = {Verdict.STRENGTH: _("Stärke"), Verdict.WEAKNESS: _("Schwäche")}


@dataclass(frozen=True)
class GroupStatistics:
    n: int
    minimum: Decimal
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal
    maximum: Decimal


def quantile(sorted_values: Sequence[Decimal], p: Fraction) -> Decimal:
    """The p-quantile of sorted values, by linear interpolation (exact, then rounded once)."""
    position = p * (len(sorted_values) - 1)
    below = int(position)  # floor: position is never negative
    fraction = position - below
    low = Fraction(sorted_values[below])
    if fraction == 0:
        return rounded_once(low)
    high = Fraction(sorted_values[below + 1])
    return rounded_once(low + (high - low) * fraction)


def group_statistics(values: Sequence[Decimal]) -> GroupStatistics | None:
    """Median, quartiles, minimum, maximum and n; None for groups smaller than MIN_GROUP."""
    if len(values) < MIN_GROUP:
        return None
    ordered = sorted(values)
    return GroupStatistics(
        n=len(ordered),
        minimum=ordered[0],
        lower_quartile=quantile(ordered, Fraction(1, 4)),
        median=quantile(ordered, Fraction(1, 2)),
        upper_quartile=quantile(ordered, Fraction(3, 4)),
        maximum=ordered[-1],
    )


def verdict(score: Decimal | None, statistics: GroupStatistics | None) -> Verdict | None:
    if score is None or statistics is None:
        return None
    if score >= statistics.median + STRENGTH_MARGIN:
        return Verdict.STRENGTH
    if score <= statistics.median - STRENGTH_MARGIN:
        return Verdict.WEAKNESS
    return None


class SizeClass(StrEnum):
    UNDER_10K = "unter_10000"
    FROM_10K = "10000_20000"
    FROM_20K = "20000_50000"
    FROM_50K = "50000_100000"
    FROM_100K = "ab_100000"
    DISTRICT_ADMINISTRATION = "kreisverwaltung"


SIZE_CLASS_LABELS = {
    SizeClass.UNDER_10K: _("unter 10.000 Einwohner"),
    SizeClass.FROM_10K: _("10.000 bis unter 20.000 Einwohner"),
    SizeClass.FROM_20K: _("20.000 bis unter 50.000 Einwohner"),
    SizeClass.FROM_50K: _("50.000 bis unter 100.000 Einwohner"),
    SizeClass.FROM_100K: _("100.000 Einwohner und mehr"),
    SizeClass.DISTRICT_ADMINISTRATION: _("Kreisverwaltungen"),
}

_BOUNDS = (
    (10_000, SizeClass.UNDER_10K),
    (20_000, SizeClass.FROM_10K),
    (50_000, SizeClass.FROM_20K),
    (100_000, SizeClass.FROM_50K),
)


def size_class(*, population: int, is_district_administration: bool) -> SizeClass:
    if is_district_administration:
        return SizeClass.DISTRICT_ADMINISTRATION
    for bound, size in _BOUNDS:
        if population < bound:
            return size
    return SizeClass.FROM_100K
