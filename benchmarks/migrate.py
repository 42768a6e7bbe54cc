"""Scale simulation and deploy benchmark: what a deploy and a district's pages cost as the towns grow,
measured in one run (issue 17, item 3).

    ./kreisagenda bench migrate [--towns 300 1000 3000] [--sample 40] [--runs 15] [--json FILE] [--svg FILE]
    ./kreisagenda bench migrate --plot-only .local/bench/scale-<date>.json [--svg docs/scale.svg]

For each size N (towns with their own schema in districts of 30, added to those of the smaller sizes
before; NRW keys 05900-05999, so at most 3,000 towns), every town's released Quick Check published
(snapshot rows written in bulk as a publish leaves them) and the stored size-class figures refreshed:
1. provisioning per town (``town_create``: row, schema, first history entry), first and last hundred;
2. the catalogue (pg_class rows) and the database's size;
3. a no-op ``migrate_schemas`` with the project's executor (only schemas that lack a migration are
   migrated: ``kreisagenda.tenancy.migration_executor``), per town; against the baseline, django-tenants'
   own executor running Django's migrate in every schema, measured on a sample of ``--sample`` schemas at
   the same size (its cost per schema grows with the catalogue, so the sample stands for all);
4. a migration that adds one column, missing in every town's schema (``solutions`` 0002 taken back:
   column dropped, record removed), per town: with the project's executor in one process (standard)
   and in two (multiprocessing), against Django's migrate in each schema (django-tenants' executor, on
   the ``--sample`` schemas);
5. one backend's memory after touching every schema (pg_backend_memory_contexts);
6. ``pg_dump`` of one town's schema;
7. the coordinator's Lagebild (``/kreise/<kreis>/``) and the comparison page (``/kreise/<kreis>/vergleich/
   <jahr>/``) of the first district (30 towns, each with progress, five published measures, joint
   projects), requested whole through Django's test client by its signed-in coordinator: median ms of
   ``--runs`` requests and the queries of one. The comparison's size classes span all N towns (D105).

Prints a table, writes every size's figures and the machine to ``--json`` (default
``.local/bench/scale-<date>.json``) and draws them as small multiples into ``--svg`` (default
``docs/scale.svg``); ``--plot-only FILE`` redraws the SVG from such a JSON file without a database.
Runs against a throwaway embedded PostgreSQL (or DATABASE_URL). The run to 3,000 towns took about 7 minutes
on two cores (2 December 2026, after D117; before, Django's migrate in every schema made it well over half an
hour): run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import scale_plot


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--towns", type=int, nargs="+", default=[300], help="sizes N, at most 3000")
    parser.add_argument("--sample", type=int, default=40, help="schemas for django-tenants' executor per size")
    parser.add_argument("--runs", type=int, default=15, help="requests per page and size (median)")
    parser.add_argument("--json", type=Path, help="where the figures go (default .local/bench/scale-<date>.json)")
    parser.add_argument("--svg", type=Path, default=Path("docs/scale.svg"), help="where the plot goes")
    parser.add_argument("--plot-only", type=Path, metavar="FILE", help="redraw --svg from FILE and stop")
    options = parser.parse_args()
    if max(options.towns) > DISTRICT_SIZE * 100:
        parser.error(f"at most {DISTRICT_SIZE * 100} towns (100 NRW district keys 05900-05999)")
    return options


DISTRICT_SIZE = 30
OPTIONS = _options()
if OPTIONS.plot_only is not None:  # before Django: the test settings would start a database
    scale_plot.svg_write(OPTIONS.plot_only, OPTIONS.svg)
    sys.exit(0)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.test")

import django

django.setup()

import django_tenants.management.commands.migrate_schemas as migrate_schemas_module
from comparison import YEAR, grid_with_fields, released_snapshots_write
from district_pages import coordinator_create, district_activity_write, page_time
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django_tenants.migration_executors import get_executor
from kreisagenda.tenancy import public_schema_activate, schemas_behind

from accounts.models import User
from benchmarking.services import size_class_figures_refresh
from publishing.models import AssessmentSnapshot
from quickcheck.models import GridVersion
from tenants import provisioning
from tenants.models import District, FederalState, Town
from tenants.services import district_create, town_create


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


ONE_COLUMN = ("solutions", "0002_solution_annual_cost")  # AddField of a nullable column: DDL only


def _take_back_one_column(schemas: Sequence[str]) -> None:
    """``ONE_COLUMN`` as if it were new in ``schemas``: the column dropped and its record removed."""
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(
                f'ALTER TABLE "{schema}".solutions_solution DROP COLUMN annual_cost; '
                f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
                list(ONE_COLUMN),
            )


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


def _quick_checks_release() -> None:
    """Every town without a released Quick Check of ``YEAR`` gets one (its district a grid first), and the
    stored size-class figures are refreshed over all of them, as a publish does (D105)."""
    waiting = (
        Town.objects.exclude(pk__in=AssessmentSnapshot.objects.filter(year=YEAR).values("town_id"))
        .select_related("district")
        .order_by("district_id", "pk")
    )
    for district, towns in itertools.groupby(waiting, key=attrgetter("district")):
        grid = GridVersion.objects.filter(district=district, year=YEAR).first() or grid_with_fields(district)
        released_snapshots_write(district=district, grid=grid, towns=list(towns), seed=district.pk)
    figures = size_class_figures_refresh(year=YEAR)
    spanned = sum(figures.figures.filter(field_key="").values_list("towns", flat=True))
    assert spanned == Town.objects.count(), f"size classes span {spanned} towns"


def _machine() -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "",
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split()[0]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "postgresql": f"PostgreSQL {server}",
        "date": datetime.now().astimezone().date().isoformat(),
    }


def main() -> None:
    options = OPTIONS
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per sign-in of the test client
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    provisioning.blueprint_get()
    rows: list[dict[str, Any]] = []
    made = 0
    district: District | None = None
    measured: District | None = None  # the first district: its Lagebild and comparison at every size
    coordinator: User | None = None
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
            town_create(
                district=district,
                name=f"Stadt {number}",
                ags=f"{district.key}{number:03d}",
                population=2_000 + 1_500 * (number - 1),  # from villages to middle towns: several size classes
            )
            durations.append((time.perf_counter() - start) * 1000)
            public_schema_activate()
            made += 1
        _quick_checks_release()
        if measured is None:
            measured = District.objects.order_by("pk").first()
            assert measured is not None
            district_activity_write(district=measured, towns=list(Town.objects.filter(district=measured)))
            coordinator = coordinator_create(measured)
        assert coordinator is not None
        schemas = list(Town.objects.order_by("pk").values_list("schema_name", flat=True))
        assert schemas_behind(schemas) == []
        ours = statistics.median(_ms(_migrate) for _ in range(3))
        sample = schemas[:: max(1, len(schemas) // options.sample)][: options.sample]
        baseline = _baseline_per_schema(sample)
        # One process before and after two, so neither profits from going first or second.
        _take_back_one_column(schemas)
        one_process_first = _ms(_migrate)
        _take_back_one_column(schemas)
        with override_settings(TENANT_MULTIPROCESSING_MAX_PROCESSES=2):
            two_processes = _ms(lambda: _migrate("multiprocessing"))
        connection.close()  # the processes committed; look again with a fresh connection
        _take_back_one_column(schemas)
        one_process_after = _ms(_migrate)
        one_process = (one_process_first + one_process_after) / 2
        assert schemas_behind(schemas) == []
        _take_back_one_column(sample)
        column_baseline = _baseline_per_schema(sample)
        assert schemas_behind(schemas) == []
        assert schemas_behind(schemas) == []
        dump_ms, dump_bytes = _pg_dump_ms(schemas[-1])
        backend_mb = _backend_memory_mb(schemas)
        lagebild_ms, lagebild_queries = page_time(options.runs, coordinator, f"/kreise/{measured.slug}/")
        comparison_ms, comparison_queries = page_time(
            options.runs, coordinator, f"/kreise/{measured.slug}/vergleich/{YEAR}/"
        )
        rows.append(
            {
                "towns": len(schemas),
                "districts": District.objects.count(),
                "prov_first": statistics.median(durations[:100]),
                "prov_last": statistics.median(durations[-100:]),
                "pg_class": _scalar("SELECT count(*) FROM pg_class"),
                "db_mb": _scalar("SELECT pg_database_size(current_database())") / 1024 / 1024,
                "noop_ms": ours,
                "noop_per_town": ours / len(schemas),
                "baseline_per_town": baseline,
                "column_per_town_1": one_process / len(schemas),
                "column_per_town_1_runs": [one_process_first / len(schemas), one_process_after / len(schemas)],
                "column_per_town_2": two_processes / len(schemas),
                "column_baseline_per_town": column_baseline,
                "backend_mb": backend_mb,
                "dump_ms": dump_ms,
                "dump_kb": dump_bytes / 1024,
                "lagebild_ms": lagebild_ms,
                "lagebild_queries": lagebild_queries,
                "comparison_ms": comparison_ms,
                "comparison_queries": comparison_queries,
            }
        )
        connection.close()  # the memory figure is one backend's; start the next size with a new one

    print(f"\nDeploy benchmark, districts of {DISTRICT_SIZE}, baseline sample {options.sample} schemas per size")
    print(
        f"{'towns':>6} {'prov ms first/last 100':>22} {'pg_class':>9} {'db MB':>7} {'no-op ms':>9} "
        f"{'ms/town':>8} {'baseline ms/town':>16} {'× faster':>8} {'one column ms/town: 1 / 2 proc, Django':>38} "
        f"{'backend MB':>10} {'pg_dump ms (KB)':>16}"
    )
    for row in rows:
        print(
            f"{row['towns']:>6} {row['prov_first']:>10.1f} / {row['prov_last']:<9.1f} {row['pg_class']:>9} "
            f"{row['db_mb']:>7.0f} {row['noop_ms']:>9.0f} {row['noop_per_town']:>8.2f} "
            f"{row['baseline_per_town']:>16.1f} {row['baseline_per_town'] / row['noop_per_town']:>8.0f} "
            f"{row['column_per_town_1']:>13.1f} / {row['column_per_town_2']:<6.1f} {row['column_baseline_per_town']:>14.1f} "
            f"{row['backend_mb']:>10.1f} "
            f"{row['dump_ms']:>8.0f} ({row['dump_kb']:.0f})"
        )
    print(f"\nPages of one district of {DISTRICT_SIZE} as its coordinator (median of {options.runs} requests)")
    print(f"{'towns':>6} {'Lagebild ms':>12} {'queries':>8} {'comparison ms':>14} {'queries':>8} {'× comparison':>13}")
    for row in rows:
        print(
            f"{row['towns']:>6} {row['lagebild_ms']:>12.1f} {row['lagebild_queries']:>8} "
            f"{row['comparison_ms']:>14.1f} {row['comparison_queries']:>8} "
            f"{row['comparison_ms'] / rows[0]['comparison_ms']:>13.1f}"
        )
    result = {"district_size": DISTRICT_SIZE, "sample": options.sample, "runs": options.runs, "machine": _machine()}
    result["sizes"] = rows
    json_path = options.json or Path(".local/bench") / f"scale-{datetime.now().astimezone():%Y%m%d-%H%M%S}.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nFigures: {json_path}")
    scale_plot.svg_write(json_path, options.svg)


if __name__ == "__main__":
    main()
