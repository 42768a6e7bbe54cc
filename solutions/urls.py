"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of a town's solution register."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import TOWN_API, TOWN_PAGE

from solutions import apis, views

urlpatterns = [
    path(f"{TOWN_PAGE}/loesungen/", views.register_page, name="register-page"),
    path(f"{TOWN_PAGE}/loesungen/<int:solution_id>/", views.solution_page, name="solution-page"),
    path(f"{TOWN_PAGE}/loesungen/import/", views.solutions_import_page, name="solutions-import"),
    path(f"{TOWN_PAGE}/loesungen/export.<str:file_format>", views.solutions_export_page, name="solutions-export"),
]

api_urlpatterns = [
    path(f"{TOWN_API}/solutions/", apis.SolutionListCreateApi.as_view(), name="solution-list"),
    path(f"{TOWN_API}/solutions/<int:solution_id>/", apis.SolutionDetailApi.as_view(), name="solution-detail"),
    path(f"{TOWN_API}/solutions/export/", apis.SolutionsExportApi.as_view(), name="solutions-export-api"),
    path(f"{TOWN_API}/solutions/import/", apis.SolutionsImportApi.as_view(), name="solutions-import-api"),
]
