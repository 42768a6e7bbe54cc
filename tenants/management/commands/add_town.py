from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands._common import district_option, text_options_check, validation_message
from tenants.models import TownKind
from tenants.services import town_create


class Command(BaseCommand):
    help = "Fügt einem Kreis eine Kommune hinzu und legt ihren Datenbereich (Schema) an."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", required=True, help="Kreisschlüssel oder Kurzname")
        parser.add_argument("--name", required=True)
        parser.add_argument("--ags", required=True, help="8 Ziffern, beginnend mit dem Kreisschlüssel")
        parser.add_argument("--population", required=True, type=int)
        parser.add_argument("--kind", choices=[choice.value for choice in TownKind], default=TownKind.TOWN)

    def handle(self, *args: Any, **options: Any) -> None:
        text_options_check(options, "name")
        with district_option(options["district"]) as district:
            try:
                town = town_create(
                    district=district,
                    name=options["name"],
                    ags=options["ags"],
                    population=options["population"],
                    kind=options["kind"],
                )
            except ValidationError as error:
                raise CommandError(validation_message(error)) from error
            self.stdout.write(f"{town.name} ({town.ags}) angelegt, Schema {town.schema_name}.")
