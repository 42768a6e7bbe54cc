"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of the comparison, synergies,
duplicated structures and a town's position."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_API, TOWN_PAGE

from benchmarking import apis, views

urlpatterns = [
    path(f"{TOWN_PAGE}/vergleich/<int:year>/", views.town_position_page, name="town-position"),
    path(
        f"{TOWN_PAGE}/vergleich/<int:year>/export.<str:file_format>",
        views.town_position_export_page,
        name="town-position-export",
    ),
    path(f"{DISTRICT_PAGE}/vergleich/", views.comparison_home, name="comparison-home"),
    path(f"{DISTRICT_PAGE}/vergleich/<int:year>/", views.comparison_page, name="comparison-page"),
    path(
        f"{DISTRICT_PAGE}/vergleich/<int:year>/export.<str:file_format>",
        views.comparison_export_page,
        name="comparison-export",
    ),
    path(f"{DISTRICT_PAGE}/vergleich/<int:year>/synergien/", views.synergies_page, name="synergies-page"),
    path(f"{DISTRICT_PAGE}/doppelstrukturen/", views.flags_page, name="flags-page"),
    path(f"{DISTRICT_PAGE}/doppelstrukturen/wortschatz/", views.thesaurus_page, name="thesaurus-page"),
    path(f"{DISTRICT_PAGE}/beschaffungskalender/", views.procurement_page, name="procurement-page"),
]

api_urlpatterns = [
    path(f"{TOWN_API}/benchmark/<int:year>/", apis.TownPositionApi.as_view(), name="town-position"),
    path(f"{TOWN_API}/similar/", apis.SimilarApi.as_view(), name="similar"),
    path(f"{TOWN_API}/benchmark/<int:year>/export/", apis.TownPositionExportApi.as_view(), name="town-position-export"),
    path(f"{DISTRICT_API}/benchmark/<int:year>/", apis.ComparisonApi.as_view(), name="comparison"),
    path(f"{DISTRICT_API}/benchmark/<int:year>/export/", apis.ComparisonExportApi.as_view(), name="comparison-export"),
    path(f"{DISTRICT_API}/benchmark/<int:year>/synergies/", apis.SynergiesApi.as_view(), name="synergies"),
    path(f"{DISTRICT_API}/duplicates/", apis.FlagListApi.as_view(), name="flag-list"),
    path(f"{DISTRICT_API}/duplicates/<int:flag_id>/confirm/", apis.FlagConfirmApi.as_view(), name="flag-confirm"),
    path(f"{DISTRICT_API}/duplicates/<int:flag_id>/dismiss/", apis.FlagDismissApi.as_view(), name="flag-dismiss"),
]
