from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kreisagenda.demo import DEMO_ACCOUNTS, DEMO_DISTRICT_KEY, DEMO_PASSWORD, demo_seed
from tenants.models import Town


class Command(BaseCommand):
    help = "Legt den Demo-Kreis Höxter mit Kreisverwaltung, zehn Städten und Demo-Konten an (wiederholbar)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_seed()
        if result.district_created or result.towns_created or result.accounts_created:
            self.stdout.write(
                f"Angelegt: {len(result.towns_created)} Kommunen, {len(result.accounts_created)} Konten"
                + (", der Kreis" if result.district_created else "")
            )
        if result.vision_adopted:
            self.stdout.write("Angelegt: beschlossenes Leitbild")
        if result.grid_year:
            self.stdout.write(f"Angelegt: Quick-Check-Raster {result.grid_year} (Erhebung eröffnet)")
        if result.sample_answers_for:
            self.stdout.write(f"Angelegt: Beispieldaten im Quick Check für {len(result.sample_answers_for)} Kommunen")
        if result.sample_register_for:
            self.stdout.write(
                f"Angelegt: Beispieldaten im Lösungsregister für {len(result.sample_register_for)} Kommunen"
            )
        if not any(
            (
                result.district_created,
                result.towns_created,
                result.accounts_created,
                result.vision_adopted,
                result.grid_year,
                result.sample_answers_for,
                result.sample_register_for,
            )
        ):
            self.stdout.write("Demo-Daten sind vollständig vorhanden; nichts angelegt.")
        self.stdout.write(f"\nDemo-Konten (Passwort für alle: {DEMO_PASSWORD}):")
        towns = dict(
            Town.objects.filter(
                district__key=DEMO_DISTRICT_KEY, slug__in=[a.town_slug for a in DEMO_ACCOUNTS]
            ).values_list("slug", "name")
        )
        for account in DEMO_ACCOUNTS:
            where = f" – {towns.get(account.town_slug, account.town_slug)}" if account.town_slug else ""
            role = f"Partner: {account.organisation}" if account.organisation else account.role.label
            self.stdout.write(f"  {account.email:<38} {role}{where}")
