"""Report pages: the conference's and a town's, each report's progress and files."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_API, TOWN_PAGE

from reports import apis, views

urlpatterns = [
    path(f"{DISTRICT_PAGE}/konferenz/berichte/", views.conference_reports, name="conference-reports"),
    path(f"{TOWN_PAGE}/berichte/", views.town_reports, name="town-reports"),
    path(f"{DISTRICT_PAGE}/berichte/<int:report_id>/stand/", views.report_status, name="report-status"),
    path(f"{DISTRICT_PAGE}/berichte/<int:report_id>/<str:file_format>/", views.report_download, name="report-download"),
]

api_urlpatterns = [
    path(f"{DISTRICT_API}/reports/", apis.ConferenceReportListCreateApi.as_view(), name="conference-report-list"),
    path(f"{TOWN_API}/reports/", apis.TownReportListCreateApi.as_view(), name="town-report-list"),
    path(f"{DISTRICT_API}/reports/<int:report_id>/", apis.ReportDetailApi.as_view(), name="report-detail"),
    path(
        f"{DISTRICT_API}/reports/<int:report_id>/<str:file_format>/",
        apis.ReportFileApi.as_view(),
        name="report-file-api",
    ),
]
