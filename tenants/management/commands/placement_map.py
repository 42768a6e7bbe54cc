from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tenants.selectors import district_placements


class Command(BaseCommand):
    help = (
        "Gibt für jeden Kreis aller Datenbanken (D107) die Datenbank aus, als nginx-map: "
        "der Reverse-Proxy schickt /kreise/<kreis>/… an die Prozesse dieser Datenbank."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("# map $uri $kreisagenda_database { … } – erzeugt von manage.py placement_map")
        for slug, database in district_placements():
            self.stdout.write(f"~^/kreise/{slug}/ {database};")
