"""API of the roadmap: a town's measures (import/export too), joint projects, the district's
roadmap, lighthouses and the yearly review. Views validate, call services and selectors, answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from kreisagenda.api import (
    Extended,
    acting_user,
)
from kreisagenda.lookups import district_for, town_enter, town_entered_for, town_for
from kreisagenda.permissions import Action, can_edit_joint_project
from kreisagenda.town_files import TownFileExportApi, TownFileImportApi, town_file_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evidence.api_base import EvidenceAccess, EvidenceFileApiBase, EvidenceFilesApiBase
from evidence.models import EvidenceFile
from roadmap import review
from roadmap.measures.lookups import measure_files_enter
from roadmap.measures.measure_io import measures_export, measures_import
from roadmap.measures.models import Measure
from roadmap.measures.selectors import measure_get, measure_list, town_roadmap
from roadmap.measures.services import MeasureInput, measure_create, measure_delete, measure_update
from roadmap.models import Commitment, Priority, ProjectStatus
from roadmap.progress import METHOD_TEXT as PROGRESS_METHOD_TEXT
from roadmap.rules import MilestoneInput, PlanInput, QuestionTarget, plan_input_of
from roadmap.selectors import (
    KIND_JOINT_PROJECT,
    KIND_MEASURE,
    RoadmapFilter,
    district_roadmap,
    goal_links,
    joint_project_get,
    joint_project_links_of_town,
    joint_project_list,
    lighthouses,
    plan_context,
)
from roadmap.services import joint_project_create, joint_project_participants_set, joint_project_update
from shared_vision.models import GOAL_KEY_LENGTH
from shared_vision.selectors import goal_keys_current
from tenants.models import Town


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_quarter = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_done = serializers.BooleanField(required=False, default=False)


class QuestionTargetSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16)
    expected_level = serializers.IntegerField(min_value=0, max_value=4, required=False, allow_null=True, default=None)
    question_id = serializers.IntegerField(read_only=True)


class PlanSerializer(serializers.Serializer):
    """The fields a measure and a joint project share (quarters as 2027-Q3; Q3/2027 is read too)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    field_key = serializers.CharField(max_length=40)
    other_field_keys = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    shared_goal_keys = serializers.ListField(
        child=serializers.CharField(max_length=GOAL_KEY_LENGTH),
        required=False,
        default=list,
        help_text="Kennungen der Ziele des Leitbilds (gleich in jeder Fassung, z. B. verwaltung-2)",
    )
    question_targets = QuestionTargetSerializer(many=True, required=False, default=list)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, default=Priority.MEDIUM)
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    status_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    start_quarter = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    end_quarter = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    budget_estimate = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None, coerce_to_string=False
    )
    funding_source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    responsible_unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    responsible_person = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    digital_pilot = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    progress = serializers.IntegerField(required=False, default=0)
    is_lighthouse = serializers.BooleanField(required=False, default=False)
    lesson_learned = serializers.CharField(required=False, allow_blank=True, default="")
    milestones = MilestoneSerializer(many=True, required=False, default=list)
    updated_at = serializers.DateTimeField(read_only=True)
    updated_by = serializers.CharField(source="updated_by_label", read_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Ids of goals were replaced by their keys (D60); ignoring them would drop the links unnoticed.
        if isinstance(self.initial_data, dict) and "shared_goal_ids" in self.initial_data:
            raise serializers.ValidationError(
                {"shared_goal_ids": [_("Ziele werden mit ihrer Kennung angegeben: bitte „shared_goal_keys“ senden.")]}
            )
        return attrs


class GoalLinkSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    field_of_action = serializers.CharField(source="field_name", help_text="Name des Handlungsfelds")
    in_vision = serializers.BooleanField(help_text="false: das geltende Leitbild hat dieses Ziel nicht mehr")


def plan_input(data: dict[str, Any]) -> PlanInput:
    return plan_input_of(
        data,
        question_targets=tuple(QuestionTarget(**t) for t in data["question_targets"]),
        milestones=tuple(MilestoneInput(**m) for m in data["milestones"]),
    )


class MeasureSerializer(PlanSerializer):
    shared_goals = GoalLinkSerializer(many=True, read_only=True)
    local_goal_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    joint_project_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_sample_data = serializers.BooleanField(read_only=True)


def _shown(measures: Iterable[Measure], town: Town) -> list[Extended]:
    """Measures as MeasureSerializer shows them: with their goals, local goals (prefetched) and joint
    projects (one query for all)."""
    measures = list(measures)
    links = joint_project_links_of_town(town=town)
    keys = [key for measure in measures for key in measure.shared_goal_keys]
    current_keys = goal_keys_current(district=town.district) if keys else set()
    goals = goal_links(district=town.district, keys=keys, current_keys=current_keys)
    return [
        Extended(
            measure,
            shared_goals=[goals[key] for key in measure.shared_goal_keys],
            local_goal_ids=[goal.pk for goal in measure.local_goals.all()],
            joint_project_id=links[measure.pk].pk if measure.pk in links else None,
        )
        for measure in measures
    ]


def _measure_input(data: dict[str, Any]) -> MeasureInput:
    return MeasureInput(
        plan=plan_input(data), local_goal_ids=tuple(data["local_goal_ids"]), joint_project_id=data["joint_project_id"]
    )


class MeasureListCreateApi(APIView):
    @extend_schema(responses=MeasureSerializer(many=True), summary="Maßnahmen der Kommune")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_entered_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        return Response(MeasureSerializer(_shown(measure_list(), town), many=True).data)

    @extend_schema(request=MeasureSerializer, responses={201: MeasureSerializer}, summary="Maßnahme anlegen")
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.EDIT_TOWN_DATA)
        context = plan_context(district=town.district)
        town_enter(town)
        payload = MeasureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        measure = measure_create(
            town=town,
            data=_measure_input(payload.validated_data),
            context=context,
            actor=acting_user(request),
        )
        return Response(MeasureSerializer(_shown([measure], town)[0]).data, status=status.HTTP_201_CREATED)


class MeasureDetailApi(APIView):
    def _measure(
        self, request: Request, district_slug: str, town_slug: str, measure_id: int, action: Action
    ) -> tuple[Town, Measure]:
        town = town_entered_for(acting_user(request), district_slug, town_slug, action)
        measure = measure_get(measure_id=measure_id)
        if measure is None:
            raise Http404
        return town, measure

    @extend_schema(responses=MeasureSerializer, summary="Eine Maßnahme")
    def get(self, request: Request, district_slug: str, town_slug: str, measure_id: int) -> Response:
        town, measure = self._measure(request, district_slug, town_slug, measure_id, Action.VIEW_TOWN)
        return Response(MeasureSerializer(_shown([measure], town)[0]).data)

    @extend_schema(request=MeasureSerializer, responses=MeasureSerializer, summary="Maßnahme ändern")
    def put(self, request: Request, district_slug: str, town_slug: str, measure_id: int) -> Response:
        town, measure = self._measure(request, district_slug, town_slug, measure_id, Action.EDIT_TOWN_DATA)
        context = plan_context(district=town.district)  # public tables stay on the search path
        payload = MeasureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        measure = measure_update(
            town=town,
            measure=measure,
            data=_measure_input(payload.validated_data),
            context=context,
            actor=acting_user(request),
        )
        return Response(MeasureSerializer(_shown([measure_get(measure_id=measure.pk) or measure], town)[0]).data)

    @extend_schema(request=None, responses={204: None}, summary="Maßnahme löschen")
    def delete(self, request: Request, district_slug: str, town_slug: str, measure_id: int) -> Response:
        town, measure = self._measure(request, district_slug, town_slug, measure_id, Action.EDIT_TOWN_DATA)
        measure_delete(town=town, measure=measure, actor=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@town_file_schema(export_summary="Maßnahmenliste als Datei")
class MeasuresExportApi(TownFileExportApi):
    export = staticmethod(measures_export)


@town_file_schema(import_summary="Maßnahmenliste einlesen (gleicher Titel: Aktualisierung; alles oder nichts)")
class MeasuresImportApi(TownFileImportApi):
    run = staticmethod(measures_import)


# --- roadmap views (rows and progress) ------------------------------------------------------


class ProgressFigureSerializer(serializers.Serializer):
    counted = serializers.IntegerField()
    done = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="null: nichts gezählt")


class RollupSerializer(serializers.Serializer):
    # A map: keyed by the key of each field of action.
    fields = serializers.DictField(child=ProgressFigureSerializer())  # type: ignore[assignment]  # a declared field
    overall = ProgressFigureSerializer()


class RoadmapRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[KIND_MEASURE, KIND_JOINT_PROJECT])
    id = serializers.IntegerField()
    town = serializers.CharField(source="town_name", help_text="die Kommune (Maßnahme) oder die federführende")
    title = serializers.CharField()
    field_keys = serializers.ListField(child=serializers.CharField())
    priority = serializers.ChoiceField(choices=Priority.choices)
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    start_quarter = serializers.CharField()
    end_quarter = serializers.CharField()
    progress = serializers.IntegerField()
    is_lighthouse = serializers.BooleanField()
    lesson_learned = serializers.CharField()
    joint_project_id = serializers.IntegerField(allow_null=True)
    late = serializers.BooleanField(help_text="nach dem Ende-Quartal noch offen (nicht abgeschlossen, nicht verworfen)")


FILTER_PARAMETERS = [
    OpenApiParameter("status", str, many=True, enum=ProjectStatus.values, description="Status (mehrfach)"),
    OpenApiParameter("field", str, description="Handlungsfeld-Schlüssel"),
    OpenApiParameter("kind", str, enum=["measure", "joint_project"], description="Art"),
    OpenApiParameter("late", str, enum=["1"], description="1: nur Vorhaben, deren Ende-Quartal vorbei ist"),
]


class RoadmapSerializer(serializers.Serializer):
    rows = RoadmapRowSerializer(many=True)
    late_count = serializers.IntegerField(help_text="verspätete Vorhaben, ungefiltert")
    progress = RollupSerializer(source="rollup", help_text="der Maßnahmen der Kommune, ungefiltert")
    method = serializers.SerializerMethodField()

    def get_method(self, _roadmap: object) -> str:
        return str(PROGRESS_METHOD_TEXT)


class DistrictRoadmapSerializer(serializers.Serializer):
    rows = RoadmapRowSerializer(many=True)
    late_count = serializers.IntegerField(help_text="verspätete Vorhaben, ungefiltert")
    progress = RollupSerializer(source="rollup", help_text="des ganzen Kreises, ungefiltert")
    # A map: keyed by the name of each town that published measures.
    towns = serializers.DictField(child=RollupSerializer(), source="town_rollups")
    method = serializers.SerializerMethodField()

    def get_method(self, _roadmap: object) -> str:
        return str(PROGRESS_METHOD_TEXT)


class TownRoadmapApi(APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses=RoadmapSerializer, summary="Roadmap der Kommune")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_entered_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        roadmap = town_roadmap(town=town, roadmap_filter=RoadmapFilter.from_query(request.query_params))
        return Response(RoadmapSerializer(roadmap).data)


class DistrictRoadmapApi(APIView):
    @extend_schema(
        parameters=[*FILTER_PARAMETERS, OpenApiParameter("town", str, description="Kommune (Kurzname)")],
        responses=DistrictRoadmapSerializer,
        summary="Roadmap des Kreises: alle Kommunen und gemeinsamen Projekte",
    )
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        roadmap = district_roadmap(district=district, roadmap_filter=RoadmapFilter.from_query(request.query_params))
        return Response(DistrictRoadmapSerializer(roadmap).data)


class LighthousesApi(APIView):
    @extend_schema(
        responses=RoadmapRowSerializer(many=True), summary="Leuchttürme im Kreis (für alle Kommunen des Kreises)"
    )
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_PUBLISHED_STRATEGY)
        return Response(RoadmapRowSerializer(lighthouses(district=district), many=True).data)


# --- joint projects -------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    town = serializers.SlugField()
    commitment = serializers.ChoiceField(choices=Commitment.choices)


class JointProjectSerializer(PlanSerializer):
    lead_town = serializers.SlugField(required=False, allow_null=True, default=None)
    participants = ParticipantSerializer(many=True, required=False, default=list)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["lead_town"] = instance.lead_town.slug if instance.lead_town else None
        data["participants"] = [{"town": p.town.slug, "commitment": p.commitment} for p in instance.participants.all()]
        return data


def _towns(district_id: int, slugs: list[str]) -> dict[str, Town]:
    towns = {t.slug: t for t in Town.objects.filter(district_id=district_id, slug__in=slugs)}
    unknown = sorted(set(slugs) - set(towns))
    if unknown:
        raise serializers.ValidationError(
            {"participants": [_("Keine Kommune dieses Kreises: %(slugs)s.") % {"slugs": ", ".join(unknown)}]}
        )
    return towns


class JointProjectListCreateApi(APIView):
    @extend_schema(responses=JointProjectSerializer(many=True), summary="Gemeinsame Projekte des Kreises")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_PUBLISHED_STRATEGY)
        return Response(JointProjectSerializer(joint_project_list(district=district), many=True).data)

    @extend_schema(request=JointProjectSerializer, responses={201: JointProjectSerializer}, summary="Projekt anlegen")
    def post(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY)
        payload = JointProjectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        lead_slug = data["lead_town"]
        towns = _towns(district.pk, [p["town"] for p in data["participants"]] + ([lead_slug] if lead_slug else []))
        project = joint_project_create(
            district=district,
            plan=plan_input(data),
            context=plan_context(district=district),
            lead_town=towns[lead_slug] if lead_slug else None,
            participants={towns[p["town"]]: p["commitment"] for p in data["participants"]},
            actor=acting_user(request),
        )
        fresh = joint_project_get(district=district, joint_project_id=project.pk)
        return Response(JointProjectSerializer(fresh).data, status=status.HTTP_201_CREATED)


class JointProjectDetailApi(APIView):
    @extend_schema(responses=JointProjectSerializer, summary="Ein gemeinsames Projekt")
    def get(self, request: Request, district_slug: str, joint_project_id: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_PUBLISHED_STRATEGY)
        project = joint_project_get(district=district, joint_project_id=joint_project_id)
        if project is None:
            raise Http404
        return Response(JointProjectSerializer(project).data)

    @extend_schema(
        request=PlanSerializer,
        responses=JointProjectSerializer,
        summary="Plan des Projekts ändern (Koordination oder federführende Kommune)",
    )
    def put(self, request: Request, district_slug: str, joint_project_id: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_DISTRICT)
        project = joint_project_get(district=district, joint_project_id=joint_project_id)
        if project is None:
            raise Http404
        if not can_edit_joint_project(acting_user(request), project):
            raise PermissionDenied
        payload = PlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        joint_project_update(
            joint_project=project,
            plan=plan_input(payload.validated_data),
            context=plan_context(district=district),
            actor=acting_user(request),
        )
        return Response(JointProjectSerializer(joint_project_get(district=district, joint_project_id=project.pk)).data)


class JointProjectParticipantsApi(APIView):
    class ParticipantsInputSerializer(serializers.Serializer):
        lead_town = serializers.SlugField(required=False, allow_null=True, default=None)
        participants = ParticipantSerializer(many=True)

    @extend_schema(
        request=ParticipantsInputSerializer, responses=JointProjectSerializer, summary="Federführung und Beteiligte"
    )
    def put(self, request: Request, district_slug: str, joint_project_id: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.MANAGE_STRATEGY)
        project = joint_project_get(district=district, joint_project_id=joint_project_id)
        if project is None:
            raise Http404
        payload = self.ParticipantsInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        slugs = [p["town"] for p in data["participants"]] + ([data["lead_town"]] if data["lead_town"] else [])
        towns = _towns(district.pk, slugs)
        joint_project_participants_set(
            joint_project=project,
            participants={towns[p["town"]]: p["commitment"] for p in data["participants"]},
            lead_town=towns[data["lead_town"]] if data["lead_town"] else None,
            actor=acting_user(request),
        )
        return Response(JointProjectSerializer(joint_project_get(district=district, joint_project_id=project.pk)).data)


# --- the yearly review ----------------------------------------------------------------------


class FieldReviewSerializer(serializers.Serializer):
    field_key = serializers.CharField()
    field_name = serializers.CharField()  # type: ignore[assignment]  # a declared field
    last = serializers.FloatField(allow_null=True)
    this = serializers.FloatField(allow_null=True)
    observed_change = serializers.FloatField(allow_null=True)
    expected_change = serializers.FloatField(
        allow_null=True, help_text="null: keine abgeschlossene Maßnahme nennt eine Frage des Handlungsfelds"
    )
    measures_done = serializers.SerializerMethodField()
    measures_delayed = serializers.SerializerMethodField()

    def get_measures_done(self, field: review.FieldReview) -> list[str]:
        return [measure.title for measure in field.measures_done]

    def get_measures_delayed(self, field: review.FieldReview) -> list[str]:
        return [measure.title for measure in field.measures_delayed]


class TownReviewSerializer(serializers.Serializer):
    town = serializers.CharField(source="town.slug")
    town_name = serializers.CharField(source="town.name")
    year = serializers.IntegerField()
    previous_year = serializers.IntegerField()
    released_last = serializers.BooleanField()
    released_this = serializers.BooleanField()
    overall_last = serializers.FloatField(allow_null=True)
    overall_this = serializers.FloatField(allow_null=True)
    measures_done = serializers.IntegerField(source="done_count")
    measures_delayed = serializers.IntegerField(source="delayed_count")
    fields = FieldReviewSerializer(many=True)  # type: ignore[assignment]  # a declared field


class ReviewSerializer(serializers.Serializer):
    reviews = TownReviewSerializer(many=True)
    method = serializers.SerializerMethodField()

    def get_method(self, _reviews: object) -> str:
        return str(review.METHOD_TEXT)


class DistrictReviewApi(APIView):
    @extend_schema(responses=ReviewSerializer, summary="Fortschreibung: Jahresvergleich aller Kommunen")
    def get(self, request: Request, district_slug: str, year: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        reviews = review.reviews_get(district=district, year=year)
        return Response(ReviewSerializer({"reviews": reviews}).data)


class TownReviewApi(APIView):
    @extend_schema(responses=ReviewSerializer, summary="Fortschreibung: Jahresvergleich der Kommune")
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        reviews = review.reviews_get(district=town.district, year=year, town_ids=[town.pk])
        return Response(ReviewSerializer({"reviews": reviews}).data)


# --- evidence files of a measure (D91–D93) ------------------------------------------------------


def _measure_files_access(request: Request, kwargs: dict[str, Any], *, write: bool) -> EvidenceAccess:
    files = measure_files_enter(
        acting_user(request), kwargs["district_slug"], kwargs["town_slug"], kwargs["measure_id"], write=write
    )

    def url_of(item: EvidenceFile) -> str:
        return request.build_absolute_uri(reverse("api:measure-file", kwargs={**kwargs, "file_id": item.pk}))

    return EvidenceAccess(town=files.town, owner=files.owner, download_url=url_of)


class MeasureFilesApi(EvidenceFilesApiBase):
    """The evidence files of one measure: seen like the measure's page, changed by the town's digital officer."""

    access = staticmethod(_measure_files_access)


class MeasureFileApi(EvidenceFileApiBase):
    access = staticmethod(_measure_files_access)
