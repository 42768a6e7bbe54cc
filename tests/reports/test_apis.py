"""The reports' API: request, follow, fetch; each only where the page would let the person."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from reports.models import Report, ReportFile, ReportStatus
from reports.services import report_build, report_request
from tests.conftest import World
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db

CONFERENCE = "/api/v1/districts/kreis-hoexter/reports/"
HOEXTER = "/api/v1/districts/kreis-hoexter/towns/hoexter/reports/"


def test_the_conference_requests_follows_and_fetches_its_report(
    world: World, api_as: Callable[[str], APIClient], django_capture_on_commit_callbacks: Callable
) -> None:
    client = api_as("conference")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client.post(CONFERENCE, {"meeting_date": "2026-12-15"}, format="json")
    assert answer.status_code == 202
    assert answer.json()["status"] == "queued"
    assert answer.json()["meeting_date"] == "2026-12-15"
    assert answer.json()["town"] is None
    assert len(callbacks) == 1  # sent to the worker after the commit
    report = Report.objects.get(pk=answer.json()["id"])
    assert [r["id"] for r in client.get(CONFERENCE).json()] == [report.pk]
    report_build(report=report)  # what the worker does (tests/reports/test_worker.py runs a real one)
    detail = client.get(f"{CONFERENCE}{report.pk}/").json()
    assert detail["status"] == "ready"
    assert detail["progress"] == 100
    files = {f["file_format"]: f for f in detail["files"]}
    assert set(files) == {"pdf", "xlsx", "csv"}
    pdf = client.get(files["pdf"]["url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert bytes(pdf.content) == bytes(ReportFile.objects.get(report=report, file_format="pdf").content)
    assert len(pdf.content) == files["pdf"]["size"]


def test_a_bad_meeting_date_is_named_and_nothing_is_requested(api_as: Callable[[str], APIClient]) -> None:
    with unchanged(Report.objects.all()):
        answer = api_as("conference").post(CONFERENCE, {"meeting_date": "15.13.2026"}, format="json")
    assert answer.status_code == 400
    assert "meeting_date" in answer.json()


@pytest.mark.parametrize(
    ("label", "url", "status"),
    [
        ("officer_hoexter", CONFERENCE, 403),
        ("viewer_hoexter", CONFERENCE, 403),
        ("coordinator_lippe", CONFERENCE, 403),
        ("officer_brakel", HOEXTER, 403),
        ("conference", HOEXTER, 403),
        ("officer_detmold", HOEXTER, 403),
        ("viewer_hoexter", HOEXTER, 202),  # the mayor may have the town's report made
        ("coordinator", HOEXTER, 202),
    ],
)
def test_who_may_request_a_report(
    api_as: Callable[[str], APIClient],
    label: str,
    url: str,
    status: int,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = api_as(label)
    if status == 403:
        with unchanged(Report.objects.all()), django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert client.post(url, {}, format="json").status_code == 403
            assert client.get(url).status_code == 403
        assert callbacks == []
    else:
        with django_capture_on_commit_callbacks(execute=False):
            assert client.post(url, {}, format="json").status_code == status
        assert Report.objects.filter(town__slug="hoexter").count() == 1


@pytest.mark.parametrize(
    ("label", "district", "status"),
    [
        ("officer_hoexter", "kreis-hoexter", 200),
        ("officer_brakel", "kreis-hoexter", 403),
        ("conference", "kreis-hoexter", 403),
        ("coordinator_lippe", "kreis-hoexter", 403),
        ("coordinator_lippe", "kreis-lippe", 404),
    ],
)
def test_a_towns_report_is_read_only_where_the_town_is_seen(
    world: World, api_as: Callable[[str], APIClient], label: str, district: str, status: int
) -> None:
    report = report_build(report=report_request(district=world.hoexter_district, town=world.town_hoexter, user=None))
    client = api_as(label)
    assert client.get(f"/api/v1/districts/{district}/reports/{report.pk}/").status_code == status
    for file_format in ("pdf", "xlsx", "csv"):
        assert client.get(f"/api/v1/districts/{district}/reports/{report.pk}/{file_format}/").status_code == status
    assert Report.objects.get(pk=report.pk).status == ReportStatus.READY
