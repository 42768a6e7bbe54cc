"""Requesting and building reports. The build runs in the worker (reports.tasks) and tells the page
how far it is; its files are written in one transaction with the "ready" state, so a report is
either whole or not there."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from reports.content import ReportContent
from reports.models import Report, ReportFile, ReportFormat, ReportKind, ReportStatus
from reports.render import report_csv, report_pdf, report_xlsx
from reports.selectors import conference_report_content, town_report_content
from tenants.models import District, Town

# A build silent this long (not sent, no step reported) was lost: a worker killed, a broker that forgot it
# (D51). Only then may another build take the report over, and the reconciliation send it again.
STALE_AFTER = datetime.timedelta(minutes=10)
# How often a report is sent to the worker in all before the reconciliation gives up on it.
BUILDS_AT_MOST = 3


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
        active_at=timezone.now(),
    )


def _progress(report: Report, percent: int, step: str) -> None:
    """Committed at once (outside the build's final transaction), so the page sees it while the build runs."""
    report.progress, report.step = percent, step
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.BUILDING, progress=percent, step=step, active_at=timezone.now()
    )


def _build_claimed(report: Report) -> bool:
    """Take the report for this build, in one statement: a queued report, or one whose build fell silent.
    A build still running elsewhere keeps it, so two builds never overlap."""
    now = timezone.now()
    claimed = (
        Report.objects.filter(pk=report.pk)
        .filter(
            Q(status=ReportStatus.QUEUED)
            | Q(status=ReportStatus.BUILDING, active_at__lt=now - STALE_AFTER)
            | Q(status=ReportStatus.BUILDING, active_at__isnull=True)
        )
        .update(status=ReportStatus.BUILDING, active_at=now)
    )
    return claimed == 1


def _content(report: Report) -> ReportContent:
    if report.town is not None:
        return town_report_content(town=report.town)
    return conference_report_content(district=report.district, meeting_date=report.meeting_date)


def report_build(*, report: Report) -> Report:
    """Gather the published figures, write PDF, XLSX and CSV, keep them. A finished or failed report, and
    one that another build is working on, is left alone (and returned as it stands)."""
    if not _build_claimed(report):
        report.refresh_from_db()
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


def report_sent_again(*, report: Report) -> bool:
    """Count one more build sent for a lost one; whether it may be sent. After BUILDS_AT_MOST the report
    fails with a message instead, so a report that breaks the worker each time is not sent for ever."""
    if report.builds_sent >= BUILDS_AT_MOST:
        report_failed(
            report=report,
            problem=_("Der Bericht konnte nach %(count)d Versuchen nicht erstellt werden. Bitte erneut anfordern.")
            % {"count": report.builds_sent},
        )
        return False
    # Queued again: the lost build is abandoned, so the build sent now may claim the report (_build_claimed).
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.QUEUED, builds_sent=F("builds_sent") + 1, active_at=timezone.now()
    )
    return True


def report_failed(*, report: Report, problem: str) -> None:
    """The build gave up: the page says so (and the person may request the report again)."""
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, step="", problem=problem, finished_at=timezone.now()
    )
