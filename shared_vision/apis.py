"""API of the shared vision: everyone in the district reads it; its coordinators edit drafts and record adoption."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from kreisagenda.api import Extended, acting_user
from kreisagenda.lookups import district_for
from kreisagenda.permissions import Action
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict
from rest_framework.views import APIView

from shared_vision.content import GoalContent, VisionContent
from shared_vision.lookups import council_town_for, vision_version_for
from shared_vision.models import GOAL_KEY_LENGTH, VisionVersion
from shared_vision.selectors import CouncilAdoptionRow, council_adoptions, vision_content, vision_versions
from shared_vision.services import (
    DEFINITION_LENGTH,
    council_adoption_record,
    vision_adopt,
    vision_draft_create,
    vision_draft_update,
)


class VisionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    title = serializers.CharField()
    adopted_on = serializers.DateField(allow_null=True)
    decision_reference = serializers.CharField()
    minutes_url = serializers.CharField()


class GoalSerializer(serializers.Serializer):
    """A goal; without ``key`` a new goal, or the one with the same text in the field (D60)."""

    key = serializers.CharField(max_length=GOAL_KEY_LENGTH, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=500)


@extend_schema_field(GoalSerializer)
class GoalField(serializers.Field):
    """A goal as an object ``{"key", "text"}``; its text alone is read too (what clients sent before D60)."""

    def to_internal_value(self, data: object) -> dict[str, str]:
        payload = GoalSerializer(data={"text": data} if isinstance(data, str) else data)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def to_representation(self, value: GoalContent) -> dict[str, str]:
        return {"key": value.key, "text": value.text}


class VisionContentSerializer(serializers.Serializer):
    class VisionFieldSerializer(serializers.Serializer):
        key = serializers.CharField(max_length=40)
        name = serializers.CharField(max_length=120)
        description = serializers.CharField(allow_blank=True, default="")
        goals = serializers.ListField(child=GoalField(), default=list)

    title = serializers.CharField(max_length=200)
    vision_text = serializers.CharField(allow_blank=True, default="")
    principles = serializers.ListField(child=serializers.CharField(max_length=500), default=list)
    definition = serializers.CharField(allow_blank=True, default="", max_length=DEFINITION_LENGTH)
    challenges = serializers.ListField(child=serializers.CharField(max_length=500), default=list)
    fields = VisionFieldSerializer(many=True, default=list)  # type: ignore[assignment]  # a declared field, not .fields


class VisionDetailSerializer(VisionSummarySerializer):
    content = VisionContentSerializer()


def _version_data(version: VisionVersion) -> ReturnDict[str, Any]:
    return VisionDetailSerializer(Extended(version, content=vision_content(version=version))).data


class VisionListCreateApi(APIView):
    @extend_schema(responses=VisionSummarySerializer(many=True), summary="Fassungen des Leitbilds")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug)
        return Response(VisionSummarySerializer(vision_versions(district=district), many=True).data)

    @extend_schema(
        request=None, responses={201: VisionDetailSerializer}, summary="Neue Fassung (Kopie der letzten) anlegen"
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY)
        version = vision_draft_create(district=district, actor=acting_user(request))
        return Response(_version_data(version), status=status.HTTP_201_CREATED)


class VisionDetailApi(APIView):
    @extend_schema(responses=VisionDetailSerializer, summary="Eine Fassung des Leitbilds")
    def get(self, request: Request, district_slug: str, number: int) -> Response:
        return Response(_version_data(vision_version_for(district_for(acting_user(request), district_slug), number)))

    @extend_schema(request=VisionContentSerializer, responses=VisionDetailSerializer, summary="Entwurf ersetzen")
    def put(self, request: Request, district_slug: str, number: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY)
        version = vision_version_for(district, number)
        payload = VisionContentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        vision_draft_update(
            version=version,
            content=VisionContent.from_dict(payload.validated_data),
            actor=acting_user(request),
        )
        # Read back with the new principles, fields and goals prefetched.
        return Response(_version_data(vision_version_for(district, number)))


class VisionAdoptApi(APIView):
    class AdoptInputSerializer(serializers.Serializer):
        adopted_on = serializers.DateField()
        decision_reference = serializers.CharField(max_length=64)
        minutes_url = serializers.URLField(allow_blank=True, default="")

    @extend_schema(
        request=AdoptInputSerializer,
        responses=VisionSummarySerializer,
        summary="Beschluss der Bürgermeisterkonferenz eintragen (die Fassung wird schreibgeschützt)",
    )
    def post(self, request: Request, district_slug: str, number: int) -> Response:
        version = vision_version_for(district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY), number)
        payload = self.AdoptInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = vision_adopt(version=version, actor=acting_user(request), **payload.validated_data)
        return Response(VisionSummarySerializer(version).data)


class CouncilAdoptionSerializer(serializers.Serializer):
    """A town of the district and its council's adoption of the version; null fields: none recorded yet."""

    town = serializers.CharField(source="town.slug")
    town_name = serializers.CharField(source="town.name")
    adopted_on = serializers.DateField(source="adoption.adopted_on", allow_null=True, default=None)
    decision_number = serializers.CharField(source="adoption.decision_number", allow_null=True, default=None)
    link = serializers.CharField(source="adoption.link", allow_null=True, default=None)
    recorded_by = serializers.CharField(source="adoption.recorded_by_label", allow_null=True, default=None)


class CouncilAdoptionsApi(APIView):
    class RecordInputSerializer(serializers.Serializer):
        town = serializers.SlugField()
        adopted_on = serializers.DateField()
        # Checked by the service, so page and API refuse the same things with the same messages.
        decision_number = serializers.CharField(allow_blank=True, default="")
        link = serializers.CharField(allow_blank=True, default="")

    @extend_schema(
        responses=CouncilAdoptionSerializer(many=True), summary="Ratsbeschlüsse der Kommunen zu einer Fassung"
    )
    def get(self, request: Request, district_slug: str, number: int) -> Response:
        version = vision_version_for(district_for(acting_user(request), district_slug), number)
        rows = council_adoptions(version=version) if not version.is_draft else []
        return Response(CouncilAdoptionSerializer(rows, many=True).data)

    @extend_schema(
        request=RecordInputSerializer,
        responses=CouncilAdoptionSerializer,
        summary="Ratsbeschluss einer Kommune eintragen oder berichtigen",
    )
    def post(self, request: Request, district_slug: str, number: int) -> Response:
        user = acting_user(request)
        district = district_for(user, district_slug)
        version = vision_version_for(district, number)
        payload = self.RecordInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        town = council_town_for(user, district, data["town"])
        adoption = council_adoption_record(
            town=town,
            version=version,
            adopted_on=data["adopted_on"],
            decision_number=data["decision_number"],
            link=data["link"],
            actor=user,
        )
        row = CouncilAdoptionRow(town=town, adoption=adoption, earlier=None)
        return Response(CouncilAdoptionSerializer(row).data)
