"""API of a town's solution register: the town's people and the district's coordinators read, the
town's digital officer writes."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from kreisagenda.api import (
    acting_user,
)
from kreisagenda.lookups import town_enter, town_entered_for, town_for
from kreisagenda.permissions import Action
from kreisagenda.town_files import TownFileExportApi, TownFileImportApi, town_file_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_vision.selectors import fields_of_action_current
from solutions.models import Solution, SolutionCategory, SolutionStatus
from solutions.selectors import solution_get, solution_list
from solutions.services import SolutionInput, solution_create, solution_delete, solution_update
from solutions.solution_io import solutions_export, solutions_import
from tenants.models import Town


class SolutionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    field_key = serializers.CharField(max_length=40)
    category = serializers.ChoiceField(choices=SolutionCategory.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    product = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    vendor = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=SolutionStatus.choices)
    contract_end = serializers.DateField(required=False, allow_null=True, default=None)
    annual_cost = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        coerce_to_string=False,
        help_text="Jährliche Kosten in Euro (0 bis 9999999.99); null: nicht bekannt",
    )
    is_sample_data = serializers.BooleanField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    updated_by = serializers.CharField(source="updated_by_label", read_only=True)


def _field_keys(town: Town) -> set[str]:
    return {f.key for f in fields_of_action_current(district=town.district)}


def _input(data: dict[str, Any]) -> SolutionInput:
    return SolutionInput(**data)


class SolutionListCreateApi(APIView):
    @extend_schema(responses=SolutionSerializer(many=True), summary="Lösungsregister der Kommune")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town_entered_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        return Response(SolutionSerializer(solution_list(), many=True).data)

    @extend_schema(request=SolutionSerializer, responses={201: SolutionSerializer}, summary="Eintrag anlegen")
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.EDIT_TOWN_DATA)
        keys = _field_keys(town)
        town_enter(town)
        payload = SolutionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        solution = solution_create(
            town=town,
            data=_input(payload.validated_data),
            valid_field_keys=keys,
            actor=acting_user(request),
        )
        return Response(SolutionSerializer(solution).data, status=status.HTTP_201_CREATED)


class SolutionDetailApi(APIView):
    def _solution(
        self, request: Request, district_slug: str, town_slug: str, solution_id: int, action: Action
    ) -> tuple[Town, Solution]:
        town = town_entered_for(acting_user(request), district_slug, town_slug, action)
        solution = solution_get(solution_id=solution_id)
        if solution is None:
            raise Http404
        return town, solution

    @extend_schema(responses=SolutionSerializer, summary="Ein Eintrag")
    def get(self, request: Request, district_slug: str, town_slug: str, solution_id: int) -> Response:
        _town, solution = self._solution(request, district_slug, town_slug, solution_id, Action.VIEW_TOWN)
        return Response(SolutionSerializer(solution).data)

    @extend_schema(request=SolutionSerializer, responses=SolutionSerializer, summary="Eintrag ändern")
    def put(self, request: Request, district_slug: str, town_slug: str, solution_id: int) -> Response:
        town, solution = self._solution(request, district_slug, town_slug, solution_id, Action.EDIT_TOWN_DATA)
        payload = SolutionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        solution = solution_update(
            town=town,
            solution=solution,
            data=_input(payload.validated_data),
            valid_field_keys=_field_keys(town),
            actor=acting_user(request),
        )
        return Response(SolutionSerializer(solution).data)

    @extend_schema(request=None, responses={204: None}, summary="Eintrag entfernen")
    def delete(self, request: Request, district_slug: str, town_slug: str, solution_id: int) -> Response:
        town, solution = self._solution(request, district_slug, town_slug, solution_id, Action.EDIT_TOWN_DATA)
        solution_delete(town=town, solution=solution, actor=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@town_file_schema(export_summary="Lösungsregister als Datei")
class SolutionsExportApi(TownFileExportApi):
    export = staticmethod(solutions_export)


@town_file_schema(
    import_summary="Lösungsregister einlesen (Nr. oder gleiche Bezeichnung: Aktualisierung; alles oder nichts)"
)
class SolutionsImportApi(TownFileImportApi):
    run = staticmethod(solutions_import)
