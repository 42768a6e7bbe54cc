"""API of a district's open-data setting (D100): its members read it, its coordinators set it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from kreisagenda.api import acting_user
from kreisagenda.lookups import district_for
from kreisagenda.permissions import Action
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata.licences import LicenceId
from opendata.models import OpenDataSetting
from opendata.selectors import licence_of, open_data_setting
from opendata.services import open_data_set


class OpenDataOutputSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    licence = serializers.ChoiceField(choices=LicenceId.choices)
    licence_name = serializers.SerializerMethodField()
    licence_url = serializers.SerializerMethodField()
    changed_at = serializers.DateTimeField(allow_null=True)
    changed_by = serializers.CharField(source="changed_by_label")
    public_url = serializers.SerializerMethodField()

    def get_licence_name(self, setting: OpenDataSetting) -> str:
        return licence_of(setting).title

    def get_licence_url(self, setting: OpenDataSetting) -> str:
        return licence_of(setting).url

    def get_public_url(self, setting: OpenDataSetting) -> str:
        return f"/offen/{setting.district.slug}/"


class DistrictOpenDataApi(APIView):
    """Whether the district publishes open data, under which licence, who changed it last."""

    class OpenDataInputSerializer(serializers.Serializer):
        enabled = serializers.BooleanField()
        licence = serializers.ChoiceField(choices=LicenceId.choices, required=False)

    @extend_schema(responses=OpenDataOutputSerializer, summary="Offene Daten: Einstellung des Kreises")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug)
        return Response(OpenDataOutputSerializer(open_data_setting(district=district)).data)

    @extend_schema(
        request=OpenDataInputSerializer,
        responses=OpenDataOutputSerializer,
        summary="Offene Daten ein- oder ausschalten, Lizenz wählen (Kreis-Koordination)",
    )
    def put(self, request: Request, district_slug: str) -> Response:
        user = acting_user(request)
        district = district_for(user, district_slug, Action.MANAGE_STRATEGY)
        payload = self.OpenDataInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        current = open_data_setting(district=district)
        setting = open_data_set(
            district=district,
            enabled=payload.validated_data["enabled"],
            licence=payload.validated_data.get("licence", current.licence),
            actor=user,
        )
        return Response(OpenDataOutputSerializer(setting).data)
