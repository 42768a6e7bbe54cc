"""API of districts and towns: validate, ask permissions, call selectors/services, serialise."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from kreisagenda.api import Extended, StoredDateTimeField, acting_user
from kreisagenda.lookups import district_for, town_enter_when_ready, town_for
from kreisagenda.permissions import Action, can, districts_visible_to
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants.models import TownKind
from tenants.selectors import district_role_holders, district_towns, town_recent_changes, town_role_holders
from tenants.services import district_peer_names_set, town_create


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
        return Response(DistrictOutputSerializer(districts_visible_to(acting_user(request)), many=True).data)


class DistrictDetailApi(APIView):
    class DistrictDetailOutputSerializer(DistrictOutputSerializer):
        towns = TownSummarySerializer(many=True)
        role_holders = RoleHolderSerializer(many=True)

    @extend_schema(responses=DistrictDetailOutputSerializer, summary="Ein Kreis mit Mitgliedern und Rollen")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug)
        detail = Extended(
            district,
            towns=district_towns(district=district),
            role_holders=district_role_holders(district=district),
        )
        return Response(self.DistrictDetailOutputSerializer(detail).data)


class PeerNamesOutputSerializer(serializers.Serializer):
    towns_see_peer_names = serializers.BooleanField()
    changed_at = serializers.DateTimeField(source="peer_names_changed_at", allow_null=True)
    changed_by = serializers.CharField(source="peer_names_changed_by_label")


class DistrictPeerNamesApi(APIView):
    """Whether the district's towns see each other's names in comparisons (D27); its coordinators set it (D78)."""

    class PeerNamesInputSerializer(serializers.Serializer):
        towns_see_peer_names = serializers.BooleanField()

    @extend_schema(responses=PeerNamesOutputSerializer, summary="Namen in Vergleichen: Einstellung des Kreises")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug)
        return Response(PeerNamesOutputSerializer(district).data)

    @extend_schema(
        request=PeerNamesInputSerializer,
        responses=PeerNamesOutputSerializer,
        summary="Namen in Vergleichen setzen (Kreis-Koordination)",
    )
    def put(self, request: Request, district_slug: str) -> Response:
        user = acting_user(request)
        district = district_for(user, district_slug, Action.MANAGE_STRATEGY)
        payload = self.PeerNamesInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        district = district_peer_names_set(
            district=district, towns_see_peer_names=payload.validated_data["towns_see_peer_names"], actor=user
        )
        return Response(PeerNamesOutputSerializer(district).data)


class TownListCreateApi(APIView):
    class TownCreateInputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        ags = serializers.RegexField(r"^\d{8}\Z")
        population = serializers.IntegerField(min_value=1)
        kind = serializers.ChoiceField(choices=TownKind.choices, default=TownKind.TOWN)

    @extend_schema(responses=TownSummarySerializer(many=True), summary="Mitglieder eines Kreises")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug)
        return Response(TownSummarySerializer(district_towns(district=district), many=True).data)

    @extend_schema(
        request=TownCreateInputSerializer,
        responses={202: TownSummarySerializer},
        summary="Kommune anlegen (der Datenbereich entsteht im Hintergrund)",
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.MANAGE_TOWNS)
        payload = self.TownCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        town = town_create(district=district, provision="async", actor=acting_user(request), **payload.validated_data)
        return Response(TownSummarySerializer(town).data, status=status.HTTP_202_ACCEPTED)


class RecentChangeSerializer(serializers.Serializer):
    occurred_at = StoredDateTimeField()
    by = serializers.CharField(source="actor_label")
    action = serializers.CharField()
    summary = serializers.CharField()


class TownDetailApi(APIView):
    class TownDetailOutputSerializer(TownSummarySerializer):
        district = serializers.CharField(source="district.slug")
        schema_status_message = serializers.CharField()
        role_holders = RoleHolderSerializer(many=True)
        recent_changes = RecentChangeSerializer(many=True)

    @extend_schema(
        responses=TownDetailOutputSerializer,
        summary="Eine Kommune (nur für ihre Mitglieder und die Kreis-Koordination)",
    )
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug)
        town_enter_when_ready(town)
        changes = town_recent_changes(
            town=town, include_drafts=can(acting_user(request), Action.VIEW_TOWN_DRAFTS, town)
        )
        detail = Extended(town, role_holders=town_role_holders(town=town), recent_changes=changes)
        return Response(self.TownDetailOutputSerializer(detail).data)
