from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands._common import district_option
from tenants.member_import import MemberImportError, members_import


class Command(BaseCommand):
    help = "Importiert die Mitglieder eines Kreises aus einer CSV-Datei (Spalten: ags,name,kind,population)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--district", required=True, help="Kreisschlüssel oder Kurzname")
        parser.add_argument("--skip-existing", action="store_true", help="vorhandene Kommunen überspringen")

    def handle(self, *args: Any, **options: Any) -> None:
        with district_option(options["district"]) as district:
            path: Path = options["csv_file"]
            try:
                with path.open(encoding="utf-8-sig", newline="") as stream:
                    result = members_import(
                        district=district,
                        lines=stream,
                        source=path.name,
                        if_exists="skip" if options["skip_existing"] else "error",
                    )
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from error
            except UnicodeDecodeError as error:
                raise CommandError(f"{path}: keine UTF-8-Datei ({error.reason})") from error
            except MemberImportError as error:
                raise CommandError(f"Nichts importiert.\n{error}") from error
            self.stdout.write(f"{len(result.created)} Kommunen angelegt, {len(result.skipped)} übersprungen.")
