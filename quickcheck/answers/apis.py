"""API of a town's Quick Check. The town's members see drafts; the district's coordinators see
what the town released, never drafts. Only the town's digital officer writes.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from kreisagenda.api import (
    FILE_UPLOAD_REQUEST,
    FORMAT_PARAMETER,
    IMPORT_PROBLEMS_RESPONSE,
    acting_user,
    table_format_param,
    uploaded_file,
)
from kreisagenda.files import file_response
from kreisagenda.lookups import town_grid_enter
from kreisagenda.numbers import as_float
from kreisagenda.permissions import Action, can
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.selectors import AssessmentView, assessment_history, assessment_view
from quickcheck.answers.services import AnswerInput, answer_save, assessment_release, assessment_reopen
from quickcheck.scoring import METHOD_TEXT
from quickcheck.selectors import grid_question_get


def assessment_data(view: AssessmentView) -> dict[str, Any]:
    assessment = view.assessment
    return {
        "year": view.grid.year,
        "status": view.status,
        "answers_visible": view.answers_visible,
        "is_sample_data": bool(assessment and assessment.is_sample_data),
        "released_at": assessment.released_at if assessment and assessment.is_released else None,
        "reopened_at": assessment.reopened_at if assessment else None,
        "reopen_reason": assessment.reopen_reason if assessment else "",
        "completeness": {
            "answered": view.completeness.answered if view.answers_visible else None,
            "applicable": view.completeness.applicable,
            "percent": view.completeness.percent if view.answers_visible else None,
        },
        "scores": {
            "method": str(METHOD_TEXT),
            "overall_current": as_float(view.scores.overall_current),
            "overall_target": as_float(view.scores.overall_target),
        },
        "fields": [
            {
                "key": field_view.field.key,
                "name": field_view.field.name,
                "score_current": as_float(field_view.score.current),
                "score_target": as_float(field_view.score.target),
                "questions": [
                    {
                        "code": item.question.code,
                        "weight": item.question.weight,
                        "answer": None
                        if item.answer is None
                        else {
                            "current_level": item.answer.current_level,
                            "target_level": item.answer.target_level,
                            "not_applicable": item.answer.not_applicable,
                            "not_applicable_reason": item.answer.not_applicable_reason,
                            "comment": item.answer.comment,
                            "evidence_url": item.answer.evidence_url,
                            "is_complete": item.answer.is_complete,
                            "updated_at": item.answer.updated_at,
                        },
                    }
                    for item in field_view.questions
                ],
            }
            for field_view in view.fields
        ],
    }


class AnswerSerializer(serializers.Serializer):
    current_level = serializers.IntegerField(min_value=0, max_value=4, allow_null=True, required=False, default=None)
    target_level = serializers.IntegerField(min_value=0, max_value=4, allow_null=True, required=False, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    not_applicable_reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    evidence_url = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)


class AssessmentOutputSerializer(serializers.Serializer):
    """Documented shape; the answer is built by assessment_data()."""

    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["draft", "released"])
    answers_visible = serializers.BooleanField(help_text="false: die Kommune hat noch nicht freigegeben")
    is_sample_data = serializers.BooleanField()
    released_at = serializers.DateTimeField(allow_null=True)
    completeness = serializers.DictField()
    scores = serializers.DictField()
    fields = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]  # a declared field


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
        return Response(assessment_data(view))


class AnswerApi(APIView):
    @extend_schema(request=AnswerSerializer, responses=AnswerSerializer, summary="Antwort speichern (Entwurf)")
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
        return Response(
            {
                **AnswerSerializer(answer).data,
                "is_complete": answer.is_complete,
                "completeness": {
                    "answered": view.completeness.answered,
                    "applicable": view.completeness.applicable,
                    "percent": view.completeness.percent,
                },
            }
        )


class ReleaseApi(APIView):
    @extend_schema(request=None, responses=AssessmentOutputSerializer, summary="An den Kreis freigeben")
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        assessment_release(town=town, grid=grid, actor=acting_user(request))
        return Response(assessment_data(assessment_view(town=town, grid=grid, include_drafts=True)))


class ReopenApi(APIView):
    class ReopenInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500)

    @extend_schema(
        request=ReopenInputSerializer, responses={200: None}, summary="Freigabe zurücknehmen (Kreis-Koordination)"
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
        return Response({"status": assessment.status, "reopen_reason": assessment.reopen_reason})


class HistoryApi(APIView):
    class HistoryEntrySerializer(serializers.Serializer):
        occurred_at = serializers.DateTimeField()
        by = serializers.CharField(source="actor_label")
        action = serializers.CharField()
        summary = serializers.CharField()
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
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
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

    @extend_schema(
        request=FILE_UPLOAD_REQUEST,
        responses={200: None, 400: IMPORT_PROBLEMS_RESPONSE},
        summary="Antworten aus Datei übernehmen (Entwurf; alles oder nichts)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        upload = uploaded_file(request)
        changed = answers_import(
            town=town, grid=grid, data=upload.data, filename=upload.filename, actor=acting_user(request)
        )
        return Response({"changed": changed})
