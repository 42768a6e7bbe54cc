from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands._common import text_options_check, validation_message
from tenants.models import FederalState
from tenants.services import district_place


class Command(BaseCommand):
    help = "Legt einen Kreis an."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="z. B. „Kreis Höxter“")
        parser.add_argument("--key", required=True, help="Kreisschlüssel, 5 Ziffern, z. B. 05762")
        parser.add_argument(
            "--state",
            required=True,
            choices=[choice.value for choice in FederalState],
            help="Länderschlüssel, z. B. 05",
        )
        parser.add_argument("--hide-peer-names", action="store_true", help="Kommunen sehen andere nur ohne Namen")
        parser.add_argument(
            "--database",
            default="",
            help="Name der Datenbank (KREISAGENDA_DATABASES); sonst die mit den wenigsten Datenbereichen",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text_options_check(options, "name")
        try:
            placement = district_place(
                name=options["name"],
                key=options["key"],
                federal_state=options["state"],
                towns_see_peer_names=not options["hide_peer_names"],
                database=options["database"],
            )
        except ValidationError as error:
            raise CommandError(validation_message(error)) from error
        district = placement.district
        self.stdout.write(
            f"{district.name} ({district.key}) angelegt, Kurzname {district.slug}, Datenbank {placement.database}."
        )
