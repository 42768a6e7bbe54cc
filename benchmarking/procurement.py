"""The procurement calendar (Beschaffungskalender): when the district's towns buy the same kind of
thing, and when a joint tender would fit (METHOD_TEXT, shown on the page).

* Per category of the register (a measure gets the category its words name, D72), every published
  entry of the district's towns that is still live: contracts in use with their end date, and what is
  planned or being procured (no date: it is due now).
* A window for a joint tender opens for the earliest date that needs a new contract — the first
  contract end in the next HORIZON_YEARS years, or today for what is planned — and takes in every
  contract that ends up to JOIN_MONTHS months later and everything planned: those towns can join
  (a later start, or an option in the joint contract). The tender starts LEAD_MONTHS months before the
  new contract is needed (a Europe-wide tender with preparation takes about that long), never before
  today. A window needs two towns; the entries left over open the next window.
* Candidates: towns weak in a field of action of that category in the latest comparison that have
  no entry of that category — they might join instead of starting alone.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LEAD_MONTHS = 12
JOIN_MONTHS = 24
HORIZON_YEARS = 5

METHOD_TEXT = _(
    "So entsteht der Beschaffungskalender: Je Kategorie stehen die veröffentlichten Einträge der Kommunen "
    "untereinander – Verträge im Einsatz mit ihrem Ende, Geplantes und laufende Beschaffungen (fällig jetzt). "
    "Ein Fenster für eine gemeinsame Ausschreibung richtet sich nach dem frühesten Bedarf (dem ersten "
    "Vertragsende der nächsten fünf Jahre, oder heute für Geplantes) und nimmt alle Verträge auf, die bis zu "
    "24 Monate später enden: Diese Kommunen steigen später oder über eine Option ein. Die Ausschreibung "
    "beginnt 12 Monate vor dem Bedarf (Vorlauf einer EU-weiten Vergabe), nie vor heute. Ein Fenster braucht "
    "zwei Kommunen. Kandidaten sind Kommunen mit einer Schwäche im Handlungsfeld der Kategorie, die dort "
    "noch nichts eingetragen haben."
)


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), on the month's last day where that day is missing."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class CalendarEntry:
    town_id: int
    town_name: str
    title: str
    kind: str  # "solution" or "measure"
    stage: str  # "in_use", "procurement", "planned"
    field_key: str
    contract_end: datetime.date | None

    @property
    def undated(self) -> bool:
        """In use with no contract end given: no date of need to put in a calendar."""
        return self.stage == "in_use" and self.contract_end is None

    def needed_on(self, today: datetime.date) -> datetime.date:
        """When this town needs a (new) contract: its contract's end, or now for what is planned."""
        if self.stage == "in_use" and self.contract_end is not None:
            return self.contract_end
        return today

    def order(self, today: datetime.date) -> tuple[bool, datetime.date, str, str]:
        """Dated entries by their date of need, then undated ones; by town and title within."""
        return self.undated, self.needed_on(today), self.town_name, self.title


@dataclass(frozen=True)
class TenderWindow:
    tender_start: datetime.date  # start the joint tender then
    needed_on: datetime.date  # the first new contract is needed then
    joins_until: datetime.date  # contracts ending until then join this tender
    entries: list[CalendarEntry]

    @property
    def town_names(self) -> list[str]:
        return sorted({entry.town_name for entry in self.entries})

    @property
    def drawn_until(self) -> datetime.date:
        """The end of the bar drawn for the window: the need, but at least the tender's own duration."""
        return max(self.needed_on, months_later(self.tender_start, LEAD_MONTHS))


def tender_windows(entries: Iterable[CalendarEntry], *, today: datetime.date) -> list[TenderWindow]:
    """The windows for joint tenders among ``entries`` (one category), earliest first."""
    horizon = months_later(today, 12 * HORIZON_YEARS)
    due = sorted(
        (e for e in entries if e.stage != "in_use" or (e.contract_end is not None and e.contract_end <= horizon)),
        key=lambda e: e.order(today),
    )
    windows: list[TenderWindow] = []
    while due:
        needed = max(due[0].needed_on(today), today)
        joins_until = months_later(needed, JOIN_MONTHS)
        taken = [e for e in due if e.needed_on(today) <= joins_until]
        due = [e for e in due if e not in taken]
        if len({e.town_id for e in taken}) >= 2:
            tender_start = max(months_later(needed, -LEAD_MONTHS), today)
            windows.append(TenderWindow(tender_start, needed, joins_until, taken))
    return windows


@dataclass(frozen=True)
class CategoryCalendar:
    category: str
    label: str
    entries: list[CalendarEntry]  # by date needed, then town
    windows: list[TenderWindow]
    candidates: list[str]  # towns weak in the category's field with no entry of it
