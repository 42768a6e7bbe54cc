"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of the Quick-Check grid."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE

from quickcheck import apis, views

GRID_PAGE = f"{DISTRICT_PAGE}/quick-check/<int:year>"
GRID_API = f"{DISTRICT_API}/grids/<int:year>"

urlpatterns = [
    path(f"{DISTRICT_PAGE}/quick-check/", views.grid_list, name="grid-list"),
    path(f"{GRID_PAGE}/", views.grid_page, name="grid-page"),
    path(f"{GRID_PAGE}/frage/", views.grid_question_page, name="grid-question-new"),
    path(f"{GRID_PAGE}/frage/<str:code>/", views.grid_question_page, name="grid-question-edit"),
    path(f"{GRID_PAGE}/eroeffnen/", views.grid_open_page, name="grid-open"),
    path(f"{GRID_PAGE}/frist/", views.grid_deadline_page, name="grid-deadline"),
    path(f"{GRID_PAGE}/abschliessen/", views.grid_close_page, name="grid-close"),
    path(f"{GRID_PAGE}/import/", views.grid_import_page, name="grid-import"),
    path(f"{GRID_PAGE}/export.<str:file_format>", views.grid_export_page, name="grid-export"),
]

api_urlpatterns = [
    path(f"{DISTRICT_API}/grids/", apis.GridListCreateApi.as_view(), name="grid-list"),
    path(f"{GRID_API}/", apis.GridDetailApi.as_view(), name="grid-detail"),
    path(f"{GRID_API}/questions/", apis.GridQuestionCreateApi.as_view(), name="grid-question-create"),
    path(f"{GRID_API}/questions/<str:code>/", apis.GridQuestionDetailApi.as_view(), name="grid-question-detail"),
    path(f"{GRID_API}/open/", apis.GridOpenApi.as_view(), name="grid-open"),
    path(f"{GRID_API}/export/", apis.GridExportApi.as_view(), name="grid-export"),
    path(f"{GRID_API}/import/", apis.GridImportApi.as_view(), name="grid-import"),
]
