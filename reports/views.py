"""Report pages: request a report, follow its build, download its files (PDF, XLSX, CSV)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from kreisagenda.lookups import district_for, signed_in_user, town_for
from kreisagenda.permissions import Action

from reports.downloads import report_file_response
from reports.lookups import report_file_for, report_for
from reports.models import Report, ReportFormat, ReportStatus
from reports.selectors import reports_of
from reports.services import report_request
from reports.tasks import report_build_later
from tenants.models import District, Town


class ConferenceReportForm(forms.Form):
    meeting_date = forms.DateField(
        label=gettext_lazy("Sitzung am (für das Titelblatt, freiwillig)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _status_url(report: Report) -> str:
    return reverse("report-status", args=[report.district.slug, report.pk])


def _page(request: HttpRequest, *, district: District, town: Town | None) -> HttpResponse:
    form = ConferenceReportForm(request.POST or None) if town is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        report = report_request(
            district=district,
            town=town,
            user=signed_in_user(request),
            meeting_date=form.cleaned_data["meeting_date"] if form else None,
            language=get_language() or "de",
        )
        report_build_later(report)
        messages.success(request, _("Der Bericht wird erstellt. Diese Seite zeigt, wie weit er ist."))
        return redirect(request.path)
    reports = list(reports_of(district=district, town=town)[:20])
    context = {
        "district": district,
        "town": town,
        "form": form,
        "reports": [(report, _status_url(report)) for report in reports],
        "formats": list(ReportFormat),
        "building": any(r.status in (ReportStatus.QUEUED, ReportStatus.BUILDING) for r in reports),
    }
    return render(request, "reports/reports_page.html", context, status=400 if form and form.errors else 200)


@login_required
def conference_reports(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The conference's reports: its joint Lagebild as a council paper."""
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    return _page(request, district=district, town=None)


@login_required
def town_reports(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    """One town's reports, from what it has published."""
    town = town_for(request.user, district_slug, town_slug)
    return _page(request, district=town.district, town=town)


@login_required
@require_GET
def report_status(request: HttpRequest, district_slug: str, report_id: int) -> JsonResponse:
    """How far the build is, for the page's progress bar."""
    report = report_for(request.user, district_slug, report_id)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "step": report.step,
            "problem": report.problem,
        }
    )


@login_required
@require_GET
def report_download(request: HttpRequest, district_slug: str, report_id: int, file_format: str) -> HttpResponse:
    return report_file_response(report_file_for(request.user, district_slug, report_id, file_format))
