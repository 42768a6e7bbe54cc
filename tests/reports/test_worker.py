"""A report requested on the page is built by a real worker over a real broker (not eager mode).

Data must be committed for the worker to see it, so this runs outside the per-test transaction and
deletes the reports it made.
"""

from __future__ import annotations

import io
import time

import pypdf
import pytest
from django.test import Client

from accounts.models import User
from reports.models import Report, ReportStatus
from tests.conftest import World

pytestmark = pytest.mark.worker
CONFERENCE_PAGE = "/kreise/kreis-hoexter/konferenz/berichte/"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_requested_report_is_built_by_the_worker_and_downloaded(
    world: World, celery_worker: object, django_db_blocker: pytest.FixtureRequest
) -> None:
    """Through the page, a real broker and a real worker (committed data: cleaned up afterwards)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        client = Client()
        client.force_login(User.objects.get(email="konferenz@kreis-hoexter.example"))
        try:
            assert client.post(CONFERENCE_PAGE, {"meeting_date": "2026-12-15"}).status_code == 302
            report = Report.objects.get(district=world.hoexter_district)
            deadline = time.monotonic() + 90
            while Report.objects.get(pk=report.pk).status in (ReportStatus.QUEUED, ReportStatus.BUILDING):
                assert time.monotonic() < deadline, "the worker did not finish the report"
                time.sleep(0.2)
            state = client.get(f"/kreise/kreis-hoexter/berichte/{report.pk}/stand/").json()
            assert state["status"] == "ready", state
            response = client.get(f"/kreise/kreis-hoexter/berichte/{report.pk}/pdf/")
            assert response.status_code == 200
            text = _pdf_text(bytes(response.content))
            assert "Kreis Höxter" in text
            assert "15. Dezember 2026" in text  # the meeting date on the title page
        finally:
            Report.objects.filter(district=world.hoexter_district).delete()
