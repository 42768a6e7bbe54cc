"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of the roadmap: a town's
measures (roadmap.measures has no routes of its own), joint projects, lighthouses and the yearly review."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_API, TOWN_PAGE

from roadmap import apis, views

urlpatterns = [
    path(f"{TOWN_PAGE}/roadmap/", views.town_roadmap_page, name="town-roadmap"),
    path(f"{TOWN_PAGE}/roadmap/neu/", views.measure_page, name="measure-new"),
    path(f"{TOWN_PAGE}/roadmap/<int:measure_id>/", views.measure_page, name="measure-page"),
    path(
        f"{TOWN_PAGE}/roadmap/<int:measure_id>/nachweise/",
        views.measure_evidence_upload_page,
        name="measure-evidence-upload",
    ),
    path(
        f"{TOWN_PAGE}/roadmap/<int:measure_id>/nachweise/<int:file_id>/",
        views.measure_evidence_file_page,
        name="measure-evidence-file",
    ),
    path(
        f"{TOWN_PAGE}/roadmap/<int:measure_id>/nachweise/<int:file_id>/loeschen/",
        views.measure_evidence_delete_page,
        name="measure-evidence-delete",
    ),
    path(f"{TOWN_PAGE}/roadmap/import/", views.measures_import_page, name="measures-import"),
    path(f"{TOWN_PAGE}/roadmap/export.<str:file_format>", views.measures_export_page, name="measures-export"),
    path(f"{TOWN_PAGE}/fortschreibung/<int:year>/", views.town_review_page, name="town-review"),
    path(f"{DISTRICT_PAGE}/roadmap/", views.district_roadmap_page, name="district-roadmap"),
    path(f"{DISTRICT_PAGE}/projekte/", views.joint_projects_page, name="joint-projects-page"),
    path(f"{DISTRICT_PAGE}/projekte/neu/", views.joint_project_new_page, name="joint-project-new"),
    path(f"{DISTRICT_PAGE}/projekte/<int:joint_project_id>/", views.joint_project_page, name="joint-project-page"),
    path(f"{DISTRICT_PAGE}/leuchttuerme/", views.lighthouses_page, name="lighthouses-page"),
    path(f"{DISTRICT_PAGE}/fortschreibung/<int:year>/", views.district_review_page, name="district-review"),
]

api_urlpatterns = [
    path(f"{TOWN_API}/measures/", apis.MeasureListCreateApi.as_view(), name="measure-list"),
    path(f"{TOWN_API}/measures/export/", apis.MeasuresExportApi.as_view(), name="measures-export-api"),
    path(f"{TOWN_API}/measures/import/", apis.MeasuresImportApi.as_view(), name="measures-import-api"),
    path(f"{TOWN_API}/measures/<int:measure_id>/", apis.MeasureDetailApi.as_view(), name="measure-detail"),
    path(f"{TOWN_API}/measures/<int:measure_id>/files/", apis.MeasureFilesApi.as_view(), name="measure-files"),
    path(
        f"{TOWN_API}/measures/<int:measure_id>/files/<int:file_id>/",
        apis.MeasureFileApi.as_view(),
        name="measure-file",
    ),
    path(f"{TOWN_API}/roadmap/", apis.TownRoadmapApi.as_view(), name="town-roadmap-api"),
    path(f"{TOWN_API}/review/<int:year>/", apis.TownReviewApi.as_view(), name="town-review-api"),
    path(f"{DISTRICT_API}/roadmap/", apis.DistrictRoadmapApi.as_view(), name="district-roadmap-api"),
    path(f"{DISTRICT_API}/lighthouses/", apis.LighthousesApi.as_view(), name="lighthouses-api"),
    path(f"{DISTRICT_API}/review/<int:year>/", apis.DistrictReviewApi.as_view(), name="district-review-api"),
    path(f"{DISTRICT_API}/joint-projects/", apis.JointProjectListCreateApi.as_view(), name="joint-project-list"),
    path(
        f"{DISTRICT_API}/joint-projects/<int:joint_project_id>/",
        apis.JointProjectDetailApi.as_view(),
        name="joint-project-detail",
    ),
    path(
        f"{DISTRICT_API}/joint-projects/<int:joint_project_id>/participants/",
        apis.JointProjectParticipantsApi.as_view(),
        name="joint-project-participants",
    ),
]
