"""A report's file as a download, for the page and the API alike."""

from __future__ import annotations

from django.http import HttpResponse

from reports.models import ReportFile, ReportFormat


def report_file_response(report_file: ReportFile) -> HttpResponse:
    response = HttpResponse(bytes(report_file.content), content_type=ReportFormat(report_file.file_format).content_type)
    response["Content-Disposition"] = f'attachment; filename="{report_file.filename}"'
    response["Cache-Control"] = "private, no-store"  # checked per person: no shared cache may keep it
    return response
