"""Quarters (Quartale) as the roadmap counts time: stored as ``2027-Q3``, shown as ``Q3/2027``.

Imports accept what town halls write: ``2027-Q3``, ``Q3/2027``, ``Q3 2027``, ``3/2027``, ``III/2027``
and ``3. Quartal 2027``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})\s*-?\s*Q(?P<q>[1-4])$", re.IGNORECASE),
    re.compile(r"^Q(?P<q>[1-4])\s*[/ ]\s*(?P<year>\d{4})$", re.IGNORECASE),
    re.compile(r"^(?P<q>[1-4])\s*/\s*(?P<year>\d{4})$"),
    re.compile(r"^(?P<roman>I{1,3}|IV)\s*/\s*(?P<year>\d{4})$", re.IGNORECASE),
    re.compile(r"^(?P<q>[1-4])\.\s*Quartal\s+(?P<year>\d{4})$", re.IGNORECASE),
)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number}/{self.year}"

    @property
    def index(self) -> int:
        """Quarters since year 0: differences count quarters."""
        return self.year * 4 + self.number - 1

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_code(cls, code: str) -> Quarter | None:
        """A stored code (or anything :func:`quarter_parse` reads); None for empty text."""
        return quarter_parse(code) if code else None


def quarter_parse(text: str) -> Quarter | None:
    """The quarter ``text`` names, or None when it names none."""
    text = text.strip()
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            number = _ROMAN[groups["roman"].upper()] if groups.get("roman") else int(groups["q"])
            year = int(groups["year"])
            if 2000 <= year <= 2099:
                return Quarter(year, number)
    return None


def quarter_label(code: str) -> str:
    """A stored quarter as people read it: ``2027-Q3`` → ``Q3/2027`` ("" stays "")."""
    quarter = Quarter.from_code(code or "")
    return quarter.label if quarter else ""


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = [first]
    while quarters[-1] < last:
        quarters.append(quarters[-1].next())
    return quarters
