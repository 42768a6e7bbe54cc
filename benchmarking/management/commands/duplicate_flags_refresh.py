"""Recompute every district's duplicate flags from its published items (decisions on unchanged items stay).

Flags are recomputed whenever a town publishes or the district's thesaurus changes; run this after an
update that changed the method or the shipped thesaurus, so open flags show today's scores and reasons.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from benchmarking.services import duplicate_flags_refresh
from tenants.models import District


class Command(BaseCommand):
    help = "Hinweise auf Doppelstrukturen aller Kreise neu berechnen (Entscheidungen bleiben)."

    def handle(self, *args: Any, **options: Any) -> None:
        for district in District.objects.order_by("name"):
            flags = duplicate_flags_refresh(district=district)
            if options["verbosity"] > 0:
                self.stdout.write(f"{district.name}: {len(flags)} aktuelle Hinweise")
