"""Numbers as every page, API and file shows them: scores and statistics rounded once, the same way."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _


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


_AMOUNT_GERMAN = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")  # 12.500,50 / 12500,5 / 12.500
_AMOUNT_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")  # 12500.5 (also what XLSX number cells read as)
_AMOUNT_NOISE = re.compile(r"(?i)euro?|€|\s")
CENT = Decimal("0.01")


class AmountError(ValueError):
    """A text that is no amount of euros; ``message`` says why, for the cell or field."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def amount_parse(text: str) -> Decimal | None:
    """An amount in euros as people type it: ``12.500,50``, ``12500,5``, ``12500.5``, ``12.500 €``.

    A point before exactly three digits separates thousands (``12.500`` is 12500). Empty: None. At
    most two decimals. Raises AmountError; whether the amount is in range is the caller's rule.
    """
    cleaned = _AMOUNT_NOISE.sub("", text)
    if not cleaned:
        return None
    if _AMOUNT_GERMAN.match(cleaned):
        number = cleaned.replace(".", "").replace(",", ".")
    elif _AMOUNT_PLAIN.match(cleaned):
        number = cleaned
    else:
        raise AmountError(_("„%(value)s“ ist kein Betrag. Bitte eine Zahl angeben, z. B. 12.500,50.") % {"value": text})
    try:
        amount = Decimal(number)
        if amount != amount.quantize(CENT):
            raise AmountError(_("Bitte höchstens zwei Nachkommastellen angeben."))
        return amount.quantize(CENT)
    except InvalidOperation:
        raise AmountError(_("Der Betrag ist zu groß.")) from None
