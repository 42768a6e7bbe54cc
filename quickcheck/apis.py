"""API of the Quick-Check grid: read for everyone in the district, edit for its coordinators while a draft."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_field
from kreisagenda.api import (
    EXPORT_RESPONSES,
    FILE_UPLOAD_REQUEST,
    FORMAT_PARAMETER,
    IMPORT_PROBLEMS_RESPONSE,
    Extended,
    acting_user,
    table_format_param,
    uploaded_file,
)
from kreisagenda.files import file_response
from kreisagenda.lookups import district_for
from kreisagenda.parsers import MultiPartParser
from kreisagenda.permissions import Action
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict
from rest_framework.views import APIView

from quickcheck.content import GridRow
from quickcheck.grid_io import default_grid_rows, grid_export, grid_import
from quickcheck.lookups import grid_for
from quickcheck.models import Applicability, GridQuestion, GridVersion
from quickcheck.selectors import grid_fields_with_questions, grids_of
from quickcheck.services import grid_create, grid_open, grid_question_delete, grid_question_save


class GridSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    opened_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateField(
        allow_null=True, help_text="Frist der Erhebung, von der Kreis-Koordination gesetzt"
    )
    closed_at = serializers.DateTimeField(allow_null=True, help_text="wann die Erhebung abgeschlossen wurde")
    question_count = serializers.IntegerField(required=False)


class GridQuestionSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16)
    field_key = serializers.CharField(max_length=40)
    field_name = serializers.CharField(max_length=120)  # type: ignore[assignment]
    text = serializers.CharField(max_length=500)
    help_text = serializers.CharField(allow_blank=True, default="")  # type: ignore[assignment]
    weight = serializers.IntegerField(min_value=1, max_value=3)
    applicability = serializers.ChoiceField(choices=Applicability.choices)
    levels = serializers.ListField(child=serializers.CharField(max_length=300), min_length=5, max_length=5)
    replaces_code = serializers.CharField(allow_blank=True, default="", max_length=16)

    def to_row(self) -> GridRow:
        data = self.validated_data
        return GridRow(
            field_key=data["field_key"],
            field_name=data["field_name"],
            code=data["code"],
            text=data["text"],
            help_text=data["help_text"],
            weight=data["weight"],
            applicability=Applicability(data["applicability"]),
            levels=tuple(data["levels"]),
            replaces_code=data["replaces_code"],
        )


# A question as the API shows it; GridQuestionSerializer is what it takes (the same fields).
class GridQuestionOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    field_key = serializers.CharField(source="field.key")
    field_name = serializers.CharField(source="field.name")  # type: ignore[assignment]  # a declared field
    text = serializers.CharField()
    help_text = serializers.CharField()  # type: ignore[assignment]  # a declared field
    weight = serializers.IntegerField()
    applicability = serializers.ChoiceField(choices=Applicability.choices)
    levels = serializers.SerializerMethodField()
    replaces_code = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), min_length=5, max_length=5))
    def get_levels(self, question: GridQuestion) -> list[str]:
        return [text for _level, text in question.levels]

    def get_replaces_code(self, question: GridQuestion) -> str:
        return question.replaces.code if question.replaces else ""


class GridDetailSerializer(GridSummarySerializer):
    class GridFieldSerializer(serializers.Serializer):
        key = serializers.CharField()
        name = serializers.CharField()
        questions = GridQuestionOutputSerializer(many=True)

    fields = GridFieldSerializer(many=True)  # type: ignore[assignment]  # DRF collects it as a declared field


def grid_data(grid: GridVersion) -> ReturnDict[str, Any]:
    """The grid with its fields and their questions (prefetched, each question knowing its field)."""
    return GridDetailSerializer(Extended(grid, fields=grid_fields_with_questions(grid=grid))).data


class GridListCreateApi(APIView):
    class GridCreateInputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        start_from = serializers.ChoiceField(
            choices=[("previous", "Kopie des Vorjahrs"), ("default", "Standardraster")],
            default="previous",
            help_text="previous: Kopie des letzten Rasters, jede Frage mit ihrem Vorbild verknüpft; ohne "
            "Vorjahr die Handlungsfelder des Leitbilds ohne Fragen. default: das mitgelieferte Standardraster.",
        )

    @extend_schema(responses=GridSummarySerializer(many=True), summary="Quick-Check-Raster des Kreises")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug)
        return Response(GridSummarySerializer(grids_of(district=district), many=True).data)

    @extend_schema(request=GridCreateInputSerializer, responses={201: GridDetailSerializer}, summary="Raster anlegen")
    def post(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY)
        payload = self.GridCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = default_grid_rows() if payload.validated_data["start_from"] == "default" else None
        grid = grid_create(
            district=district, year=payload.validated_data["year"], actor=acting_user(request), rows=rows
        )
        return Response(grid_data(grid), status=status.HTTP_201_CREATED)


class GridDetailApi(APIView):
    @extend_schema(responses=GridDetailSerializer, summary="Ein Raster mit Handlungsfeldern und Fragen")
    def get(self, request: Request, district_slug: str, year: int) -> Response:
        grid = grid_for(district_for(acting_user(request), district_slug), year)
        return Response(grid_data(grid))


class GridQuestionCreateApi(APIView):
    @extend_schema(
        request=GridQuestionSerializer, responses={201: GridQuestionOutputSerializer}, summary="Frage ergänzen"
    )
    def post(self, request: Request, district_slug: str, year: int) -> Response:
        grid = grid_for(district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY), year)
        payload = GridQuestionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question = grid_question_save(grid=grid, row=payload.to_row())
        return Response(GridQuestionOutputSerializer(question).data, status=status.HTTP_201_CREATED)


class GridQuestionDetailApi(APIView):
    @extend_schema(
        request=GridQuestionSerializer, responses=GridQuestionOutputSerializer, summary="Frage ändern (Entwurf)"
    )
    def put(self, request: Request, district_slug: str, year: int, code: str) -> Response:
        grid = grid_for(district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY), year)
        payload = GridQuestionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question = grid_question_save(grid=grid, row=payload.to_row(), original_code=code)
        return Response(GridQuestionOutputSerializer(question).data)

    @extend_schema(responses={204: None}, summary="Frage entfernen (Entwurf)")
    def delete(self, request: Request, district_slug: str, year: int, code: str) -> Response:
        grid = grid_for(district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY), year)
        grid_question_delete(grid=grid, code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GridOpenApi(APIView):
    @extend_schema(request=None, responses=GridSummarySerializer, summary="Erhebung eröffnen (friert das Raster ein)")
    def post(self, request: Request, district_slug: str, year: int) -> Response:
        grid = grid_for(district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY), year)
        grid = grid_open(grid=grid, actor=acting_user(request))
        return Response(GridSummarySerializer(grid).data)


class GridExportApi(APIView):
    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses=EXPORT_RESPONSES,
        summary="Raster als Datei",
    )
    def get(self, request: Request, district_slug: str, year: int) -> HttpResponse:
        grid = grid_for(district_for(acting_user(request), district_slug), year)
        table_format = table_format_param(request)
        filename, content = grid_export(grid=grid, table_format=table_format)
        return file_response(filename, content, table_format)


class GridImportApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=FILE_UPLOAD_REQUEST,
        responses={200: GridDetailSerializer, 400: IMPORT_PROBLEMS_RESPONSE},
        summary="Raster-Entwurf aus Datei ersetzen (alles oder nichts)",
    )
    def post(self, request: Request, district_slug: str, year: int) -> Response:
        grid = grid_for(district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY), year)
        upload = uploaded_file(request)
        grid = grid_import(grid=grid, data=upload.data, filename=upload.filename)
        return Response(grid_data(grid))
