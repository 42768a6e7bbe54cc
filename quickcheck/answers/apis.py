"""API of a town's Quick Check. The town's members see drafts; the district's coordinators see
what the town released, never drafts. Only the town's digital officer writes.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from drf_spectacular.utils import extend_schema
from kreisagenda.api import (
    EXPORT_RESPONSES,
    FILE_UPLOAD_REQUEST,
    FORMAT_PARAMETER,
    IMPORT_PROBLEMS_RESPONSE,
    Extended,
    StoredDateTimeField,
    acting_user,
    table_format_param,
    uploaded_file,
)
from kreisagenda.files import file_response
from kreisagenda.parsers import MultiPartParser
from kreisagenda.permissions import Action, can
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.models import AssessmentStatus
from quickcheck.answers.selectors import AssessmentView, assessment_history, assessment_view
from quickcheck.answers.services import AnswerInput, answer_save, assessment_release, assessment_reopen
from quickcheck.lookups import town_grid_enter
from quickcheck.scoring import METHOD_TEXT, Scores
from quickcheck.selectors import grid_question_get


class AnswerSerializer(serializers.Serializer):
    current_level = serializers.IntegerField(min_value=0, max_value=4, allow_null=True, required=False, default=None)
    target_level = serializers.IntegerField(min_value=0, max_value=4, allow_null=True, required=False, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    not_applicable_reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    evidence_url = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)


class CompletenessSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    applicable = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="ganze Prozent, abgerundet")


class AnswerSavedSerializer(AnswerSerializer):
    is_complete = serializers.BooleanField()
    completeness = CompletenessSerializer(help_text="des ganzen Quick Checks nach dem Speichern")


# --- the whole Quick Check of a town ----------------------------------------------------------


class AssessmentAnswerSerializer(serializers.Serializer):
    current_level = serializers.IntegerField(allow_null=True)
    target_level = serializers.IntegerField(allow_null=True)
    not_applicable = serializers.BooleanField()
    not_applicable_reason = serializers.CharField()
    comment = serializers.CharField()
    evidence_url = serializers.CharField()
    is_complete = serializers.BooleanField()
    updated_at = StoredDateTimeField()


class AssessmentQuestionSerializer(serializers.Serializer):
    code = serializers.CharField(source="question.code")
    weight = serializers.IntegerField(source="question.weight")
    answer = AssessmentAnswerSerializer(allow_null=True, help_text="null: nicht beantwortet")


class AssessmentFieldSerializer(serializers.Serializer):
    key = serializers.CharField(source="field.key")
    name = serializers.CharField(source="field.name")
    score_current = serializers.FloatField(source="score.current", allow_null=True)
    score_target = serializers.FloatField(source="score.target", allow_null=True)
    questions = AssessmentQuestionSerializer(many=True)


# How far the town is; how much it answered only where its answers may be seen.
class AssessmentCompletenessSerializer(serializers.Serializer):
    answered = serializers.SerializerMethodField()
    applicable = serializers.IntegerField(source="completeness.applicable")
    percent = serializers.SerializerMethodField(help_text="ganze Prozent, abgerundet")

    def get_answered(self, view: AssessmentView) -> int | None:
        return view.completeness.answered if view.answers_visible else None

    def get_percent(self, view: AssessmentView) -> int | None:
        return view.completeness.percent if view.answers_visible else None


class AssessmentScoresSerializer(serializers.Serializer):
    method = serializers.SerializerMethodField(help_text="So wird gerechnet")
    overall_current = serializers.FloatField(allow_null=True)
    overall_target = serializers.FloatField(allow_null=True)

    def get_method(self, _scores: Scores) -> str:
        return str(METHOD_TEXT)


# Its moments are given as stored (UTC, "…Z"), as StoredDateTimeField gives them.
class AssessmentOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="grid.year")
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    answers_visible = serializers.BooleanField(help_text="false: die Kommune hat noch nicht freigegeben")
    is_sample_data = serializers.SerializerMethodField()
    released_at = serializers.SerializerMethodField(help_text="null: nicht freigegeben")
    reopened_at = serializers.SerializerMethodField()
    reopen_reason = serializers.SerializerMethodField()
    completeness = AssessmentCompletenessSerializer(
        source="*", help_text="answered und percent: null, solange die Antworten nicht sichtbar sind"
    )
    scores = AssessmentScoresSerializer()
    fields = AssessmentFieldSerializer(many=True)  # type: ignore[assignment]  # a declared field

    def get_is_sample_data(self, view: AssessmentView) -> bool:
        return bool(view.assessment and view.assessment.is_sample_data)

    def get_released_at(self, view: AssessmentView) -> datetime.datetime | None:
        return view.assessment.released_at if view.assessment and view.assessment.is_released else None

    def get_reopened_at(self, view: AssessmentView) -> datetime.datetime | None:
        return view.assessment.reopened_at if view.assessment else None

    def get_reopen_reason(self, view: AssessmentView) -> str:
        return view.assessment.reopen_reason if view.assessment else ""


class AssessmentApi(APIView):
    @extend_schema(
        responses=AssessmentOutputSerializer,
        summary="Quick Check einer Kommune: Antworten, Vollständigkeit, Werte (Kreis: nur freigegebene)",
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.VIEW_TOWN)
        view = assessment_view(
            town=town, grid=grid, include_drafts=can(acting_user(request), Action.VIEW_TOWN_DRAFTS, town)
        )
        return Response(AssessmentOutputSerializer(view).data)


class AnswerApi(APIView):
    @extend_schema(request=AnswerSerializer, responses=AnswerSavedSerializer, summary="Antwort speichern (Entwurf)")
    def put(self, request: Request, district_slug: str, town_slug: str, year: int, code: str) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        question = grid_question_get(grid=grid, code=code)
        if question is None:
            raise Http404
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answer = answer_save(
            town=town,
            grid=grid,
            question=question,
            data=AnswerInput(**payload.validated_data),
            actor=acting_user(request),
        )
        view = assessment_view(town=town, grid=grid, include_drafts=True)
        return Response(AnswerSavedSerializer(Extended(answer, completeness=view.completeness)).data)


class ReleaseApi(APIView):
    @extend_schema(request=None, responses=AssessmentOutputSerializer, summary="An den Kreis freigeben")
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        assessment_release(town=town, grid=grid, actor=acting_user(request))
        return Response(AssessmentOutputSerializer(assessment_view(town=town, grid=grid, include_drafts=True)).data)


class ReopenApi(APIView):
    class ReopenInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500)

    class ReopenOutputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=AssessmentStatus.choices)
        reopen_reason = serializers.CharField()

    @extend_schema(
        request=ReopenInputSerializer,
        responses=ReopenOutputSerializer,
        summary="Freigabe zurücknehmen (Kreis-Koordination)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.REOPEN_RELEASE)
        payload = self.ReopenInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assessment = assessment_reopen(
            town=town,
            grid=grid,
            reason=payload.validated_data["reason"],
            actor=acting_user(request),
        )
        return Response(self.ReopenOutputSerializer(assessment).data)


class HistoryApi(APIView):
    class HistoryEntrySerializer(serializers.Serializer):
        occurred_at = serializers.DateTimeField()
        by = serializers.CharField(source="actor_label")
        action = serializers.CharField()
        summary = serializers.CharField()
        # What the entry recorded, as recorded: each kind of change keeps its own details.
        changes = serializers.DictField()

    @extend_schema(
        responses=HistoryEntrySerializer(many=True), summary="Änderungsverlauf des Quick Checks (nur die Kommune)"
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.VIEW_TOWN_DRAFTS)
        return Response(self.HistoryEntrySerializer(assessment_history(year=year), many=True).data)


class AnswersExportApi(APIView):
    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses=EXPORT_RESPONSES,
        summary="Antworten als Datei",
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> HttpResponse:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.VIEW_TOWN)
        table_format = table_format_param(request)
        exported = answers_export(
            town=town,
            grid=grid,
            include_drafts=can(acting_user(request), Action.VIEW_TOWN_DRAFTS, town),
            table_format=table_format,
        )
        if exported is None:
            raise Http404  # nothing released yet: there is nothing for the district to export
        return file_response(*exported, table_format)


class AnswersImportApi(APIView):
    parser_classes = [MultiPartParser]

    class AnswersImportOutputSerializer(serializers.Serializer):
        changed = serializers.IntegerField(help_text="Zahl der geänderten Antworten")

    @extend_schema(
        request=FILE_UPLOAD_REQUEST,
        responses={200: AnswersImportOutputSerializer, 400: IMPORT_PROBLEMS_RESPONSE},
        summary="Antworten aus Datei übernehmen (Entwurf; alles oder nichts)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        upload = uploaded_file(request)
        changed = answers_import(
            town=town, grid=grid, data=upload.data, filename=upload.filename, actor=acting_user(request)
        )
        return Response(self.AnswersImportOutputSerializer({"changed": changed}).data)
