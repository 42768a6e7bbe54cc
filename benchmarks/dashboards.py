"""Dashboard benchmark: the coordinator's Lagebild, the conference's and a town's page for 10, 30 and 100
towns, and the build of the conference's and a town's report (PDF, XLSX and CSV).

    ./kreisagenda bench dashboards [--sizes 10 30 100] [--runs 15] [--report-runs 3]

Targets (issue "Dashboards"): each dashboard under 150 ms at 30 towns on this machine, and a number
of queries that does not grow with the towns. Each page is requested whole (middleware, selectors,
figures, template) through Django's test client by a signed-in person; prints the median server
time and the queries per size, and the ratio to the smallest size. Every town has released and
published: scores, progress counts and five measures (one late); one joint project per five towns.
One town per district has a real schema (its own page reads it). Runs against a throwaway embedded
PostgreSQL (or DATABASE_URL). The reports are built as the worker builds them (reports.services.
report_build, in this process); target: the conference's report in under 10 s at 30 towns.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from comparison import published_district  # also sets Django up
from district_pages import MEASURES, coordinator_create, district_activity_write, page_time
from django.core.management import call_command
from django.db import connection
from kreisagenda.tenancy import town_schema

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from publishing.tasks import items_publish_task
from reports.models import ReportFile
from reports.services import report_build, report_request
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.rules import PlanContext, PlanInput
from tenants.models import District, Town
from tenants.services import town_create


def _district(size: int, key: str) -> tuple[District, Town, User, User]:
    district = published_district(size, key=key)
    district_activity_write(district=district, towns=list(Town.objects.filter(district=district)))
    # One town with a schema of its own: its page reads its answers, focus and measures there.
    own = town_create(district=district, name="Musterstadt", ags=f"{key}999", population=12_000)
    with town_schema(own):
        for title, status, start, end, progress in MEASURES:
            measure_create(
                town=own,
                data=MeasureInput(
                    plan=PlanInput(
                        title=title,
                        field_key="feld01",
                        status=status,
                        start_quarter=start,
                        end_quarter=end,
                        progress=progress,
                    )
                ),
                context=PlanContext(field_keys={f"feld{n:02d}" for n in range(12)}, goal_keys=set()),
                actor=None,
            )
    items_publish_task.run(town_id=own.pk)
    coordinator = coordinator_create(district)
    officer = user_create(email=f"digital-{key}@example.org", full_name="Digital", password=None)
    membership_grant(user=officer, role=Role.TOWN_DIGITAL_OFFICER, town=own)
    return district, own, coordinator, officer


def _report(runs: int, district: District, town: Town | None) -> tuple[float, int, int]:
    """Median seconds of a whole build, the queries it makes and the PDF's size in KB."""
    durations = []
    executed: list[str] = []
    pdf_size = 0
    for run in range(runs + 1):  # the first run warms up (WeasyPrint's import, fonts) and counts the queries
        report = report_request(district=district, town=town, user=None)
        start = time.perf_counter()
        if run == 0:

            def count(execute: Callable[..., object], sql: str, *args: object) -> object:
                executed.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                report_build(report=report)
        else:
            report_build(report=report)
            durations.append(time.perf_counter() - start)
        pdf_size = ReportFile.objects.get(report=report, file_format="pdf").size // 1024
    return statistics.median(durations), len(executed), pdf_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 100])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--report-runs", type=int, default=3)
    arguments = parser.parse_args()

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    rows = []
    reports = []
    for index, size in enumerate(arguments.sizes):
        district, own, coordinator, officer = _district(size, key=f"058{index + 10:02d}")
        lagebild = page_time(arguments.runs, coordinator, f"/kreise/{district.slug}/")
        conference = page_time(arguments.runs, coordinator, f"/kreise/{district.slug}/konferenz/")
        town = page_time(arguments.runs, officer, f"/kreise/{district.slug}/kommunen/{own.slug}/")
        rows.append((size, *lagebild, *conference, *town))
        reports.append(
            (size, *_report(arguments.report_runs, district, None), *_report(arguments.report_runs, district, own))
        )

    base = rows[0]
    print(f"\nÜbersichten als ganze Seiten (Median über {arguments.runs} Abrufe):")
    print(
        f"{'Kommunen':>9} {'Lagebild ms':>12} {'Abfragen':>9} {'Konferenz ms':>13} {'Abfragen':>9}"
        f" {'Kommune ms':>11} {'Abfragen':>9} {'× Lagebild ggü. ' + str(base[0]):>18}"
    )
    for size, l_ms, l_q, c_ms, c_q, t_ms, t_q in rows:
        print(f"{size:>9} {l_ms:>12.1f} {l_q:>9} {c_ms:>13.1f} {c_q:>9} {t_ms:>11.1f} {t_q:>9} {l_ms / base[1]:>18.1f}")
    constant = all(len({row[column] for row in rows}) == 1 for column in (2, 4, 6))
    print(f"Abfragen wachsen nicht mit der Zahl der Kommunen: {'ja' if constant else 'NEIN'}")
    thirty = next((row for row in rows if row[0] == 30), None)
    if thirty is not None:
        reached = thirty[1] < 150 and thirty[3] < 150 and thirty[5] < 150
        print(
            f"Bei 30 Kommunen: Lagebild {thirty[1]:.1f} ms, Konferenz {thirty[3]:.1f} ms, Kommune {thirty[5]:.1f} ms"
            f" (Ziel < 150 ms: {'erreicht' if reached else 'VERFEHLT'})"
        )

    base_report = reports[0]
    print(f"\nBerichte, ganz gebaut: Zahlen, PDF, XLSX, CSV (Median über {arguments.report_runs} Läufe):")
    print(
        f"{'Kommunen':>9} {'Konferenz s':>12} {'Abfragen':>9} {'PDF KB':>7} {'Kommune s':>10} {'Abfragen':>9}"
        f" {'PDF KB':>7} {'× Konferenz ggü. ' + str(base_report[0]):>19}"
    )
    for size, c_s, c_q, c_kb, t_s, t_q, t_kb in reports:
        print(
            f"{size:>9} {c_s:>12.2f} {c_q:>9} {c_kb:>7} {t_s:>10.2f} {t_q:>9} {t_kb:>7} {c_s / base_report[1]:>19.1f}"
        )
    thirty_report = next((row for row in reports if row[0] == 30), None)
    if thirty_report is not None:
        print(
            f"Bei 30 Kommunen: Bericht der Konferenz in {thirty_report[1]:.2f} s"
            f" (Ziel < 10 s: {'erreicht' if thirty_report[1] < 10 else 'VERFEHLT'})"
        )


if __name__ == "__main__":
    main()
