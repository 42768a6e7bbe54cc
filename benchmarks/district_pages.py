"""What the district benchmarks share: a busy district's activity beside its scores, its coordinator, and a
page requested whole through Django's test client (``dashboards.py`` and ``migrate.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

from comparison import YEAR  # also sets Django up
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from publishing.models import AssessmentProgress, ItemKind, ItemSnapshot, PublishedItem
from quickcheck.models import GridVersion
from roadmap.models import Commitment, JointProject, JointProjectTown
from tenants.models import District, Town

MEASURES = [  # (title, status, start, end, progress): the last one is late
    ("Online-Terminbuchung", "done", "2029-Q1", "2029-Q4", 100),
    ("E-Akte einführen", "in_progress", "2030-Q1", "2031-Q2", 40),
    ("Bürgerportal", "planned", "2030-Q3", "2031-Q4", 0),
    ("WLAN in Schulen", "idea", "", "", 0),
    ("Digitallotsen", "in_progress", "2028-Q1", "2029-Q1", 70),
]


def district_activity_write(*, district: District, towns: Sequence[Town]) -> None:
    """What a busy district shows on its pages beside the scores, written in bulk: every town's progress
    count and five published measures (one late); one joint project per five towns."""
    grid = GridVersion.objects.get(district=district, year=YEAR)
    AssessmentProgress.objects.bulk_create(
        AssessmentProgress(
            district=district, town=t, grid=grid, year=YEAR, applicable=48, answered=48, carried_over_unchecked=0
        )
        for t in towns
    )
    snapshots = ItemSnapshot.objects.bulk_create(
        ItemSnapshot(district=district, town=t, version=1, content_hash=str(t.pk)) for t in towns
    )
    PublishedItem.objects.bulk_create(
        (
            PublishedItem(
                snapshot=s,
                item_kind=ItemKind.MEASURE,
                item_id=n + 1,
                field_key=f"feld{n:02d}",
                title=title,
                stage="planned",
                item_hash=f"{s.pk}-{n}",
                status=status,
                priority="medium",
                start_quarter=start,
                end_quarter=end,
                progress=progress,
            )
            for s in snapshots
            for n, (title, status, start, end, progress) in enumerate(MEASURES)
        ),
        batch_size=5000,
    )
    for first in range(0, len(towns), 5):
        project = JointProject.objects.create(
            district=district, title=f"Gemeinsam {first}", field_key="feld01", status="planned", lead_town=towns[first]
        )
        JointProjectTown.objects.bulk_create(
            JointProjectTown(joint_project=project, town=t, commitment=Commitment.COMMITTED)
            for t in towns[first : first + 5]
        )


def coordinator_create(district: District) -> User:
    """A coordinator of ``district``, signed in by the test client (no password)."""
    coordinator = user_create(email=f"koordination-{district.key}@example.org", full_name="Koordination", password=None)
    membership_grant(user=coordinator, role=Role.DISTRICT_COORDINATOR, district=district)
    return coordinator


def page_time(runs: int, user: User, url: str) -> tuple[float, int]:
    client = Client(HTTP_HOST="localhost")  # a host the settings allow
    client.force_login(user)
    assert client.get(url).status_code == 200  # warm-up
    executed: list[str] = []

    def count(execute: Callable[..., object], sql: str, *args: object) -> object:
        executed.append(sql)
        return execute(sql, *args)

    # A wrapper, not the query log: the request closes its connection at the end.
    with connection.execute_wrapper(count):
        client.get(url)
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(durations), len(executed)
