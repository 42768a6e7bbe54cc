"""API of mentoring: records, requests for a mentor, towns' interest in joint projects, shared gaps as
joint projects. The same access as the pages (``mentoring.lookups``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from kreisagenda.api import acting_user
from kreisagenda.permissions import can_update_mentorship_status, peer_names_visible
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentoring.lookups import (
    coordination_district_for,
    interest_for,
    mentorship_for,
    request_for,
    town_mentoring_for,
    town_officer_for,
)
from mentoring.models import MentorshipStatus
from mentoring.selectors import (
    interests_of_town,
    interests_open,
    mentorships_of_district,
    mentorships_of_town,
    request_get,
    requests_of_town,
    requests_open,
)
from mentoring.services import (
    MentorshipInput,
    mentor_request_create,
    mentor_request_decline,
    mentorship_create,
    mentorship_status_set,
    mentorship_update,
    project_interest_accept,
    project_interest_declare,
    shared_gap_project_create,
)
from roadmap.selectors import joint_project_get
from tenants.models import District, Town


def _town(district: District, slug: str | None, field: str) -> Town | None:
    if not slug:
        return None
    town = Town.objects.filter(district=district, slug=slug).first()
    if town is None:
        raise serializers.ValidationError({field: [_("Keine Kommune dieses Kreises: %(slug)s.") % {"slug": slug}]})
    return town


class MentorshipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mentor_town = serializers.CharField(source="mentor_town.slug")
    mentor_town_name = serializers.CharField(source="mentor_town.name")
    mentee_town = serializers.CharField(source="mentee_town.slug")
    mentee_town_name = serializers.CharField(source="mentee_town.name")
    field_keys = serializers.ListField(child=serializers.CharField())
    goal = serializers.CharField()
    status = serializers.ChoiceField(choices=MentorshipStatus.choices)
    mentor_contact_name = serializers.CharField()
    mentor_contact_role = serializers.CharField()
    mentor_contact_email = serializers.CharField()
    mentee_contact_name = serializers.CharField()
    mentee_contact_role = serializers.CharField()
    mentee_contact_email = serializers.CharField()
    notes = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    request_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    updated_by = serializers.CharField(source="updated_by_label")


class MentorshipInputSerializer(serializers.Serializer):
    mentor_town = serializers.SlugField()
    mentee_town = serializers.SlugField()
    field_keys = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=True)
    goal = serializers.CharField(allow_blank=True, max_length=2000)
    status = serializers.CharField(required=False, default=MentorshipStatus.REQUESTED)
    mentor_contact_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    mentor_contact_role = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    mentor_contact_email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    mentee_contact_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    mentee_contact_role = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    mentee_contact_email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    request_id = serializers.IntegerField(required=False, allow_null=True, default=None)


def _input(district: District, data: dict[str, Any]) -> MentorshipInput:
    return MentorshipInput(
        mentor_town=_town(district, data["mentor_town"], "mentor_town"),
        mentee_town=_town(district, data["mentee_town"], "mentee_town"),
        field_keys=tuple(data["field_keys"]),
        goal=data["goal"],
        status=data["status"],
        mentor_contact_name=data["mentor_contact_name"],
        mentor_contact_role=data["mentor_contact_role"],
        mentor_contact_email=data["mentor_contact_email"],
        mentee_contact_name=data["mentee_contact_name"],
        mentee_contact_role=data["mentee_contact_role"],
        mentee_contact_email=data["mentee_contact_email"],
        notes=data["notes"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    )


class StatusInputSerializer(serializers.Serializer):
    status = serializers.CharField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class MentorshipListCreateApi(APIView):
    @extend_schema(responses=MentorshipSerializer(many=True), summary="Patenschaften des Kreises (Koordination)")
    def get(self, request: Request, district_slug: str) -> Response:
        district = coordination_district_for(acting_user(request), district_slug)
        return Response(MentorshipSerializer(mentorships_of_district(district=district), many=True).data)

    @extend_schema(
        request=MentorshipInputSerializer, responses={201: MentorshipSerializer}, summary="Patenschaft anlegen"
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = coordination_district_for(acting_user(request), district_slug)
        payload = MentorshipInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        mentor_request = None
        if data["request_id"] is not None:
            mentor_request = request_get(district=district, request_id=data["request_id"])
            if mentor_request is None:
                raise serializers.ValidationError({"request_id": [_("Anfrage: unbekannt.")]})
        mentorship = mentorship_create(
            district=district, data=_input(district, data), actor=acting_user(request), request=mentor_request
        )
        return Response(MentorshipSerializer(mentorship).data, status=status.HTTP_201_CREATED)


class MentorshipDetailApi(APIView):
    @extend_schema(responses=MentorshipSerializer, summary="Eine Patenschaft (die beiden Kommunen, die Koordination)")
    def get(self, request: Request, district_slug: str, mentorship_id: int) -> Response:
        return Response(MentorshipSerializer(mentorship_for(acting_user(request), district_slug, mentorship_id)).data)

    @extend_schema(
        request=MentorshipInputSerializer, responses=MentorshipSerializer, summary="Patenschaft ändern (Koordination)"
    )
    def put(self, request: Request, district_slug: str, mentorship_id: int) -> Response:
        mentorship = mentorship_for(acting_user(request), district_slug, mentorship_id)
        coordination_district_for(acting_user(request), district_slug)
        payload = MentorshipInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changed = mentorship_update(
            mentorship=mentorship, data=_input(mentorship.district, payload.validated_data), actor=acting_user(request)
        )
        return Response(MentorshipSerializer(changed).data)

    @extend_schema(
        request=StatusInputSerializer,
        responses=MentorshipSerializer,
        summary="Status und Notizen (Koordination, Digitalbeauftragte der beiden Kommunen)",
    )
    def patch(self, request: Request, district_slug: str, mentorship_id: int) -> Response:
        mentorship = mentorship_for(acting_user(request), district_slug, mentorship_id)
        if not can_update_mentorship_status(acting_user(request), mentorship):
            raise PermissionDenied
        payload = StatusInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changed = mentorship_status_set(
            mentorship=mentorship,
            status=payload.validated_data["status"],
            notes=payload.validated_data["notes"],
            actor=acting_user(request),
        )
        return Response(MentorshipSerializer(changed).data)


class MentorRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    town = serializers.CharField(source="town.slug")
    town_name = serializers.CharField(source="town.name")
    field_key = serializers.CharField()
    message = serializers.CharField()
    preferred_mentor = serializers.SerializerMethodField()
    status = serializers.CharField()
    decision_note = serializers.CharField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by_label")

    def get_preferred_mentor(self, mentor_request: Any) -> str | None:
        return mentor_request.preferred_mentor.slug if mentor_request.preferred_mentor else None


class DistrictRequestsApi(APIView):
    @extend_schema(
        responses=MentorRequestSerializer(many=True), summary="Offene Anfragen nach einer Patin (Koordination)"
    )
    def get(self, request: Request, district_slug: str) -> Response:
        district = coordination_district_for(acting_user(request), district_slug)
        return Response(MentorRequestSerializer(requests_open(district=district), many=True).data)


class RequestDeclineApi(APIView):
    class DeclineInputSerializer(serializers.Serializer):
        decision_note = serializers.CharField(allow_blank=True, max_length=500)

    @extend_schema(
        request=DeclineInputSerializer, responses=MentorRequestSerializer, summary="Anfrage ablehnen (mit Begründung)"
    )
    def post(self, request: Request, district_slug: str, request_id: int) -> Response:
        mentor_request = request_for(acting_user(request), district_slug, request_id)
        payload = self.DeclineInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        declined = mentor_request_decline(
            request=mentor_request, note=payload.validated_data["decision_note"], actor=acting_user(request)
        )
        return Response(MentorRequestSerializer(declined).data)


class TownRequestsApi(APIView):
    class RequestInputSerializer(serializers.Serializer):
        field_key = serializers.CharField(max_length=40)
        message = serializers.CharField(required=False, allow_blank=True, default="")
        preferred_mentor = serializers.SlugField(required=False, allow_null=True, default=None)

    @extend_schema(responses=MentorRequestSerializer(many=True), summary="Anfragen der Kommune nach einer Patin")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_mentoring_for(acting_user(request), district_slug, town_slug)
        return Response(MentorRequestSerializer(requests_of_town(town=town), many=True).data)

    @extend_schema(
        request=RequestInputSerializer,
        responses={201: MentorRequestSerializer},
        summary="Mentor:in anfragen (Digitalbeauftragte der Kommune)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_officer_for(acting_user(request), district_slug, town_slug)
        payload = self.RequestInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        created = mentor_request_create(
            town=town,
            field_key=data["field_key"],
            message=data["message"],
            preferred_mentor=_town(town.district, data["preferred_mentor"], "preferred_mentor"),
            names_visible=peer_names_visible(acting_user(request), town.district),
            actor=acting_user(request),
        )
        return Response(MentorRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class TownMentorshipsApi(APIView):
    @extend_schema(responses=MentorshipSerializer(many=True), summary="Patenschaften der Kommune")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_mentoring_for(acting_user(request), district_slug, town_slug)
        return Response(MentorshipSerializer(mentorships_of_town(town=town), many=True).data)


class InterestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    joint_project_id = serializers.IntegerField()
    joint_project_title = serializers.CharField(source="joint_project.title")
    town = serializers.CharField(source="town.slug")
    town_name = serializers.CharField(source="town.name")
    message = serializers.CharField()
    created_at = serializers.DateTimeField()
    added_at = serializers.DateTimeField(allow_null=True, help_text="null: noch nicht als Beteiligte aufgenommen")


class DistrictInterestsApi(APIView):
    @extend_schema(responses=InterestSerializer(many=True), summary="Offenes Interesse von Kommunen an Projekten")
    def get(self, request: Request, district_slug: str) -> Response:
        district = coordination_district_for(acting_user(request), district_slug)
        return Response(InterestSerializer(interests_open(district=district), many=True).data)


class InterestAcceptApi(APIView):
    @extend_schema(request=None, responses=InterestSerializer, summary="Interessierte Kommune als Beteiligte aufnehmen")
    def post(self, request: Request, district_slug: str, interest_id: int) -> Response:
        interest = interest_for(acting_user(request), district_slug, interest_id)
        return Response(InterestSerializer(project_interest_accept(interest=interest, actor=acting_user(request))).data)


class TownInterestsApi(APIView):
    class InterestInputSerializer(serializers.Serializer):
        joint_project_id = serializers.IntegerField()
        message = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(responses=InterestSerializer(many=True), summary="Interesse der Kommune an gemeinsamen Projekten")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_mentoring_for(acting_user(request), district_slug, town_slug)
        return Response(InterestSerializer(interests_of_town(town=town), many=True).data)

    @extend_schema(
        request=InterestInputSerializer,
        responses={201: InterestSerializer},
        summary="Interesse an einem gemeinsamen Projekt bekunden (Digitalbeauftragte)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_officer_for(acting_user(request), district_slug, town_slug)
        payload = self.InterestInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = joint_project_get(district=town.district, joint_project_id=payload.validated_data["joint_project_id"])
        if project is None:
            raise serializers.ValidationError({"joint_project_id": [_("Gemeinsames Projekt: unbekannt.")]})
        interest = project_interest_declare(
            town=town, joint_project=project, message=payload.validated_data["message"], actor=acting_user(request)
        )
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)


class SharedGapProjectApi(APIView):
    class GapInputSerializer(serializers.Serializer):
        year = serializers.IntegerField()
        field_key = serializers.CharField(max_length=40)
        question_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)
        target_level = serializers.IntegerField(required=False, default=0, min_value=0, max_value=4)

    class GapProjectSerializer(serializers.Serializer):
        joint_project_id = serializers.IntegerField()
        title = serializers.CharField()
        participants = serializers.ListField(child=serializers.CharField())
        created = serializers.BooleanField(help_text="false: die Lücke war schon dieses Projekt")

    @extend_schema(
        request=GapInputSerializer,
        responses={200: GapProjectSerializer, 201: GapProjectSerializer},
        summary="Gemeinsame Lücke als gemeinsames Projekt (einmal je Lücke)",
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = coordination_district_for(acting_user(request), district_slug)
        payload = self.GapInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        project, created = shared_gap_project_create(district=district, actor=acting_user(request), **data)
        answer = {
            "joint_project_id": project.pk,
            "title": project.title,
            "participants": sorted(p.town.slug for p in project.participants.select_related("town")),
            "created": created,
        }
        return Response(
            self.GapProjectSerializer(answer).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
