"""API of the comparison, the synergies and the duplicated-structure flags, and of a town's position.

The data functions below build the same figures the pages show, from the same selectors.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from kreisagenda.api import FORMAT_PARAMETER, acting_user, table_format_param
from kreisagenda.files import file_response
from kreisagenda.lookups import district_for, town_position_for
from kreisagenda.numbers import as_float
from kreisagenda.permissions import Action
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from benchmarking.exports import comparison_export, position_export
from benchmarking.models import DuplicateFlag
from benchmarking.selectors import (
    Comparison,
    TownPosition,
    TownResult,
    comparison_get,
    flag_get,
    flags_decided,
    flags_open,
    size_class_comparison,
    synergies_get,
)
from benchmarking.services import duplicate_flag_confirm, duplicate_flag_dismiss
from benchmarking.similarity import METHOD_TEXT as DUPLICATES_METHOD_TEXT
from benchmarking.statistics import METHOD_TEXT, RULE_TEXT, GroupStatistics
from roadmap.models import JointProject
from tenants.models import Town


def statistics_data(stats: GroupStatistics | None) -> dict[str, Any] | None:
    if stats is None:
        return None
    return {
        "n": stats.n,
        "minimum": as_float(stats.minimum),
        "lower_quartile": as_float(stats.lower_quartile),
        "median": as_float(stats.median),
        "upper_quartile": as_float(stats.upper_quartile),
        "maximum": as_float(stats.maximum),
    }


def town_result_data(result: TownResult) -> dict[str, Any]:
    return {
        "town": result.slug,
        "name": result.name,
        "kind": result.kind,
        "version": result.version,
        "released_at": result.released_at,
        "is_sample_data": result.is_sample_data,
        "overall_current": as_float(result.overall_current),
        "overall_target": as_float(result.overall_target),
        "fields": {
            key: {"current": as_float(value.current), "target": as_float(value.target), "verdict": value.verdict}
            for key, value in result.fields.items()
        },
    }


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    by_size = size_class_comparison(year=comparison.year)
    return {
        "year": comparison.year,
        "rule": str(RULE_TEXT),
        "method": str(METHOD_TEXT),
        "fields": [
            {
                "key": f.key,
                "name": f.name,
                "current": statistics_data(f.statistics),
                "target": statistics_data(f.target_statistics),
            }
            for f in comparison.fields
        ],
        "overall": statistics_data(comparison.overall),
        "towns": [town_result_data(t) for t in comparison.towns],
        "district_administration": town_result_data(comparison.administration) if comparison.administration else None,
        "releases": [
            {
                "town": r.town.slug,
                "name": r.town.name,
                "status": r.status,
                "version": r.version,
                "released_at": r.released_at,
            }
            for r in comparison.releases
        ],
        "size_classes": None
        if by_size is None
        else {
            size.value: {
                "n": group.n,
                "districts": group.district_count,
                "overall": statistics_data(group.overall),
                "fields": {key: statistics_data(stats) for key, stats in group.fields.items()},
            }
            for size, group in by_size.items()
        },
    }


def position_data(position: TownPosition) -> dict[str, Any]:
    return {
        "town": position.town.slug,
        "year": position.comparison.year,
        "rule": str(RULE_TEXT),
        "released": position.own is not None,
        "names_visible": position.names_visible,
        "size_class": position.size_class.value,
        "overall_current": as_float(position.own.overall_current) if position.own else None,
        "fields": [
            {
                "key": row.field.key,
                "name": row.field.name,
                "current": as_float(row.own.current) if row.own else None,
                "target": as_float(row.own.target) if row.own else None,
                "verdict": row.own.verdict if row.own else None,
                "group": statistics_data(row.field.statistics),
                "size_class_group": statistics_data(row.size_class_statistics),
                "peers": [
                    {"name": peer.name, "current": as_float(peer.current), "is_self": peer.is_self}
                    for peer in row.peers
                ],
            }
            for row in position.fields
        ],
    }


def flag_data(flag: DuplicateFlag) -> dict[str, Any]:
    return {
        "id": flag.pk,
        "field_key": flag.field_key,
        "similarity": float(flag.similarity),
        "suggested_action": flag.suggested_action,
        "status": flag.status,
        "is_current": flag.is_current,
        "evidence": flag.evidence,
        "created_at": flag.created_at,
        "decided_at": flag.decided_at,
        "decided_by": flag.decided_by_label,
        "decision_reason": flag.decision_reason,
        "joint_project": None if flag.joint_project_id is None else {"id": flag.joint_project_id},
    }


class ComparisonApi(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT, summary="Vergleich der Kommunen eines Kreises (Koordination, Konferenz)"
    )
    def get(self, request: Request, district_slug: str, year: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        return Response(comparison_data(comparison_get(district=district, year=year)))


class ComparisonExportApi(APIView):
    @extend_schema(
        parameters=[FORMAT_PARAMETER], responses={(200, "*/*"): OpenApiTypes.BINARY}, summary="Vergleich als Datei"
    )
    def get(self, request: Request, district_slug: str, year: int) -> HttpResponse:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        table_format = table_format_param(request)
        content = comparison_export(comparison_get(district=district, year=year), table_format)
        return file_response(f"vergleich-{district.slug}-{year}.{table_format.value}", content, table_format)


class SynergiesApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Patenschaften und gemeinsame Lücken")
    def get(self, request: Request, district_slug: str, year: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        synergies = synergies_get(comparison=comparison_get(district=district, year=year))
        return Response(
            {
                "mentor_pairs": [
                    {
                        "field_key": p.field_key,
                        "mentor": p.mentor.slug,
                        "mentee": p.mentee.slug,
                        "gap": as_float(p.gap),
                        "mentor_solutions": p.mentor_solutions,
                    }
                    for p in synergies.mentor_pairs
                ],
                "shared_gaps": [
                    {
                        "field_key": g.field_key,
                        "towns": [t.slug for t in g.towns],
                        "question_code": g.question_code or None,
                        "target_level": g.target_level,
                    }
                    for g in synergies.shared_gaps
                ],
            }
        )


class FlagListApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Hinweise auf Doppelstrukturen (Koordination)")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.DECIDE_DUPLICATES)
        return Response(
            {
                "method": str(DUPLICATES_METHOD_TEXT),
                "open": [flag_data(f) for f in flags_open(district=district)],
                "decided": [flag_data(f) for f in flags_decided(district=district)],
            }
        )


def _flag(request: Request, district_slug: str, flag_id: int) -> DuplicateFlag:
    district = district_for(acting_user(request), district_slug, Action.DECIDE_DUPLICATES)
    flag = flag_get(district=district, flag_id=flag_id)
    if flag is None:
        raise Http404
    return flag


class FlagConfirmApi(APIView):
    class ConfirmInputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        lead_town = serializers.SlugField(required=False, allow_blank=True, default="")
        joint_project = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(
        request=ConfirmInputSerializer, responses=OpenApiTypes.OBJECT, summary="Bestätigen → gemeinsames Projekt"
    )
    def post(self, request: Request, district_slug: str, flag_id: int) -> Response:
        flag = _flag(request, district_slug, flag_id)
        payload = self.ConfirmInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        lead = (
            Town.objects.filter(district=flag.district, slug=data["lead_town"]).first() if data["lead_town"] else None
        )
        if data["lead_town"] and lead is None:
            raise serializers.ValidationError({"lead_town": ["Unbekannte Kommune."]})
        project = None
        if data["joint_project"] is not None:
            project = JointProject.objects.filter(district=flag.district, pk=data["joint_project"]).first()
            if project is None:
                raise serializers.ValidationError({"joint_project": ["Unbekanntes Projekt."]})
        project = duplicate_flag_confirm(
            flag=flag,
            actor=acting_user(request),
            joint_project=project,
            title=data["title"],
            lead_town=lead,
        )
        flag.refresh_from_db()
        return Response({**flag_data(flag), "joint_project": {"id": project.pk, "title": project.title}})


class FlagDismissApi(APIView):
    class DismissInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500)

    @extend_schema(request=DismissInputSerializer, responses=OpenApiTypes.OBJECT, summary="Verwerfen (mit Begründung)")
    def post(self, request: Request, district_slug: str, flag_id: int) -> Response:
        flag = _flag(request, district_slug, flag_id)
        payload = self.DismissInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        flag = duplicate_flag_dismiss(flag=flag, reason=payload.validated_data["reason"], actor=acting_user(request))
        return Response(flag_data(flag))


class TownPositionApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Position einer Kommune im Vergleich")
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        return Response(position_data(town_position_for(acting_user(request), district_slug, town_slug, year)))


class TownPositionExportApi(APIView):
    @extend_schema(
        parameters=[FORMAT_PARAMETER], responses={(200, "*/*"): OpenApiTypes.BINARY}, summary="Position als Datei"
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> HttpResponse:
        position = town_position_for(acting_user(request), district_slug, town_slug, year)
        table_format = table_format_param(request)
        return file_response(
            f"vergleich-{position.town.slug}-{year}.{table_format.value}",
            position_export(position, table_format),
            table_format,
        )
