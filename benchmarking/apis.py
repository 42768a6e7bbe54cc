"""API of the comparison, the synergies and the duplicated-structure flags, and of a town's position.

The serializers below show the same figures the pages show, from the same selectors.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_field
from kreisagenda.api import (
    EXPORT_RESPONSES,
    FORMAT_PARAMETER,
    Extended,
    StoredDateTimeField,
    acting_user,
    table_format_param,
)
from kreisagenda.files import file_response
from kreisagenda.lookups import district_for, town_for
from kreisagenda.numbers import as_float
from kreisagenda.permissions import Action, peer_names_visible
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict
from rest_framework.views import APIView

from benchmarking.exports import comparison_export, position_export
from benchmarking.lookups import town_position_for
from benchmarking.models import DuplicateFlag, FlagStatus, SuggestedAction
from benchmarking.savings import method_text as savings_method_text
from benchmarking.savings import savings_estimate
from benchmarking.selectors import (
    Comparison,
    FieldPosition,
    SharedGap,
    TownPosition,
    TownResult,
    comparison_get,
    flag_get,
    flags_decided,
    flags_open,
    similar_to_draft,
    size_class_comparison,
    synergies_get,
)
from benchmarking.services import duplicate_flag_confirm, duplicate_flag_dismiss
from benchmarking.similarity import METHOD_TEXT as DUPLICATES_METHOD_TEXT
from benchmarking.statistics import METHOD_TEXT, RULE_TEXT, SizeClass, Verdict
from publishing.models import SnapshotStatus
from roadmap.models import JointProject
from tenants.models import Town

VERDICTS = [verdict.value for verdict in Verdict]
SIZE_CLASSES = [size_class.value for size_class in SizeClass]


class GroupStatisticsSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Zahl der Kommunen der Gruppe")
    minimum = serializers.FloatField()
    lower_quartile = serializers.FloatField()
    median = serializers.FloatField()
    upper_quartile = serializers.FloatField()
    maximum = serializers.FloatField()


def _statistics(**kwargs: Any) -> GroupStatisticsSerializer:
    return GroupStatisticsSerializer(allow_null=True, help_text="null: weniger als 3 Kommunen", **kwargs)


# --- the comparison of a district's towns ------------------------------------------------------


class FieldResultSerializer(serializers.Serializer):
    current = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    verdict = serializers.ChoiceField(choices=VERDICTS, allow_null=True, help_text="null: im Rahmen der Gruppe")


class TownResultSerializer(serializers.Serializer):
    town = serializers.CharField(source="slug")
    name = serializers.CharField()
    kind = serializers.CharField()
    version = serializers.IntegerField()
    released_at = StoredDateTimeField(allow_null=True)
    is_sample_data = serializers.BooleanField()
    overall_current = serializers.FloatField(allow_null=True)
    overall_target = serializers.FloatField(allow_null=True)
    # A map: keyed by the key of each field of action the town has figures for.
    fields = serializers.SerializerMethodField(method_name="field_results")  # type: ignore[assignment]

    @extend_schema_field(serializers.DictField(child=FieldResultSerializer()))
    def field_results(self, result: TownResult) -> dict[str, dict[str, Any]]:
        # Built by hand, as FieldResultSerializer describes it: towns × fields of action run into the
        # ten thousands for a large district, and a nested serializer per cell tripled the answer's time.
        return {
            key: {"current": as_float(cell.current), "target": as_float(cell.target), "verdict": cell.verdict}
            for key, cell in result.fields.items()
        }


class ComparisonFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    current = _statistics(source="statistics")
    target = _statistics(source="target_statistics")


class ComparisonReleaseSerializer(serializers.Serializer):
    town = serializers.CharField(source="town.slug")
    name = serializers.CharField(source="town.name")
    status = serializers.ChoiceField(choices=SnapshotStatus.choices, allow_null=True, help_text="null: nie freigegeben")
    version = serializers.IntegerField(allow_null=True)
    released_at = StoredDateTimeField(allow_null=True)


class ComparisonSizeClassSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    districts = serializers.IntegerField(source="district_count")
    overall = _statistics()
    # A map: keyed by the key of each field of action.
    fields = serializers.DictField(child=_statistics())  # type: ignore[assignment]  # a declared field


class ComparisonSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    rule = serializers.SerializerMethodField()
    method = serializers.SerializerMethodField()
    fields = ComparisonFieldSerializer(many=True)  # type: ignore[assignment]  # a declared field
    overall = _statistics()
    towns = TownResultSerializer(many=True, help_text="freigegebene Kommunen (ohne Kreisverwaltung), nach Name")
    district_administration = TownResultSerializer(
        source="administration", allow_null=True, help_text="zur Information, nie Teil der Gruppe"
    )
    releases = ComparisonReleaseSerializer(many=True)
    # A map: keyed by the size class of town (10000_20000, …); null when no class can be shown.
    size_classes = serializers.DictField(child=ComparisonSizeClassSerializer(), allow_null=True)

    def get_rule(self, _comparison: Comparison) -> str:
        return str(RULE_TEXT)

    def get_method(self, _comparison: Comparison) -> str:
        return str(METHOD_TEXT)


def comparison_data(comparison: Comparison) -> ReturnDict[str, Any]:
    """The comparison as the API answers it, with the size classes of the year across districts."""
    by_size = size_class_comparison(year=comparison.year)
    return ComparisonSerializer(Extended(comparison, size_classes=by_size)).data


# --- synergies ----------------------------------------------------------------------------------


class MentorPairSerializer(serializers.Serializer):
    field_key = serializers.CharField()
    mentor = serializers.CharField(source="mentor.slug")
    mentee = serializers.CharField(source="mentee.slug")
    gap = serializers.FloatField()
    mentor_solutions = serializers.ListField(child=serializers.CharField())


class SharedGapSerializer(serializers.Serializer):
    field_key = serializers.CharField()
    towns = serializers.SerializerMethodField()
    question_code = serializers.SerializerMethodField(help_text="gesetzt bei einem gemeinsamen Soll einer Frage")
    target_level = serializers.IntegerField(allow_null=True)

    def get_towns(self, gap: SharedGap) -> list[str]:
        return [town.slug for town in gap.towns]

    def get_question_code(self, gap: SharedGap) -> str | None:
        return gap.question_code or None


class SynergiesSerializer(serializers.Serializer):
    mentor_pairs = MentorPairSerializer(many=True)
    shared_gaps = SharedGapSerializer(many=True)


# --- a town's position --------------------------------------------------------------------------


class PeerSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True, help_text="null: der Kreis zeigt Kommunen keine Namen")
    current = serializers.FloatField(allow_null=True)
    is_self = serializers.BooleanField()


class FieldPositionSerializer(serializers.Serializer):
    key = serializers.CharField(source="field.key")
    name = serializers.CharField(source="field.name")
    current = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    group = _statistics(source="field.statistics")
    size_class_group = _statistics(source="size_class_statistics")
    peers = PeerSerializer(many=True)

    def get_current(self, row: FieldPosition) -> float | None:
        return as_float(row.own.current) if row.own else None

    def get_target(self, row: FieldPosition) -> float | None:
        return as_float(row.own.target) if row.own else None

    @extend_schema_field(serializers.ChoiceField(choices=VERDICTS, allow_null=True))
    def get_verdict(self, row: FieldPosition) -> str | None:
        return row.own.verdict if row.own else None


class TownPositionSerializer(serializers.Serializer):
    town = serializers.CharField(source="town.slug")
    year = serializers.IntegerField(source="comparison.year")
    rule = serializers.SerializerMethodField()
    released = serializers.SerializerMethodField()
    names_visible = serializers.BooleanField()
    size_class = serializers.ChoiceField(choices=SIZE_CLASSES)
    overall_current = serializers.SerializerMethodField()
    fields = FieldPositionSerializer(many=True)  # type: ignore[assignment]  # a declared field

    def get_rule(self, _position: TownPosition) -> str:
        return str(RULE_TEXT)

    def get_released(self, position: TownPosition) -> bool:
        return position.own is not None

    def get_overall_current(self, position: TownPosition) -> float | None:
        return as_float(position.own.overall_current) if position.own else None


# --- duplicated structures ----------------------------------------------------------------------


class FlagEvidenceItemSerializer(serializers.Serializer):
    stage = serializers.CharField()
    title = serializers.CharField()
    vendor = serializers.CharField()
    item_id = serializers.IntegerField()
    product = serializers.CharField()
    town_id = serializers.IntegerField()
    category = serializers.CharField()
    item_kind = serializers.ChoiceField(choices=["solution", "measure"])
    town_name = serializers.CharField()
    contract_end = serializers.DateField(allow_null=True)
    annual_cost = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text="jährliche Kosten (EUR) eines Registereintrags; null oder fehlend: nicht angegeben",
    )


class FlagEvidencePairSerializer(serializers.Serializer):
    first = serializers.IntegerField(help_text="Stelle in items")
    second = serializers.IntegerField(help_text="Stelle in items")
    similarity = serializers.DecimalField(max_digits=4, decimal_places=3)


class FlagEvidenceSerializer(serializers.Serializer):
    items = FlagEvidenceItemSerializer(many=True)
    pairs = FlagEvidencePairSerializer(many=True)


@extend_schema_field(FlagEvidenceSerializer)
class FlagEvidenceField(serializers.JSONField):
    """The evidence as it was recorded when the flag was raised (described by FlagEvidenceSerializer)."""


class FlagProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class FlagSavingsEntrySerializer(serializers.Serializer):
    town_name = serializers.CharField()
    title = serializers.CharField()
    annual_cost = serializers.DecimalField(max_digits=9, decimal_places=2, coerce_to_string=False)


class FlagUncostedEntrySerializer(serializers.Serializer):
    town_name = serializers.CharField()
    title = serializers.CharField()
    is_measure = serializers.BooleanField(help_text="eine Maßnahme (ohne jährliche Kosten); sonst ohne Angabe")


class FlagSavingsSerializer(serializers.Serializer):
    rate = serializers.DecimalField(
        max_digits=3, decimal_places=2, coerce_to_string=False, help_text="angenommener Anteil"
    )
    total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
        help_text="null: keine Kosten angegeben",
    )
    saving = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False)
    costed = FlagSavingsEntrySerializer(many=True)
    uncosted = FlagUncostedEntrySerializer(many=True, help_text="nicht mitgezählt")


class DuplicateFlagSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    field_key = serializers.CharField()
    similarity = serializers.FloatField()
    suggested_action = serializers.ChoiceField(choices=SuggestedAction.choices)
    status = serializers.ChoiceField(choices=FlagStatus.choices)
    is_current = serializers.BooleanField()
    evidence = FlagEvidenceField()
    created_at = StoredDateTimeField()
    decided_at = StoredDateTimeField(allow_null=True)
    decided_by = serializers.CharField(source="decided_by_label")
    decision_reason = serializers.CharField()
    joint_project = serializers.SerializerMethodField()
    savings = serializers.SerializerMethodField()

    @extend_schema_field(FlagSavingsSerializer)
    def get_savings(self, flag: DuplicateFlag) -> dict[str, Any]:
        return dict(FlagSavingsSerializer(savings_estimate(flag.evidence)).data)

    @extend_schema_field(FlagProjectSerializer(allow_null=True))
    def get_joint_project(self, flag: DuplicateFlag) -> dict[str, int] | None:
        return None if flag.joint_project_id is None else {"id": flag.joint_project_id}


class FlagListSerializer(serializers.Serializer):
    method = serializers.SerializerMethodField()
    open = DuplicateFlagSerializer(many=True)
    decided = DuplicateFlagSerializer(many=True)

    savings_method = serializers.SerializerMethodField()

    def get_method(self, _flags: object) -> str:
        return str(DUPLICATES_METHOD_TEXT)

    def get_savings_method(self, _flags: object) -> str:
        return savings_method_text()


class ComparisonApi(APIView):
    @extend_schema(
        responses=ComparisonSerializer, summary="Vergleich der Kommunen eines Kreises (Koordination, Konferenz)"
    )
    def get(self, request: Request, district_slug: str, year: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        return Response(comparison_data(comparison_get(district=district, year=year)))


class ComparisonExportApi(APIView):
    @extend_schema(parameters=[FORMAT_PARAMETER], responses=EXPORT_RESPONSES, summary="Vergleich als Datei")
    def get(self, request: Request, district_slug: str, year: int) -> HttpResponse:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        table_format = table_format_param(request)
        content = comparison_export(comparison_get(district=district, year=year), table_format)
        return file_response(f"vergleich-{district.slug}-{year}.{table_format.value}", content, table_format)


class SynergiesApi(APIView):
    @extend_schema(responses=SynergiesSerializer, summary="Patenschaften und gemeinsame Lücken")
    def get(self, request: Request, district_slug: str, year: int) -> Response:
        district = district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK)
        synergies = synergies_get(comparison=comparison_get(district=district, year=year))
        return Response(SynergiesSerializer(synergies).data)


class FlagListApi(APIView):
    @extend_schema(responses=FlagListSerializer, summary="Hinweise auf Doppelstrukturen (Koordination)")
    def get(self, request: Request, district_slug: str) -> Response:
        district = district_for(acting_user(request), district_slug, Action.DECIDE_DUPLICATES)
        flags = {"open": flags_open(district=district), "decided": flags_decided(district=district)}
        return Response(FlagListSerializer(flags).data)


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

    class ConfirmedFlagSerializer(DuplicateFlagSerializer):
        class ConfirmedFlagProjectSerializer(serializers.Serializer):
            id = serializers.IntegerField()
            title = serializers.CharField()

        joint_project = ConfirmedFlagProjectSerializer()  # type: ignore[assignment]  # the project, with its title

    @extend_schema(
        request=ConfirmInputSerializer, responses=ConfirmedFlagSerializer, summary="Bestätigen → gemeinsames Projekt"
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
        return Response(self.ConfirmedFlagSerializer(Extended(flag, joint_project=project)).data)


class FlagDismissApi(APIView):
    class DismissInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500)

    @extend_schema(
        request=DismissInputSerializer, responses=DuplicateFlagSerializer, summary="Verwerfen (mit Begründung)"
    )
    def post(self, request: Request, district_slug: str, flag_id: int) -> Response:
        flag = _flag(request, district_slug, flag_id)
        payload = self.DismissInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        flag = duplicate_flag_dismiss(flag=flag, reason=payload.validated_data["reason"], actor=acting_user(request))
        return Response(DuplicateFlagSerializer(flag).data)


class TownPositionApi(APIView):
    @extend_schema(responses=TownPositionSerializer, summary="Position einer Kommune im Vergleich")
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        position = town_position_for(acting_user(request), district_slug, town_slug, year)
        return Response(TownPositionSerializer(position).data)


class TownPositionExportApi(APIView):
    @extend_schema(parameters=[FORMAT_PARAMETER], responses=EXPORT_RESPONSES, summary="Position als Datei")
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> HttpResponse:
        position = town_position_for(acting_user(request), district_slug, town_slug, year)
        table_format = table_format_param(request)
        return file_response(
            f"vergleich-{position.town.slug}-{year}.{table_format.value}",
            position_export(position, table_format),
            table_format,
        )


# --- checking while typing ----------------------------------------------------------------------


class SimilarInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(max_length=10000, allow_blank=True, required=False, default="")
    product = serializers.CharField(max_length=120, allow_blank=True, required=False, default="")
    category = serializers.CharField(max_length=32, allow_blank=True, required=False, default="")


class SimilarMatchSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["measure", "solution", "joint_project"])
    title = serializers.CharField()
    town = serializers.CharField(source="town_name", help_text="leer: gemeinsames Projekt, oder Namen sind verborgen")
    field_key = serializers.CharField()
    similarity = serializers.DecimalField(max_digits=4, decimal_places=3)
    concepts = serializers.ListField(child=serializers.CharField(), help_text="gleiche Begriffe des Wortschatzes")
    words = serializers.ListField(child=serializers.CharField(), help_text="gemeinsame Wörter")
    joint_project_id = serializers.IntegerField(allow_null=True)
    joint_project_title = serializers.CharField()
    joinable = serializers.BooleanField(
        help_text="die Kommune ist an dem Projekt beteiligt und kann ihren Eintrag zuordnen"
    )


class SimilarApi(APIView):
    @extend_schema(
        request=SimilarInputSerializer,
        responses=SimilarMatchSerializer(many=True),
        summary="Ähnliche Vorhaben anderer Kommunen und gemeinsame Projekte, vor dem Speichern",
    )
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        user = acting_user(request)
        town = town_for(user, district_slug, town_slug, Action.EDIT_TOWN_DATA)
        payload = SimilarInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        matches = similar_to_draft(
            town=town,
            names_visible=peer_names_visible(user, town.district),
            **payload.validated_data,
        )
        return Response(SimilarMatchSerializer(matches, many=True).data)
