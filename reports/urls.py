"""Report pages: the conference's and a town's, each report's progress and files."""

from __future__ import annotations

from django.urls import URLPattern, path
from kreisagenda.routes import DISTRICT_PAGE, TOWN_PAGE

from reports import views

urlpatterns = [
    path(f"{DISTRICT_PAGE}/konferenz/berichte/", views.conference_reports, name="conference-reports"),
    path(f"{TOWN_PAGE}/berichte/", views.town_reports, name="town-reports"),
    path(f"{DISTRICT_PAGE}/berichte/<int:report_id>/stand/", views.report_status, name="report-status"),
    path(f"{DISTRICT_PAGE}/berichte/<int:report_id>/<str:file_format>/", views.report_download, name="report-download"),
]

api_urlpatterns: list[URLPattern] = []
