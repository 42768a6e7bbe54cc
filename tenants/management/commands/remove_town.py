from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands._common import district_option, validation_message
from tenants.models import Town
from tenants.services import town_remove


class Command(BaseCommand):
    help = (
        "Entfernt eine Kommune mit ihrem Datenbereich – erst nach Bestätigung mit ihrem AGS und "
        "nachdem ein vollständiger Export geschrieben wurde."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", required=True, help="Kreisschlüssel oder Kurzname")
        parser.add_argument("--town", required=True, help="Kurzname der Kommune")
        parser.add_argument("--confirm", default="", help="der AGS der Kommune (sonst wird interaktiv gefragt)")
        parser.add_argument("--export-dir", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with district_option(options["district"]) as district:
            town = Town.objects.filter(district=district, slug=options["town"]).first()
            if town is None:
                raise CommandError(f"Kommune „{options['town']}“ gibt es in {district.name} nicht.")
            confirmation = options["confirm"]
            if not confirmation:
                if not options.get("interactive", True) or not self.stdin_is_tty():
                    raise CommandError(f"Zur Bestätigung --confirm {town.ags} angeben.")
                self.stdout.write(f"{town.name} wird mit allen Daten entfernt. Ein Export wird vorher geschrieben.")
                confirmation = input(f"Zur Bestätigung den AGS von {town.name} eingeben: ").strip()
            export_dir: Path = options["export_dir"] or settings.KREISAGENDA_EXPORT_DIR
            try:
                export_path = town_remove(town=town, confirmation=confirmation, export_directory=export_dir)
            except ValidationError as error:
                raise CommandError(validation_message(error)) from error
            self.stdout.write(f"{town.name} entfernt. Export: {export_path}")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin.isatty()
