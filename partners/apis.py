"""API of partners' proposals, with the pages' permissions (D94–D96)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from kreisagenda.api import StoredDateTimeField, acting_user
from kreisagenda.lookups import district_for
from kreisagenda.permissions import Action
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.lookups import partner_for, proposal_decidable_for, proposal_for
from partners.selectors import proposals_visible
from partners.services import (
    DESCRIPTION_MAX,
    REASON_MAX,
    TITLE_MAX,
    ProposalInput,
    proposal_accept,
    proposal_decline,
    proposal_submit,
)
from shared_vision.selectors import vision_current
from tenants.models import Town


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    organisation = serializers.CharField()
    organisation_kind = serializers.CharField()
    town = serializers.SlugField(source="town.slug", allow_null=True, default=None)
    field_key = serializers.CharField()
    goal_keys = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    created_at = StoredDateTimeField()
    decided_at = StoredDateTimeField(allow_null=True)
    decided_by = serializers.CharField(source="decided_by_label")
    decision_reason = serializers.CharField()
    measure_id = serializers.IntegerField(allow_null=True)
    joint_project_id = serializers.IntegerField(allow_null=True)


class ProposalInputSerializer(serializers.Serializer):
    # Lengths and the strategy are checked by the service, so page and API refuse alike.
    title = serializers.CharField(allow_blank=True, max_length=TITLE_MAX + 100, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, max_length=DESCRIPTION_MAX + 100, trim_whitespace=False)
    field_key = serializers.CharField(max_length=40)
    goal_keys = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    town = serializers.SlugField(
        required=False, allow_null=True, default=None, help_text="Kommune; leer: der Kreis insgesamt"
    )


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=REASON_MAX + 100, trim_whitespace=False)


class ProposalListCreateApi(APIView):
    @extend_schema(
        responses=ProposalSerializer(many=True),
        summary="Vorschläge von Partnern, soweit sichtbar (Koordination: alle; Kommune: an sie; Partner: die eigenen)",
    )
    def get(self, request: Request, district_slug: str) -> Response:
        user = acting_user(request)
        district = district_for(user, district_slug, Action.VIEW_PUBLISHED_STRATEGY)
        return Response(ProposalSerializer(proposals_visible(user=user, district=district), many=True).data)

    @extend_schema(
        request=ProposalInputSerializer,
        responses={201: ProposalSerializer},
        summary="Maßnahme vorschlagen (Partner)",
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district, membership = partner_for(acting_user(request), district_slug)
        payload = ProposalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        town = None
        if data["town"]:
            town = Town.objects.filter(district=district, slug=data["town"]).first()
            if town is None:
                raise serializers.ValidationError(
                    {"town": [_("Keine Kommune dieses Kreises: %(slug)s.") % {"slug": data["town"]}]}
                )
        proposal = proposal_submit(
            district=district,
            partner=membership,
            data=ProposalInput(
                title=data["title"],
                description=data["description"],
                field_key=data["field_key"],
                goal_keys=tuple(data["goal_keys"]),
                town=town,
            ),
        )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ProposalDetailApi(APIView):
    @extend_schema(responses=ProposalSerializer, summary="Ein Vorschlag")
    def get(self, request: Request, district_slug: str, proposal_id: int) -> Response:
        return Response(ProposalSerializer(proposal_for(acting_user(request), district_slug, proposal_id)).data)


class ProposalAcceptApi(APIView):
    @extend_schema(
        request=None,
        responses=ProposalSerializer,
        summary="Vorschlag annehmen (Kommune: Idee in ihrer Roadmap; Kreis: gemeinsames Projekt)",
    )
    def post(self, request: Request, district_slug: str, proposal_id: int) -> Response:
        user = acting_user(request)
        proposal = proposal_decidable_for(user, district_slug, proposal_id)
        return Response(ProposalSerializer(proposal_accept(proposal=proposal, actor=user)).data)


class ProposalDeclineApi(APIView):
    @extend_schema(request=DeclineSerializer, responses=ProposalSerializer, summary="Vorschlag mit Begründung ablehnen")
    def post(self, request: Request, district_slug: str, proposal_id: int) -> Response:
        user = acting_user(request)
        proposal = proposal_decidable_for(user, district_slug, proposal_id)
        payload = DeclineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        declined = proposal_decline(proposal=proposal, reason=payload.validated_data["reason"], actor=user)
        return Response(ProposalSerializer(declined).data)


class GoalOutSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()


class FieldOutSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    goals = GoalOutSerializer(many=True, source="goals.all")


class PublishedVisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    adopted_on = serializers.DateField()
    vision_text = serializers.CharField()
    definition = serializers.CharField()
    principles = serializers.SerializerMethodField()
    fields_of_action = FieldOutSerializer(many=True, source="fields.all")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_principles(self, version: Any) -> list[str]:
        return [principle.text for principle in version.principles.all()]


class PublishedVisionApi(APIView):
    @extend_schema(
        responses=PublishedVisionSerializer,
        summary="Das geltende (beschlossene) Leitbild, für alle im Kreis und seine Partner; 404 ohne Beschluss",
    )
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_PUBLISHED_STRATEGY)
        version = vision_current(district=district)
        if version is None:
            raise Http404
        return Response(PublishedVisionSerializer(version).data)
