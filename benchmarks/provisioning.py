"""Provisioning benchmark: four ways to create a town's schema, measured in one run.

    ./kreisagenda bench [--towns 20]

1. migrate        django-tenants' default: CREATE SCHEMA + every migration (``Town.create_schema``)
2. clone          django-tenants' template clone (``TENANT_BASE_SCHEMA`` + ``clone_schema`` + fake migrate)
3. kreisagenda    the project's path (tenants.provisioning.schema_create: blueprint DDL replay), and
                  the whole ``town_create`` service (row, schema, first history entry) for reference
4. raw DDL        the template's ``pg_dump --schema-only`` output, schema name substituted, replayed in
                  one transaction on a plain connection: the floor

Runs against a throwaway embedded PostgreSQL (or DATABASE_URL), prints ms per town and ratios to the
floor, and the time of a no-op ``migrate_schemas`` over all towns per town.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.test")

import django

django.setup()

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from kreisagenda.tenancy import public_schema_activate

from tenants import provisioning
from tenants.models import District, FederalState, Town
from tenants.services import district_create, town_create


def _town_row(district: District, number: int, prefix: str) -> Town:
    ags = f"{district.key}{number:03d}"
    return Town.objects.create(
        district=district,
        name=f"{prefix} {number}",
        slug=f"{prefix}-{number}",
        ags=ags,
        population=1000,
        schema_name=f"town_{ags}",
    )


def _timed(count: int, make: Callable[[int], None]) -> list[float]:
    durations = []
    for number in range(count):
        start = time.perf_counter()
        make(number)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--towns", type=int, default=20)
    towns = parser.parse_args().towns

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    blueprint = provisioning.blueprint_get()
    template = settings.KREISAGENDA_TEMPLATE_SCHEMA
    districts = [
        district_create(name=f"Benchkreis {i}", key=f"0590{i}", federal_state=FederalState.NORDRHEIN_WESTFALEN)
        for i in range(5)
    ]
    migrate_district, clone_district, ours_district, service_district, raw_district = districts

    def migrate_path(number: int) -> None:
        _town_row(migrate_district, number, "migrate").create_schema(check_if_exists=False, verbosity=0)

    def clone_path(number: int) -> None:
        with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=True, TENANT_BASE_SCHEMA=template):
            _town_row(clone_district, number, "clone").create_schema(check_if_exists=False, verbosity=0)

    def our_schema_path(number: int) -> None:
        with transaction.atomic():
            provisioning.schema_create(f"town_{ours_district.key}{number:03d}")

    def our_service_path(number: int) -> None:
        town_create(
            district=service_district,
            name=f"Stadt {number}",
            ags=f"{service_district.key}{number:03d}",
            population=1000,
        )

    dump = subprocess.run(
        [provisioning.pg_dump_path(), "--schema-only", "--no-owner", "--no-privileges", f"--schema={template}"],
        env={**provisioning._libpq_environment(), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    raw_dump = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
    db = connection.settings_dict
    raw_connection = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )

    def raw_path(number: int) -> None:
        schema = f"town_{raw_district.key}{number:03d}"
        with raw_connection.transaction():
            raw_connection.execute(
                raw_dump.replace(f"{template}.", f"{schema}.").replace(f"SCHEMA {template};", f"SCHEMA {schema};")
            )

    # Warm-up of each path once (imports, caches), not counted.
    results: dict[str, list[float]] = {}
    for name, path in [
        ("migrate (django-tenants)", migrate_path),
        ("clone (django-tenants)", clone_path),
        ("kreisagenda: schema_create", our_schema_path),
        ("kreisagenda: town_create (whole)", our_service_path),
        ("raw DDL replay (floor)", raw_path),
    ]:
        path(towns)  # warm-up town, number beyond the measured range
        results[name] = _timed(towns, path)
        public_schema_activate()

    floor = statistics.median(results["raw DDL replay (floor)"])
    print(
        f"\nProvisioning {towns} towns per way; template: {len(blueprint.migrations)} recorded migrations, "
        f"{blueprint.ddl.count('CREATE TABLE')} tables"
    )
    print(f"{'way':36} {'median ms':>10} {'mean ms':>9} {'× floor':>8}")
    for name, durations in results.items():
        median = statistics.median(durations)
        print(f"{name:36} {median:10.1f} {statistics.mean(durations):9.1f} {median / floor:8.2f}")

    # Register the blueprint-made schemas as towns too. (The raw replays are no Django schemas:
    # they lack the recorded migrations, which is exactly what the project's path adds.)
    for number in range(towns + 1):
        _town_row(ours_district, number, "ours")
    total = Town.objects.count()
    start = time.perf_counter()
    call_command("migrate_schemas", tenant=True, executor="standard", interactive=False, verbosity=0)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"\nno-op migrate_schemas over {total} towns: {elapsed:.0f} ms in all, {elapsed / total:.1f} ms per town")
    raw_connection.close()


if __name__ == "__main__":
    main()
