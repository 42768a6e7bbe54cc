"""The homes: the start page, the district's page (the Lagebild) and a town's page."""

from __future__ import annotations

from django.urls import URLPattern, path
from kreisagenda.routes import DISTRICT_PAGE, TOWN_PAGE

from dashboards import views

urlpatterns = [
    path("", views.start, name="start"),
    path(f"{DISTRICT_PAGE}/", views.district_home, name="district-home"),
    path(f"{DISTRICT_PAGE}/konferenz/", views.conference_home, name="conference-home"),
    path(f"{DISTRICT_PAGE}/konferenz/praesentation/", views.presentation, name="conference-presentation"),
    path(f"{TOWN_PAGE}/", views.town_home, name="town-home"),
]

api_urlpatterns: list[URLPattern] = []
