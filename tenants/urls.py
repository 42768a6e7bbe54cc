"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of districts and towns."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_API, TOWN_PAGE

from tenants import apis, views

urlpatterns = [
    path(f"{DISTRICT_PAGE}/namen-in-vergleichen/", views.district_peer_names_page, name="district-peer-names"),
    path(f"{DISTRICT_PAGE}/kommunen/neu/", views.town_create_page, name="town-create"),  # before the town home
    path(f"{TOWN_PAGE}/status/", views.town_status, name="town-status"),
]

api_urlpatterns = [
    path("districts/", apis.DistrictListApi.as_view(), name="district-list"),
    path(f"{DISTRICT_API}/", apis.DistrictDetailApi.as_view(), name="district-detail"),
    path(f"{DISTRICT_API}/peer-names/", apis.DistrictPeerNamesApi.as_view(), name="district-peer-names-api"),
    path(f"{DISTRICT_API}/towns/", apis.TownListCreateApi.as_view(), name="town-list"),
    path(f"{TOWN_API}/", apis.TownDetailApi.as_view(), name="town-detail"),
]
