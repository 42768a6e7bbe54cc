"""API of a town's Quick Check. The town's members see drafts; the district's coordinators see
what the town released, never drafts. Only the town's digital officer writes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from kreisagenda.api import (
    EXPORT_RESPONSES,
    FILE_UPLOAD_REQUEST,
    FORMAT_PARAMETER,
    IMPORT_PROBLEMS_RESPONSE,
    Extended,
    StoredDateTimeField,
    acting_user,
    table_format_param,
    uploaded_file,
)
from kreisagenda.files import file_response
from kreisagenda.numbers import whole_number
from kreisagenda.parsers import MultiPartParser
from kreisagenda.permissions import Action, can
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evidence.api_base import EvidenceAccess, EvidenceFileApiBase, EvidenceFilesApiBase
from evidence.models import EvidenceFile
from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.lookups import answer_files_enter
from quickcheck.answers.models import AssessmentStatus
from quickcheck.answers.selectors import AssessmentView, assessment_history, assessment_view
from quickcheck.answers.services import (
    ANSWER_FIELDS,
    AnswerConflict,
    AnswerEdit,
    AnswerInput,
    answer_save,
    assessment_release,
    assessment_reopen,
)
from quickcheck.lookups import town_grid_enter
from quickcheck.scoring import METHOD_TEXT, Scores
from quickcheck.selectors import grid_question_get


class AnswerSerializer(serializers.Serializer):
    current_level = serializers.IntegerField(min_value=0, max_value=4, allow_null=True, required=False, default=None)
    target_level = serializers.IntegerField(min_value=0, max_value=4, allow_null=True, required=False, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    not_applicable_reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    evidence_url = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    version = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="Version der Antwort, auf der die Änderung beruht (statt If-Match); "
        "ohne Version wird nicht auf zwischenzeitliche Änderungen geprüft",
    )
    confirm_carried_over = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="true: die aus dem Vorjahr übernommene Antwort ist geprüft und bleibt, wie sie ist (D65); "
        "ohne: eine unveränderte Antwort bleibt als ungeprüft markiert",
    )


class CompletenessSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    applicable = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="ganze Prozent, abgerundet")


CARRIED_OVER_HELP = "Jahr, aus dem die Antwort übernommen und seitdem nicht geprüft wurde; null: geprüft oder neu"


class AnswerSavedSerializer(AnswerSerializer):
    version = serializers.IntegerField(help_text="Version der Antwort nach dem Speichern (auch im ETag)")
    is_complete = serializers.BooleanField()
    carried_over_from = serializers.IntegerField(allow_null=True, help_text=CARRIED_OVER_HELP)
    completeness = CompletenessSerializer(help_text="des ganzen Quick Checks nach dem Speichern")
    carried_over_unchecked = serializers.IntegerField(
        help_text="Antworten des ganzen Quick Checks, die aus dem Vorjahr übernommen und noch nicht geprüft sind"
    )


class AnswerCurrentSerializer(AnswerSerializer):
    version = serializers.IntegerField(help_text="Version der gespeicherten Antwort (auch im ETag)")
    is_complete = serializers.BooleanField()
    carried_over_from = serializers.IntegerField(allow_null=True, help_text=CARRIED_OVER_HELP)
    updated_at = StoredDateTimeField()
    updated_by = serializers.CharField(source="updated_by_label", help_text="wer zuletzt geändert hat")


class AnswerConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(source="message")
    question = serializers.CharField(source="question.code", help_text="Nummer der Frage")
    conflicts = serializers.ListField(
        source="fields",
        child=serializers.ChoiceField(choices=ANSWER_FIELDS),
        help_text="die Felder, die seit der gesendeten Version geändert wurden",
    )
    current = AnswerCurrentSerializer(help_text="die gespeicherte Antwort: neu laden oder übernehmen")


# --- the whole Quick Check of a town ----------------------------------------------------------


class AssessmentAnswerSerializer(serializers.Serializer):
    current_level = serializers.IntegerField(allow_null=True)
    target_level = serializers.IntegerField(allow_null=True)
    not_applicable = serializers.BooleanField()
    not_applicable_reason = serializers.CharField()
    comment = serializers.CharField()
    evidence_url = serializers.CharField()
    is_complete = serializers.BooleanField()
    updated_at = StoredDateTimeField()
    version = serializers.IntegerField(help_text="für If-Match beim Speichern")
    carried_over_from = serializers.IntegerField(allow_null=True, help_text=CARRIED_OVER_HELP)


class AssessmentQuestionSerializer(serializers.Serializer):
    code = serializers.CharField(source="question.code")
    weight = serializers.IntegerField(source="question.weight")
    answer = AssessmentAnswerSerializer(allow_null=True, help_text="null: nicht beantwortet")


class AssessmentFieldSerializer(serializers.Serializer):
    key = serializers.CharField(source="field.key")
    name = serializers.CharField(source="field.name")
    score_current = serializers.FloatField(source="score.current", allow_null=True)
    score_target = serializers.FloatField(source="score.target", allow_null=True)
    questions = AssessmentQuestionSerializer(many=True)


# How far the town is; how much it answered only where its answers may be seen.
class AssessmentCompletenessSerializer(serializers.Serializer):
    answered = serializers.SerializerMethodField()
    applicable = serializers.IntegerField(source="completeness.applicable")
    percent = serializers.SerializerMethodField(help_text="ganze Prozent, abgerundet")

    def get_answered(self, view: AssessmentView) -> int | None:
        return view.completeness.answered if view.answers_visible else None

    def get_percent(self, view: AssessmentView) -> int | None:
        return view.completeness.percent if view.answers_visible else None


class AssessmentScoresSerializer(serializers.Serializer):
    method = serializers.SerializerMethodField(help_text="So wird gerechnet")
    overall_current = serializers.FloatField(allow_null=True)
    overall_target = serializers.FloatField(allow_null=True)

    def get_method(self, _scores: Scores) -> str:
        return str(METHOD_TEXT)


# Its moments are given as stored (UTC, "…Z"), as StoredDateTimeField gives them.
class AssessmentOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="grid.year")
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    answers_visible = serializers.BooleanField(help_text="false: die Kommune hat noch nicht freigegeben")
    is_sample_data = serializers.SerializerMethodField()
    released_at = serializers.SerializerMethodField(help_text="null: nicht freigegeben")
    reopened_at = serializers.SerializerMethodField()
    reopen_reason = serializers.SerializerMethodField()
    completeness = AssessmentCompletenessSerializer(
        source="*", help_text="answered und percent: null, solange die Antworten nicht sichtbar sind"
    )
    scores = AssessmentScoresSerializer()
    fields = AssessmentFieldSerializer(many=True)  # type: ignore[assignment]  # a declared field

    def get_is_sample_data(self, view: AssessmentView) -> bool:
        return bool(view.assessment and view.assessment.is_sample_data)

    def get_released_at(self, view: AssessmentView) -> datetime.datetime | None:
        return view.assessment.released_at if view.assessment and view.assessment.is_released else None

    def get_reopened_at(self, view: AssessmentView) -> datetime.datetime | None:
        return view.assessment.reopened_at if view.assessment else None

    def get_reopen_reason(self, view: AssessmentView) -> str:
        return view.assessment.reopen_reason if view.assessment else ""


class AssessmentApi(APIView):
    @extend_schema(
        responses=AssessmentOutputSerializer,
        summary="Quick Check einer Kommune: Antworten, Vollständigkeit, Werte (Kreis: nur freigegebene)",
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.VIEW_TOWN)
        view = assessment_view(
            town=town, grid=grid, include_drafts=can(acting_user(request), Action.VIEW_TOWN_DRAFTS, town)
        )
        return Response(AssessmentOutputSerializer(view).data)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        'Die Version der Antwort, die Sie gelesen haben (ETag, z. B. "3"; eine noch nicht gespeicherte Antwort '
        'hat "0"). Wurde ein Feld, das Sie ändern, seither geändert, antwortet die API 409 mit der gespeicherten '
        "Antwort und speichert nichts; Änderungen anderer Felder bleiben erhalten. Alternativ: Feld version."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='Die Version der gespeicherten Antwort, z. B. "4": für das nächste If-Match',
    response=[200, 409],
)
SAVE_RESPONSES = {200: AnswerSavedSerializer, 409: AnswerConflictSerializer}


def _etag(version: int) -> str:
    return f'"{version}"'


def _if_match(request: Request, body: int | None) -> int | None:
    """The version a save is based on: If-Match (one ETag, ``*`` means none) or the body's ``version``."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return body
    tag = header.removeprefix("W/")
    version = whole_number(tag[1:-1]) if len(tag) >= 3 and tag[0] == tag[-1] == '"' else None
    if version is None or (body is not None and body != version):
        raise serializers.ValidationError(
            {
                "detail": [
                    _('If-Match: erwartet wird eine Version der Antwort, etwa "3" (und dieselbe wie im Feld version).')
                ]
            }
        )
    return version


class AnswerApi(APIView):
    """One answer: PUT writes all of it, PATCH only the fields sent; both checked against a version (D55)."""

    @extend_schema(
        request=AnswerSerializer,
        responses=SAVE_RESPONSES,
        parameters=[IF_MATCH, ETAG],
        summary="Antwort speichern (Entwurf; fehlende Felder werden geleert)",
    )
    def put(self, request: Request, district_slug: str, town_slug: str, year: int, code: str) -> Response:
        return self._save(request, district_slug, town_slug, year, code, partial=False)

    @extend_schema(
        request=AnswerSerializer,
        responses=SAVE_RESPONSES,
        parameters=[IF_MATCH, ETAG],
        summary="Felder einer Antwort speichern (Entwurf; nur die gesendeten Felder; so speichert die Seite)",
    )
    def patch(self, request: Request, district_slug: str, town_slug: str, year: int, code: str) -> Response:
        return self._save(request, district_slug, town_slug, year, code, partial=True)

    def _save(
        self, request: Request, district_slug: str, town_slug: str, year: int, code: str, *, partial: bool
    ) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        question = grid_question_get(grid=grid, code=code)
        if question is None:
            raise Http404
        payload = AnswerSerializer(data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = _if_match(request, values.pop("version", None))
        confirm = bool(values.pop("confirm_carried_over", False))
        written = frozenset(values) if partial else frozenset(ANSWER_FIELDS)
        edit = AnswerEdit(AnswerInput(**values), fields=written, version=version, confirm=confirm)
        try:
            answer = answer_save(town=town, grid=grid, question=question, data=edit, actor=acting_user(request))
        except AnswerConflict as refused:
            conflict = refused.conflicts[0]
            body = AnswerConflictSerializer(conflict).data
            return Response(body, status=status.HTTP_409_CONFLICT, headers={"ETag": _etag(conflict.current.version)})
        view = assessment_view(town=town, grid=grid, include_drafts=True)
        body = AnswerSavedSerializer(
            Extended(answer, completeness=view.completeness, carried_over_unchecked=view.carried_over_count)
        ).data
        return Response(body, headers={"ETag": _etag(answer.version)})


class ReleaseApi(APIView):
    @extend_schema(request=None, responses=AssessmentOutputSerializer, summary="An den Kreis freigeben")
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        assessment_release(town=town, grid=grid, actor=acting_user(request))
        return Response(AssessmentOutputSerializer(assessment_view(town=town, grid=grid, include_drafts=True)).data)


class ReopenApi(APIView):
    class ReopenInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500)

    class ReopenOutputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=AssessmentStatus.choices)
        reopen_reason = serializers.CharField()

    @extend_schema(
        request=ReopenInputSerializer,
        responses=ReopenOutputSerializer,
        summary="Freigabe zurücknehmen (Kreis-Koordination)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.REOPEN_RELEASE)
        payload = self.ReopenInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assessment = assessment_reopen(
            town=town,
            grid=grid,
            reason=payload.validated_data["reason"],
            actor=acting_user(request),
        )
        return Response(self.ReopenOutputSerializer(assessment).data)


class HistoryApi(APIView):
    class HistoryEntrySerializer(serializers.Serializer):
        occurred_at = serializers.DateTimeField()
        by = serializers.CharField(source="actor_label")
        action = serializers.CharField()
        summary = serializers.CharField()
        # What the entry recorded, as recorded: each kind of change keeps its own details.
        changes = serializers.DictField()

    @extend_schema(
        responses=HistoryEntrySerializer(many=True), summary="Änderungsverlauf des Quick Checks (nur die Kommune)"
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.VIEW_TOWN_DRAFTS)
        return Response(self.HistoryEntrySerializer(assessment_history(year=year), many=True).data)


class AnswersExportApi(APIView):
    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses=EXPORT_RESPONSES,
        summary="Antworten als Datei",
    )
    def get(self, request: Request, district_slug: str, town_slug: str, year: int) -> HttpResponse:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.VIEW_TOWN)
        table_format = table_format_param(request)
        exported = answers_export(
            town=town,
            grid=grid,
            include_drafts=can(acting_user(request), Action.VIEW_TOWN_DRAFTS, town),
            table_format=table_format,
        )
        if exported is None:
            raise Http404  # nothing released yet: there is nothing for the district to export
        return file_response(*exported, table_format)


class AnswersImportApi(APIView):
    parser_classes = [MultiPartParser]

    class AnswersImportOutputSerializer(serializers.Serializer):
        changed = serializers.IntegerField(help_text="Zahl der geänderten Antworten")

    @extend_schema(
        request=FILE_UPLOAD_REQUEST,
        responses={200: AnswersImportOutputSerializer, 400: IMPORT_PROBLEMS_RESPONSE},
        summary="Antworten aus Datei übernehmen (Entwurf; alles oder nichts)",
    )
    def post(self, request: Request, district_slug: str, town_slug: str, year: int) -> Response:
        town, grid = town_grid_enter(acting_user(request), district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
        upload = uploaded_file(request)
        changed = answers_import(
            town=town, grid=grid, data=upload.data, filename=upload.filename, actor=acting_user(request)
        )
        return Response(self.AnswersImportOutputSerializer({"changed": changed}).data)


# --- evidence files of an answer (D91–D93) ------------------------------------------------------


def _answer_files_access(request: Request, kwargs: dict[str, Any], *, write: bool) -> EvidenceAccess:
    files = answer_files_enter(
        acting_user(request), kwargs["district_slug"], kwargs["town_slug"], kwargs["year"], kwargs["code"], write=write
    )

    def url_of(item: EvidenceFile) -> str:
        return request.build_absolute_uri(reverse("api:answer-file", kwargs={**kwargs, "file_id": item.pk}))

    return EvidenceAccess(town=files.town, owner=files.owner, download_url=url_of)


class AnswerFilesApi(EvidenceFilesApiBase):
    """The evidence files of one answer: seen like the answer (D19), changed by the digital officer while a draft."""

    access = staticmethod(_answer_files_access)


class AnswerFileApi(EvidenceFileApiBase):
    access = staticmethod(_answer_files_access)
