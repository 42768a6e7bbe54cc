from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.apis import MyMembershipsApi
from benchmarking import apis as benchmark_apis
from benchmarking import views as benchmark_views
from kreisagenda import views as home_views
from kreisagenda.admin import operator_admin_site
from quickcheck import apis as grid_apis
from quickcheck import views as quickcheck_views
from quickcheck.answers import apis as answer_apis
from quickcheck.answers import views as answer_views
from roadmap import apis as roadmap_apis
from roadmap import views as roadmap_views
from shared_vision import apis as vision_apis
from shared_vision import views as vision_views
from shared_vision.town_focus import apis as focus_apis
from shared_vision.town_focus import views as focus_views
from solutions import apis as solution_apis
from solutions import views as solution_views
from tenants import apis as tenant_apis
from tenants import views as tenant_views

DISTRICT = "districts/<slug:district_slug>"
TOWN = "districts/<slug:district_slug>/towns/<slug:town_slug>"
DISTRICT_PAGE = "kreise/<slug:district_slug>"
TOWN_PAGE = "kreise/<slug:district_slug>/kommunen/<slug:town_slug>"

api_v1 = [
    path("districts/", tenant_apis.DistrictListApi.as_view(), name="district-list"),
    path("districts/<slug:district_slug>/", tenant_apis.DistrictDetailApi.as_view(), name="district-detail"),
    path("districts/<slug:district_slug>/towns/", tenant_apis.TownListCreateApi.as_view(), name="town-list"),
    path(
        "districts/<slug:district_slug>/towns/<slug:town_slug>/",
        tenant_apis.TownDetailApi.as_view(),
        name="town-detail",
    ),
    path("districts/<slug:district_slug>/vision/", vision_apis.VisionListCreateApi.as_view(), name="vision-list"),
    path(
        "districts/<slug:district_slug>/vision/<int:number>/",
        vision_apis.VisionDetailApi.as_view(),
        name="vision-detail",
    ),
    path(
        "districts/<slug:district_slug>/vision/<int:number>/adopt/",
        vision_apis.VisionAdoptApi.as_view(),
        name="vision-adopt",
    ),
    path("districts/<slug:district_slug>/grids/", grid_apis.GridListCreateApi.as_view(), name="grid-list"),
    path("districts/<slug:district_slug>/grids/<int:year>/", grid_apis.GridDetailApi.as_view(), name="grid-detail"),
    path(
        "districts/<slug:district_slug>/grids/<int:year>/questions/",
        grid_apis.GridQuestionCreateApi.as_view(),
        name="grid-question-create",
    ),
    path(
        "districts/<slug:district_slug>/grids/<int:year>/questions/<str:code>/",
        grid_apis.GridQuestionDetailApi.as_view(),
        name="grid-question-detail",
    ),
    path("districts/<slug:district_slug>/grids/<int:year>/open/", grid_apis.GridOpenApi.as_view(), name="grid-open"),
    path(
        "districts/<slug:district_slug>/grids/<int:year>/export/", grid_apis.GridExportApi.as_view(), name="grid-export"
    ),
    path(
        "districts/<slug:district_slug>/grids/<int:year>/import/", grid_apis.GridImportApi.as_view(), name="grid-import"
    ),
    path(f"{TOWN}/quickcheck/<int:year>/", answer_apis.AssessmentApi.as_view(), name="assessment"),
    path(f"{TOWN}/quickcheck/<int:year>/answers/<str:code>/", answer_apis.AnswerApi.as_view(), name="answer"),
    path(f"{TOWN}/quickcheck/<int:year>/release/", answer_apis.ReleaseApi.as_view(), name="assessment-release"),
    path(f"{TOWN}/quickcheck/<int:year>/reopen/", answer_apis.ReopenApi.as_view(), name="assessment-reopen"),
    path(f"{TOWN}/quickcheck/<int:year>/history/", answer_apis.HistoryApi.as_view(), name="assessment-history"),
    path(f"{TOWN}/quickcheck/<int:year>/export/", answer_apis.AnswersExportApi.as_view(), name="assessment-export"),
    path(f"{TOWN}/quickcheck/<int:year>/import/", answer_apis.AnswersImportApi.as_view(), name="assessment-import"),
    path(f"{TOWN}/focus/", focus_apis.TownFocusApi.as_view(), name="focus"),
    path(f"{TOWN}/focus/priorities/<slug:field_key>/", focus_apis.FieldPriorityApi.as_view(), name="focus-priority"),
    path(f"{TOWN}/focus/goals/", focus_apis.LocalGoalCreateApi.as_view(), name="focus-goal-create"),
    path(f"{TOWN}/focus/goals/<int:goal_id>/", focus_apis.LocalGoalDetailApi.as_view(), name="focus-goal-detail"),
    path(f"{TOWN}/measures/", roadmap_apis.MeasureListCreateApi.as_view(), name="measure-list"),
    path(f"{TOWN}/measures/export/", roadmap_apis.MeasuresExportApi.as_view(), name="measures-export-api"),
    path(f"{TOWN}/measures/import/", roadmap_apis.MeasuresImportApi.as_view(), name="measures-import-api"),
    path(f"{TOWN}/measures/<int:measure_id>/", roadmap_apis.MeasureDetailApi.as_view(), name="measure-detail"),
    path(f"{TOWN}/roadmap/", roadmap_apis.TownRoadmapApi.as_view(), name="town-roadmap-api"),
    path(f"{TOWN}/review/<int:year>/", roadmap_apis.TownReviewApi.as_view(), name="town-review-api"),
    path(f"{DISTRICT}/roadmap/", roadmap_apis.DistrictRoadmapApi.as_view(), name="district-roadmap-api"),
    path(f"{DISTRICT}/lighthouses/", roadmap_apis.LighthousesApi.as_view(), name="lighthouses-api"),
    path(f"{DISTRICT}/review/<int:year>/", roadmap_apis.DistrictReviewApi.as_view(), name="district-review-api"),
    path(f"{DISTRICT}/joint-projects/", roadmap_apis.JointProjectListCreateApi.as_view(), name="joint-project-list"),
    path(
        f"{DISTRICT}/joint-projects/<int:joint_project_id>/",
        roadmap_apis.JointProjectDetailApi.as_view(),
        name="joint-project-detail",
    ),
    path(
        f"{DISTRICT}/joint-projects/<int:joint_project_id>/participants/",
        roadmap_apis.JointProjectParticipantsApi.as_view(),
        name="joint-project-participants",
    ),
    path(f"{TOWN}/solutions/", solution_apis.SolutionListCreateApi.as_view(), name="solution-list"),
    path(f"{TOWN}/solutions/<int:solution_id>/", solution_apis.SolutionDetailApi.as_view(), name="solution-detail"),
    path(f"{TOWN}/benchmark/<int:year>/", benchmark_apis.TownPositionApi.as_view(), name="town-position"),
    path(
        f"{TOWN}/benchmark/<int:year>/export/",
        benchmark_apis.TownPositionExportApi.as_view(),
        name="town-position-export",
    ),
    path(f"{DISTRICT}/benchmark/<int:year>/", benchmark_apis.ComparisonApi.as_view(), name="comparison"),
    path(
        f"{DISTRICT}/benchmark/<int:year>/export/",
        benchmark_apis.ComparisonExportApi.as_view(),
        name="comparison-export",
    ),
    path(f"{DISTRICT}/benchmark/<int:year>/synergies/", benchmark_apis.SynergiesApi.as_view(), name="synergies"),
    path(f"{DISTRICT}/duplicates/", benchmark_apis.FlagListApi.as_view(), name="flag-list"),
    path(f"{DISTRICT}/duplicates/<int:flag_id>/confirm/", benchmark_apis.FlagConfirmApi.as_view(), name="flag-confirm"),
    path(f"{DISTRICT}/duplicates/<int:flag_id>/dismiss/", benchmark_apis.FlagDismissApi.as_view(), name="flag-dismiss"),
    path("me/memberships/", MyMembershipsApi.as_view(), name="my-memberships"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", home_views.start, name="start"),
    path("anmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("kreise/<slug:district_slug>/", home_views.district_home, name="district-home"),
    path("kreise/<slug:district_slug>/kommunen/neu/", tenant_views.town_create_page, name="town-create"),
    path("kreise/<slug:district_slug>/kommunen/<slug:town_slug>/", home_views.town_home, name="town-home"),
    path(
        "kreise/<slug:district_slug>/kommunen/<slug:town_slug>/status/",
        tenant_views.town_status,
        name="town-status",
    ),
    path("kreise/<slug:district_slug>/leitbild/", vision_views.vision_home, name="vision-home"),
    path("kreise/<slug:district_slug>/leitbild/neu/", vision_views.vision_new, name="vision-new"),
    path("kreise/<slug:district_slug>/leitbild/<int:number>/", vision_views.vision_page, name="vision-page"),
    path("kreise/<slug:district_slug>/leitbild/<int:number>/bearbeiten/", vision_views.vision_edit, name="vision-edit"),
    path(
        "kreise/<slug:district_slug>/leitbild/<int:number>/beschluss/",
        vision_views.vision_adopt_page,
        name="vision-adopt",
    ),
    path("kreise/<slug:district_slug>/quick-check/", quickcheck_views.grid_list, name="grid-list"),
    path("kreise/<slug:district_slug>/quick-check/<int:year>/", quickcheck_views.grid_page, name="grid-page"),
    path(
        "kreise/<slug:district_slug>/quick-check/<int:year>/frage/",
        quickcheck_views.grid_question_page,
        name="grid-question-new",
    ),
    path(
        "kreise/<slug:district_slug>/quick-check/<int:year>/frage/<str:code>/",
        quickcheck_views.grid_question_page,
        name="grid-question-edit",
    ),
    path(
        "kreise/<slug:district_slug>/quick-check/<int:year>/eroeffnen/",
        quickcheck_views.grid_open_page,
        name="grid-open",
    ),
    path(
        "kreise/<slug:district_slug>/quick-check/<int:year>/import/",
        quickcheck_views.grid_import_page,
        name="grid-import",
    ),
    path(
        "kreise/<slug:district_slug>/quick-check/<int:year>/export.<str:file_format>",
        quickcheck_views.grid_export_page,
        name="grid-export",
    ),
    path(f"{TOWN_PAGE}/quick-check/<int:year>/", answer_views.assessment_page, name="assessment-page"),
    path(
        f"{TOWN_PAGE}/quick-check/<int:year>/freigeben/",
        answer_views.assessment_release_page,
        name="assessment-release",
    ),
    path(
        f"{TOWN_PAGE}/quick-check/<int:year>/wiedereroeffnen/",
        answer_views.assessment_reopen_page,
        name="assessment-reopen",
    ),
    path(
        f"{TOWN_PAGE}/quick-check/<int:year>/verlauf/", answer_views.assessment_history_page, name="assessment-history"
    ),
    path(f"{TOWN_PAGE}/quick-check/<int:year>/import/", answer_views.assessment_import_page, name="assessment-import"),
    path(
        f"{TOWN_PAGE}/quick-check/<int:year>/export.<str:file_format>",
        answer_views.assessment_export_page,
        name="assessment-export",
    ),
    path(f"{TOWN_PAGE}/schwerpunkte/", focus_views.focus_page, name="focus-page"),
    path(f"{TOWN_PAGE}/roadmap/", roadmap_views.town_roadmap_page, name="town-roadmap"),
    path(f"{TOWN_PAGE}/roadmap/neu/", roadmap_views.measure_page, name="measure-new"),
    path(f"{TOWN_PAGE}/roadmap/<int:measure_id>/", roadmap_views.measure_page, name="measure-page"),
    path(f"{TOWN_PAGE}/roadmap/import/", roadmap_views.measures_import_page, name="measures-import"),
    path(f"{TOWN_PAGE}/roadmap/export.<str:file_format>", roadmap_views.measures_export_page, name="measures-export"),
    path(f"{TOWN_PAGE}/fortschreibung/<int:year>/", roadmap_views.town_review_page, name="town-review"),
    path(f"{DISTRICT_PAGE}/roadmap/", roadmap_views.district_roadmap_page, name="district-roadmap"),
    path(f"{DISTRICT_PAGE}/projekte/", roadmap_views.joint_projects_page, name="joint-projects-page"),
    path(
        f"{DISTRICT_PAGE}/projekte/<int:joint_project_id>/", roadmap_views.joint_project_page, name="joint-project-page"
    ),
    path(f"{DISTRICT_PAGE}/leuchttuerme/", roadmap_views.lighthouses_page, name="lighthouses-page"),
    path(f"{DISTRICT_PAGE}/fortschreibung/<int:year>/", roadmap_views.district_review_page, name="district-review"),
    path(f"{TOWN_PAGE}/loesungen/", solution_views.register_page, name="register-page"),
    path(f"{TOWN_PAGE}/loesungen/<int:solution_id>/", solution_views.solution_page, name="solution-page"),
    path(f"{TOWN_PAGE}/vergleich/<int:year>/", benchmark_views.town_position_page, name="town-position"),
    path(
        f"{TOWN_PAGE}/vergleich/<int:year>/export.<str:file_format>",
        benchmark_views.town_position_export_page,
        name="town-position-export",
    ),
    path(f"{DISTRICT_PAGE}/vergleich/", benchmark_views.comparison_home, name="comparison-home"),
    path(f"{DISTRICT_PAGE}/vergleich/<int:year>/", benchmark_views.comparison_page, name="comparison-page"),
    path(
        f"{DISTRICT_PAGE}/vergleich/<int:year>/export.<str:file_format>",
        benchmark_views.comparison_export_page,
        name="comparison-export",
    ),
    path(f"{DISTRICT_PAGE}/vergleich/<int:year>/synergien/", benchmark_views.synergies_page, name="synergies-page"),
    path(f"{DISTRICT_PAGE}/doppelstrukturen/", benchmark_views.flags_page, name="flags-page"),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", operator_admin_site.urls),
]
