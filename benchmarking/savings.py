"""What a joint procurement of a duplicate flag's entries might save: an estimate with a stated assumption (D76).

Read from the flag's evidence, which carries each register entry's published annual cost. The sum
counts only the entries that state a cost; the others are named, never counted as 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from publishing.models import ItemKind

# The assumed saving of one joint procurement against separate ones, as a share of the summed annual
# costs. A cautious round figure, not a measurement (D76 says why and where it stops holding).
SAVING_RATE = Decimal("0.10")
_CENT = Decimal("0.01")

_METHOD_TEXT = _(
    "Einsparschätzung: Summe der jährlichen Kosten, die die Kommunen für die Einträge eines Hinweises im "
    "Lösungsregister angegeben haben, und %(rate)s %% davon als mögliche Einsparung einer gemeinsamen "
    "Beschaffung. Die %(rate)s %% sind eine vorsichtige Annahme, kein Messwert: Sie gelten für Lizenz- und "
    "Betriebskosten, nicht für einmalige Kosten (Umstellung, Ausschreibung); Verträge, die zu verschiedenen "
    "Zeiten enden, müssen erst zusammengeführt werden. Einträge ohne Kostenangabe und Maßnahmen (sie haben "
    "keine jährlichen Kosten) werden genannt und nicht mitgezählt; die Schätzung ist dann eine Untergrenze."
)


def method_text() -> str:
    """The method as the flags page and the API state it, in the active language."""
    return str(_METHOD_TEXT) % {"rate": int(SAVING_RATE * 100)}


@dataclass(frozen=True)
class CostedEntry:
    town_name: str
    title: str
    annual_cost: Decimal


@dataclass(frozen=True)
class UncostedEntry:
    town_name: str
    title: str
    is_measure: bool  # a measure has no annual cost; a register entry has none stated


@dataclass(frozen=True)
class SavingsEstimate:
    costed: list[CostedEntry]
    uncosted: list[UncostedEntry]
    rate: Decimal
    total: Decimal | None  # None: no entry states a cost
    saving: Decimal | None

    @property
    def rate_percent(self) -> int:
        return int(self.rate * 100)


def savings_estimate(evidence: Mapping[str, Any], *, rate: Decimal = SAVING_RATE) -> SavingsEstimate:
    """The estimate for a flag's evidence (flags raised before costs were published: every entry uncosted)."""
    costed: list[CostedEntry] = []
    uncosted: list[UncostedEntry] = []
    for item in evidence.get("items", []):
        cost = item.get("annual_cost")
        if item.get("item_kind") == ItemKind.SOLUTION and cost is not None:
            costed.append(CostedEntry(town_name=item["town_name"], title=item["title"], annual_cost=Decimal(cost)))
        else:
            uncosted.append(
                UncostedEntry(
                    town_name=item["town_name"],
                    title=item["title"],
                    is_measure=item.get("item_kind") == ItemKind.MEASURE,
                )
            )
    total = sum((entry.annual_cost for entry in costed), Decimal(0)) if costed else None
    saving = (total * rate).quantize(_CENT, rounding=ROUND_HALF_UP) if total is not None else None
    return SavingsEstimate(costed=costed, uncosted=uncosted, rate=rate, total=total, saving=saving)
