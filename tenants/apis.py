"""API of districts and towns: validate, ask permissions, call selectors/services, serialise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from kreisagenda.permissions import Action, can, districts_visible_to
from kreisagenda.tenancy import town_schema_activate
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.selectors import audit_entries_recent
from tenants.models import District, Town, TownKind
from tenants.selectors import district_get_by_slug, district_role_holders, district_towns, town_get, town_role_holders
from tenants.services import town_create


def _district(request: Request, slug: str, action: Action = Action.VIEW_DISTRICT) -> District:
    district = district_get_by_slug(slug=slug)
    if district is None:
        raise NotFound
    if not can(request.user, action, district):
        raise PermissionDenied
    return district


class RoleHolderSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.full_name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    town = serializers.CharField(source="town.slug", allow_null=True, default=None)


class TownSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    ags = serializers.CharField()
    kind = serializers.ChoiceField(choices=TownKind.choices)
    population = serializers.IntegerField()
    schema_status = serializers.CharField()


class DistrictOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    key = serializers.CharField()
    federal_state = serializers.CharField()
    federal_state_label = serializers.CharField(source="get_federal_state_display")
    towns_see_peer_names = serializers.BooleanField()


class DistrictListApi(APIView):
    @extend_schema(responses=DistrictOutputSerializer(many=True), summary="Kreise, die ich sehen darf")
    def get(self, request: Request) -> Response:
        return Response(DistrictOutputSerializer(districts_visible_to(request.user), many=True).data)


class DistrictDetailApi(APIView):
    class DistrictDetailOutputSerializer(DistrictOutputSerializer):
        towns = TownSummarySerializer(many=True)
        role_holders = RoleHolderSerializer(many=True)

    @extend_schema(responses=DistrictDetailOutputSerializer, summary="Ein Kreis mit Mitgliedern und Rollen")
    def get(self, request: Request, district_slug: str) -> Response:
        district = _district(request, district_slug)
        data: dict[str, Any] = {
            **DistrictOutputSerializer(district).data,
            "towns": TownSummarySerializer(district_towns(district=district), many=True).data,
            "role_holders": RoleHolderSerializer(district_role_holders(district=district), many=True).data,
        }
        return Response(data)


class TownListCreateApi(APIView):
    class TownCreateInputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        ags = serializers.RegexField(r"^\d{8}\Z")
        population = serializers.IntegerField(min_value=1)
        kind = serializers.ChoiceField(choices=TownKind.choices, default=TownKind.TOWN)

    @extend_schema(responses=TownSummarySerializer(many=True), summary="Mitglieder eines Kreises")
    def get(self, request: Request, district_slug: str) -> Response:
        district = _district(request, district_slug)
        return Response(TownSummarySerializer(district_towns(district=district), many=True).data)

    @extend_schema(
        request=TownCreateInputSerializer,
        responses={202: TownSummarySerializer},
        summary="Kommune anlegen (der Datenbereich entsteht im Hintergrund)",
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = _district(request, district_slug, Action.MANAGE_TOWNS)
        payload = self.TownCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            town = town_create(district=district, provision="async", actor=request.user, **payload.validated_data)  # type: ignore[arg-type]
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(TownSummarySerializer(town).data, status=status.HTTP_202_ACCEPTED)


class TownDetailApi(APIView):
    class TownDetailOutputSerializer(TownSummarySerializer):
        district = serializers.CharField(source="district.slug")
        schema_status_message = serializers.CharField()
        role_holders = RoleHolderSerializer(many=True)
        recent_changes = serializers.ListField(child=serializers.DictField())

    @extend_schema(
        responses=TownDetailOutputSerializer,
        summary="Eine Kommune (nur für ihre Mitglieder und die Kreis-Koordination)",
    )
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_get(district_slug=district_slug, town_slug=town_slug)
        if town is None:
            raise NotFound
        if not can(request.user, Action.VIEW_TOWN, town):
            raise PermissionDenied
        return Response(_town_detail(town))


def _town_detail(town: Town) -> dict[str, Any]:
    changes: list[dict[str, Any]] = []
    if town.is_ready:
        town_schema_activate(town)
        changes = [
            {
                "occurred_at": entry.occurred_at,
                "by": entry.actor_label,
                "action": entry.action,
                "summary": entry.summary,
            }
            for entry in audit_entries_recent(limit=10)
        ]
    return {
        **TownSummarySerializer(town).data,
        "district": town.district.slug,
        "schema_status_message": town.schema_status_message,
        "role_holders": RoleHolderSerializer(town_role_holders(town=town), many=True).data,
        "recent_changes": changes,
    }
