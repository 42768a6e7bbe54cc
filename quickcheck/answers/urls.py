"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of a town's Quick Check."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import TOWN_API, TOWN_PAGE

from quickcheck.answers import apis, views

ASSESSMENT_PAGE = f"{TOWN_PAGE}/quick-check/<int:year>"
ASSESSMENT_API = f"{TOWN_API}/quickcheck/<int:year>"
EVIDENCE_PAGE = f"{ASSESSMENT_PAGE}/nachweise/<str:code>"

urlpatterns = [
    path(f"{ASSESSMENT_PAGE}/", views.assessment_page, name="assessment-page"),
    path(f"{ASSESSMENT_PAGE}/freigeben/", views.assessment_release_page, name="assessment-release"),
    path(f"{ASSESSMENT_PAGE}/wiedereroeffnen/", views.assessment_reopen_page, name="assessment-reopen"),
    path(f"{ASSESSMENT_PAGE}/verlauf/", views.assessment_history_page, name="assessment-history"),
    path(f"{ASSESSMENT_PAGE}/import/", views.assessment_import_page, name="assessment-import"),
    path(f"{ASSESSMENT_PAGE}/export.<str:file_format>", views.assessment_export_page, name="assessment-export"),
    path(f"{EVIDENCE_PAGE}/", views.answer_evidence_upload_page, name="answer-evidence-upload"),
    path(f"{EVIDENCE_PAGE}/<int:file_id>/", views.answer_evidence_file_page, name="answer-evidence-file"),
    path(f"{EVIDENCE_PAGE}/<int:file_id>/loeschen/", views.answer_evidence_delete_page, name="answer-evidence-delete"),
]

api_urlpatterns = [
    path(f"{ASSESSMENT_API}/", apis.AssessmentApi.as_view(), name="assessment"),
    path(f"{ASSESSMENT_API}/answers/<str:code>/", apis.AnswerApi.as_view(), name="answer"),
    path(f"{ASSESSMENT_API}/release/", apis.ReleaseApi.as_view(), name="assessment-release"),
    path(f"{ASSESSMENT_API}/reopen/", apis.ReopenApi.as_view(), name="assessment-reopen"),
    path(f"{ASSESSMENT_API}/history/", apis.HistoryApi.as_view(), name="assessment-history"),
    path(f"{ASSESSMENT_API}/export/", apis.AnswersExportApi.as_view(), name="assessment-export"),
    path(f"{ASSESSMENT_API}/import/", apis.AnswersImportApi.as_view(), name="assessment-import"),
    path(f"{ASSESSMENT_API}/answers/<str:code>/files/", apis.AnswerFilesApi.as_view(), name="answer-files"),
    path(f"{ASSESSMENT_API}/answers/<str:code>/files/<int:file_id>/", apis.AnswerFileApi.as_view(), name="answer-file"),
]
