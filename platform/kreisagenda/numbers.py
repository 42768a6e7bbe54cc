"""Numbers as every page, API and file shows them: scores and statistics rounded once, the same way."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def rounded_once(value: Fraction) -> Decimal:
    """An exact value rounded to one decimal, halves up: how every score and statistic is shown."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def as_float(value: Decimal | None) -> float | None:
    """A score for JSON and spreadsheets (None stays None)."""
    return None if value is None else float(value)


_WHOLE = re.compile(r"[0-9]+")


def whole_number(text: str) -> int | None:
    """A non-negative whole number written in ASCII digits, or None. Not ``str.isdigit``: it is true for
    "²" and "٢", and ``int`` then fails on the first and reads the second as 2 (issue 13)."""
    return int(text) if _WHOLE.fullmatch(text) else None
