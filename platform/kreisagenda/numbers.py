"""Numbers as every page, API and file shows them: scores and statistics rounded once, the same way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def rounded_once(value: Fraction) -> Decimal:
    """An exact value rounded to one decimal, halves up: how every score and statistic is shown."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def as_float(value: Decimal | None) -> float | None:
    """A score for JSON and spreadsheets (None stays None)."""
    return None if value is None else float(value)
