"""Requesting and building reports. The build runs in the worker (reports.tasks) and tells the page
how far it is; its files are written in one transaction with the "ready" state, so a report is
either whole or not there."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from reports.content import ReportContent
from reports.models import Report, ReportFile, ReportFormat, ReportKind, ReportStatus
from reports.render import report_csv, report_pdf, report_xlsx
from reports.selectors import conference_report_content, town_report_content
from tenants.models import District, Town


def report_request(
    *,
    district: District,
    town: Town | None,
    user: User | None,
    meeting_date: datetime.date | None = None,
    language: str = "de",
) -> Report:
    """Record the request; the caller hands it to the worker (reports.tasks.report_build_later)."""
    return Report.objects.create(
        district=district,
        town=town,
        kind=ReportKind.TOWN if town else ReportKind.CONFERENCE,
        meeting_date=meeting_date if town is None else None,
        requested_by=user,
        language=language,
    )


def _progress(report: Report, percent: int, step: str) -> None:
    """Committed at once (outside the build's final transaction), so the page sees it while the build runs."""
    report.progress, report.step = percent, step
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.BUILDING, progress=percent, step=step)


def _content(report: Report) -> ReportContent:
    if report.town is not None:
        return town_report_content(town=report.town)
    return conference_report_content(district=report.district, meeting_date=report.meeting_date)


def report_build(*, report: Report) -> Report:
    """Gather the published figures, write PDF, XLSX and CSV, keep them. A finished report is left alone."""
    if report.status == ReportStatus.READY:
        return report
    with translation.override(report.language):
        _progress(report, 5, _("Zahlen werden gesammelt"))
        content = _content(report)
        _progress(report, 20, _("Seiten werden gesetzt"))
        pdf = report_pdf(content, on_step=lambda percent, step: _progress(report, percent, step))
        _progress(report, 85, _("Tabellen werden geschrieben"))
        files = {ReportFormat.PDF: pdf, ReportFormat.XLSX: report_xlsx(content), ReportFormat.CSV: report_csv(content)}
        with transaction.atomic():
            ReportFile.objects.filter(report=report).delete()  # a build that ran again after a lost worker
            ReportFile.objects.bulk_create(
                ReportFile(
                    report=report,
                    file_format=file_format,
                    filename=f"{content.filename_stem}.{file_format.value}",
                    content=data,
                    size=len(data),
                )
                for file_format, data in files.items()
            )
            report.year = content.year
            report.status, report.progress, report.step, report.problem = ReportStatus.READY, 100, "", ""
            report.finished_at = timezone.now()
            report.save(update_fields=["year", "status", "progress", "step", "problem", "finished_at"])
    return report


def report_failed(*, report: Report, problem: str) -> None:
    """The build gave up: the page says so (and the person may request the report again)."""
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, step="", problem=problem, finished_at=timezone.now()
    )
