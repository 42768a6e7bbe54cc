"""Deploy benchmark: what a deploy costs per town as the towns grow, measured in one run.

    ./kreisagenda bench migrate [--towns 300 1000] [--sample 40]

For each size N (towns in districts of 30, added to those of the smaller sizes before):
1. provisioning per town (``town_create``: row, schema, first history entry), first and last hundred;
2. the catalogue (pg_class rows) and the database's size;
3. a no-op ``migrate_schemas`` with the project's executor (only schemas that lack a migration are
   migrated: ``kreisagenda.tenancy.migration_executor``), per town; against the baseline, django-tenants'
   own executor running Django's migrate in every schema, measured on a sample of ``--sample`` schemas at
   the same size (its cost per schema grows with the catalogue, so the sample stands for all);
4. a migration that 10 % of the schemas lack: one process (standard) and two (multiprocessing);
5. one backend's memory after touching every schema (pg_backend_memory_contexts);
6. ``pg_dump`` of one town's schema.

Runs against a throwaway embedded PostgreSQL (or DATABASE_URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.test")

import django

django.setup()

import django_tenants.management.commands.migrate_schemas as migrate_schemas_module
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django_tenants.migration_executors import get_executor
from kreisagenda.tenancy import migrations_expected, public_schema_activate, schemas_behind

from tenants import provisioning
from tenants.models import District, FederalState, Town
from tenants.services import district_create, town_create

DISTRICT_SIZE = 30


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _migrate(executor: str = "standard") -> None:
    call_command("migrate_schemas", executor=executor, interactive=False, verbosity=0)


def _baseline_per_schema(sample: Sequence[str]) -> float:
    """django-tenants' own executor (Django's migrate in each schema) over ``sample``: ms per schema."""
    plain = get_executor("standard")
    wanted = set(sample)

    class SampleOnly(plain):  # type: ignore[valid-type,misc]
        def run_migrations(self, tenants: Sequence[str] | None = None) -> None:
            super().run_migrations(tenants=[name for name in tenants or [] if name in wanted])

    ours = migrate_schemas_module.GET_EXECUTOR_FUNCTION
    migrate_schemas_module.GET_EXECUTOR_FUNCTION = lambda codename=None: SampleOnly
    try:
        elapsed = _ms(lambda: call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0))
    finally:
        migrate_schemas_module.GET_EXECUTOR_FUNCTION = ours
    return elapsed / len(sample)


def _latest_shared_migration() -> tuple[str, str]:
    """A shared app's migration: in a town's schema it is only recorded, so it can be applied again."""
    return max(m for m in migrations_expected() if m[0] == "reports")


def _forget(schemas: Sequence[str], migration: tuple[str, str]) -> None:
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', list(migration))


def _scalar(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])


def _backend_memory_mb(schemas: Sequence[str]) -> float:
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'SELECT count(*) FROM "{schema}".audit_auditentry')
        cursor.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
        return int(cursor.fetchone()[0]) / 1024 / 1024


def _pg_dump_ms(schema: str) -> tuple[float, int]:
    start = time.perf_counter()
    dump = subprocess.run(
        [provisioning.pg_dump_path(), "--no-owner", f"--schema={schema}"],
        env={**provisioning._libpq_environment(), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
    ).stdout
    return (time.perf_counter() - start) * 1000, len(dump)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--towns", type=int, nargs="+", default=[300])
    parser.add_argument("--sample", type=int, default=40)
    options = parser.parse_args()

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    provisioning.blueprint_get()
    rows = []
    made = 0
    district: District | None = None
    for size in sorted(options.towns):
        durations = []
        while made < size:
            if made % DISTRICT_SIZE == 0:
                district = district_create(
                    name=f"Skalenkreis {made // DISTRICT_SIZE}",
                    key=f"05{900 + made // DISTRICT_SIZE:03d}",  # NRW keys; room for 100 districts
                    federal_state=FederalState.NORDRHEIN_WESTFALEN,
                )
            assert district is not None
            number = made % DISTRICT_SIZE + 1
            start = time.perf_counter()
            town_create(district=district, name=f"Stadt {number}", ags=f"{district.key}{number:03d}", population=5000)
            durations.append((time.perf_counter() - start) * 1000)
            public_schema_activate()
            made += 1
        schemas = list(Town.objects.order_by("pk").values_list("schema_name", flat=True))
        assert schemas_behind(schemas) == []
        ours = statistics.median(_ms(_migrate) for _ in range(3))
        sample = schemas[:: max(1, len(schemas) // options.sample)][: options.sample]
        baseline = _baseline_per_schema(sample)
        migration = _latest_shared_migration()
        tenth = schemas[::10]
        _forget(tenth, migration)
        one_process = _ms(_migrate)
        _forget(tenth, migration)
        with override_settings(TENANT_MULTIPROCESSING_MAX_PROCESSES=2):
            two_processes = _ms(lambda: _migrate("multiprocessing"))
        assert schemas_behind(schemas) == []
        dump_ms, dump_bytes = _pg_dump_ms(schemas[-1])
        rows.append(
            {
                "towns": len(schemas),
                "prov_first": statistics.median(durations[:100]),
                "prov_last": statistics.median(durations[-100:]),
                "pg_class": _scalar("SELECT count(*) FROM pg_class"),
                "db_mb": _scalar("SELECT pg_database_size(current_database())") / 1024 / 1024,
                "noop_ms": ours,
                "noop_per_town": ours / len(schemas),
                "baseline_per_town": baseline,
                "behind": len(tenth),
                "one_process_ms": one_process,
                "two_processes_ms": two_processes,
                "backend_mb": _backend_memory_mb(schemas),
                "dump_ms": dump_ms,
                "dump_kb": dump_bytes / 1024,
            }
        )
        connection.close()  # the memory figure is one backend's; start the next size with a new one

    print(f"\nDeploy benchmark, districts of {DISTRICT_SIZE}, baseline sample {options.sample} schemas per size")
    print(
        f"{'towns':>6} {'prov ms first/last 100':>22} {'pg_class':>9} {'db MB':>7} {'no-op ms':>9} "
        f"{'ms/town':>8} {'baseline ms/town':>16} {'× faster':>8} {'10 % behind: 1 proc / 2 proc ms':>32} "
        f"{'backend MB':>10} {'pg_dump ms (KB)':>16}"
    )
    for row in rows:
        print(
            f"{row['towns']:>6} {row['prov_first']:>10.1f} / {row['prov_last']:<9.1f} {row['pg_class']:>9} "
            f"{row['db_mb']:>7.0f} {row['noop_ms']:>9.0f} {row['noop_per_town']:>8.2f} "
            f"{row['baseline_per_town']:>16.1f} {row['baseline_per_town'] / row['noop_per_town']:>8.0f} "
            f"{row['one_process_ms']:>15.0f} / {row['two_processes_ms']:<14.0f} {row['backend_mb']:>10.1f} "
            f"{row['dump_ms']:>8.0f} ({row['dump_kb']:.0f})"
        )


if __name__ == "__main__":
    main()
