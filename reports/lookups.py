"""The report a URL names, with the access of the page it comes from: the conference's page for the
conference's reports, the town's page for a town's."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from kreisagenda.lookups import district_for
from kreisagenda.permissions import Action, can

from accounts.models import User
from reports.models import Report, ReportFile, ReportFormat
from reports.selectors import report_file_get


def report_for(user: User | AnonymousUser, district_slug: str, report_id: int) -> Report:
    district = district_for(user, district_slug)
    report = Report.objects.select_related("district", "town__district").filter(district=district, pk=report_id).first()
    if report is None:
        raise Http404
    allowed = can(user, Action.VIEW_TOWN, report.town) if report.town else can(user, Action.VIEW_BENCHMARK, district)
    if not allowed:
        raise PermissionDenied
    return report


def report_file_for(user: User | AnonymousUser, district_slug: str, report_id: int, file_format: str) -> ReportFile:
    """A finished report's file in one of its formats, with the access of the report (404: no such file)."""
    report = report_for(user, district_slug, report_id)
    report_file = (
        report_file_get(report=report, file_format=ReportFormat(file_format))
        if file_format in ReportFormat.values
        else None
    )
    if report_file is None:
        raise Http404
    return report_file
