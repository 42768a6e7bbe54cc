"""Invented register entries for the demo ("Beispieldaten"), with a few duplicated structures planted.

Planted on purpose, so the coordinator's flags queue has something to decide:
* three towns with a council information system (one in use, two about to buy one),
* two towns planning public Wi-Fi in their centres,
* one town running an e-file system, another about to introduce one.

Some entries state an annual cost, others none, so the flags show a savings estimate and name the
entries without a cost (D76).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from solutions.models import Solution, SolutionCategory, SolutionStatus

C = SolutionCategory
S = SolutionStatus

# town slug -> (field, category, title, product, vendor, status, contract end)
SAMPLE_REGISTER: dict[str, list[tuple[str, str, str, str, str, str, datetime.date | None]]] = {
    "hoexter": [
        (
            "verwaltung",
            C.COUNCIL_INFORMATION,
            "Ratsinformationssystem",
            "ALLRIS",
            "CC e-gov",
            S.IN_USE,
            datetime.date(2031, 12, 31),
        ),
        ("infrastruktur", C.SENSOR_NETWORK, "LoRaWAN-Netz im Stadtgebiet", "", "Stadtwerke Höxter", S.IN_USE, None),
    ],
    "brakel": [
        (
            "verwaltung",
            C.COUNCIL_INFORMATION,
            "Einführung eines Ratsinformationssystems",
            "ALLRIS 4",
            "",
            S.PLANNED,
            None,
        ),
        ("bildung", C.SCHOOL_DEVICES, "Tablets für die Grundschulen", "iPad", "", S.IN_USE, datetime.date(2028, 7, 31)),
    ],
    "bad-driburg": [
        (
            "verwaltung",
            C.COUNCIL_INFORMATION,
            "Neues Ratsinformationssystem für die Gremienarbeit",
            "",
            "",
            S.PROCUREMENT,
            None,
        ),
        ("kultur", C.WEBSITE, "Tourismus-Website mit Veranstaltungskalender", "TYPO3", "", S.IN_USE, None),
    ],
    "warburg": [
        ("infrastruktur", C.PUBLIC_WIFI, "Freies WLAN in der Innenstadt", "", "", S.PLANNED, None),
        ("verwaltung", C.PAYMENT, "E-Payment für Gebühren", "ePayBL", "", S.IN_USE, None),
    ],
    "steinheim": [
        ("infrastruktur", C.PUBLIC_WIFI, "Öffentliches WLAN am Marktplatz", "", "", S.PLANNED, None),
    ],
    "beverungen": [
        ("prozesse", C.E_FILE, "E-Akte in der Kernverwaltung", "d.velop documents", "d.velop", S.IN_USE, None),
    ],
    "nieheim": [
        ("prozesse", C.E_FILE, "Einführung der E-Akte", "d.velop", "", S.PLANNED, None),
        ("mobilitaet", C.OTHER, "Bürgerbus mit Online-Buchung", "", "", S.PLANNED, None),
    ],
    "borgentreich": [
        (
            "sicherheit",
            C.IT_SECURITY,
            "Schulung Informationssicherheit für alle Beschäftigten",
            "",
            "",
            S.PLANNED,
            None,
        ),
    ],
    "willebadessen": [
        ("organisation", C.VIDEO_CONFERENCE, "Videokonferenzen für Ratsmitglieder", "", "", S.IN_USE, None),
    ],
}


# (town slug, title) -> EUR a year; entries not listed state no cost.
SAMPLE_ANNUAL_COSTS: dict[tuple[str, str], Decimal] = {
    ("hoexter", "Ratsinformationssystem"): Decimal("7800.00"),
    ("bad-driburg", "Neues Ratsinformationssystem für die Gremienarbeit"): Decimal("5400.00"),
    ("beverungen", "E-Akte in der Kernverwaltung"): Decimal("18500.00"),
    ("warburg", "E-Payment für Gebühren"): Decimal("1250.50"),
}


@transaction.atomic
def sample_register_write(*, town_slug: str) -> int:
    """The town's sample entries (the town's schema must be active); returns how many were written."""
    rows = SAMPLE_REGISTER.get(town_slug, [])
    Solution.objects.bulk_create(
        Solution(
            field_key=field_key,
            category=category,
            title=title,
            product=product,
            vendor=vendor,
            status=status,
            contract_end=contract_end,
            annual_cost=SAMPLE_ANNUAL_COSTS.get((town_slug, title)),
            is_sample_data=True,
            updated_by_label="System",
        )
        for field_key, category, title, product, vendor, status, contract_end in rows
    )
    return len(rows)
