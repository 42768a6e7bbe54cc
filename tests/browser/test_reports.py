"""The conference asks for its report and downloads one, in a real browser.

Inside the browser tests' transaction the worker never sees a request (nothing is committed), so a
new report stays "wartet"; the finished one was built before the server started (conftest)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from tests.browser.conftest import Sessions, Site

pytestmark = pytest.mark.browser


def test_the_conference_requests_a_report_and_downloads_the_finished_one(
    site: Site, sessions: Sessions, artifacts: Path
) -> None:
    page = sessions.tab("conference").page
    page.goto(f"{site.url}/kreise/kreis-hoexter/konferenz/", wait_until="load")
    page.get_by_role("link", name="Sitzungsvorlage (PDF, XLSX, CSV)").click()
    page.wait_for_url("**/konferenz/berichte/")
    waiting_before = page.locator("tr[data-status=queued]").count()
    page.get_by_label("Sitzung am (für das Titelblatt, freiwillig)").fill("2026-12-15")
    page.get_by_role("button", name="Bericht erstellen").click()
    page.wait_for_url("**/konferenz/berichte/")
    assert "Der Bericht wird erstellt" in page.locator("main").inner_text()
    waiting = page.locator("tr[data-status=queued]")
    assert waiting.count() == waiting_before + 1
    newest = page.locator("#report-list tbody tr").first
    assert newest.get_attribute("data-status") == "queued"
    assert newest.locator("progress").count() == 1
    assert "15.12.2026" in newest.inner_text()
    (artifacts / "conference").mkdir(exist_ok=True)
    page.screenshot(path=artifacts / "conference" / "report-requested.jpg", full_page=True, type="jpeg", quality=80)

    with page.expect_download() as download:
        page.locator("tr[data-status=ready] a", has_text="PDF").first.click()
    path = artifacts / "conference" / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("lagebild-kreis-hoexter-")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Kreis Höxter" in text
    assert "Sitzungsvorlage für die Bürgermeisterkonferenz" in text
    # The waiting report's page polls its progress: leave it, and let a poll under way finish while
    # this test may still use the database.
    page.goto("about:blank")
    page.wait_for_timeout(1500)
