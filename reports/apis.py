"""API of the reports: request one (the conference's or a town's), follow its build, fetch its files.
Views check access, call services and selectors, answer."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from kreisagenda.api import Extended, acting_user
from kreisagenda.lookups import district_for, town_for
from kreisagenda.permissions import Action
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.downloads import report_file_response
from reports.lookups import report_file_for, report_for
from reports.models import Report, ReportFormat, ReportKind, ReportStatus
from reports.selectors import reports_of
from reports.services import report_request
from reports.tasks import report_build_later
from tenants.models import District, Town

LISTED = 20  # the newest reports, as on the page


class ReportFileSerializer(serializers.Serializer):
    file_format = serializers.ChoiceField(choices=ReportFormat.choices)
    filename = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes")
    url = serializers.CharField(help_text="Adresse der Datei in dieser API")


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    town = serializers.CharField(allow_null=True, help_text="Kürzel der Kommune; null beim Bericht der Konferenz")
    year = serializers.IntegerField(allow_null=True, help_text="Erhebungsjahr der Zahlen, sobald gebaut")
    meeting_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    progress = serializers.IntegerField(help_text="Prozent")
    step = serializers.CharField(help_text="Was der Bau gerade tut")
    problem = serializers.CharField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    files = ReportFileSerializer(many=True)


class ReportRequestSerializer(serializers.Serializer):
    meeting_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Sitzung am (Titelblatt; nur beim Bericht der Konferenz)",
    )


def _shown(report: Report) -> Extended:
    district_slug = report.district.slug
    files = [
        {
            "file_format": f.file_format,
            "filename": f.filename,
            "size": f.size,
            "url": reverse("api:report-file-api", args=[district_slug, report.pk, f.file_format]),
        }
        for f in report.files.all()
    ]
    return Extended(report, id=report.pk, town=report.town.slug if report.town else None, files=files)


def _list(district: District, town: Town | None) -> Response:
    reports = reports_of(district=district, town=town).select_related("district", "town")[:LISTED]
    return Response(ReportSerializer([_shown(report) for report in reports], many=True).data)


def _request(request: Request, district: District, town: Town | None) -> Response:
    payload = ReportRequestSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    report = report_request(
        district=district,
        town=town,
        user=acting_user(request),
        meeting_date=payload.validated_data["meeting_date"],
        language=get_language() or "de",
    )
    report_build_later(report)
    return Response(ReportSerializer(_shown(report)).data, status=status.HTTP_202_ACCEPTED)


class ConferenceReportListCreateApi(APIView):
    @extend_schema(responses=ReportSerializer(many=True), summary="Berichte der Bürgermeisterkonferenz (die neuesten)")
    def get(self, request: Request, district_slug: str) -> Response:
        return _list(district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK), None)

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportSerializer},
        summary="Sitzungsvorlage anfordern (der Worker baut sie; Stand unter der Adresse des Berichts)",
    )
    def post(self, request: Request, district_slug: str) -> Response:
        return _request(request, district_for(acting_user(request), district_slug, Action.VIEW_BENCHMARK), None)


class TownReportListCreateApi(APIView):
    @extend_schema(responses=ReportSerializer(many=True), summary="Berichte einer Kommune (die neuesten)")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        return _list(town.district, town)

    @extend_schema(
        request=ReportRequestSerializer, responses={202: ReportSerializer}, summary="Bericht der Kommune anfordern"
    )
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        return _request(request, town.district, town)


class ReportDetailApi(APIView):
    @extend_schema(responses=ReportSerializer, summary="Ein Bericht: Stand, Fortschritt, Dateien")
    def get(self, request: Request, district_slug: str, report_id: int) -> Response:
        return Response(ReportSerializer(_shown(report_for(acting_user(request), district_slug, report_id))).data)


class ReportFileApi(APIView):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, ReportFormat.XLSX.content_type): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
        },
        summary="Eine Datei eines fertigen Berichts (pdf, xlsx, csv)",
        operation_id="districts_reports_file_retrieve",
    )
    def get(self, request: Request, district_slug: str, report_id: int, file_format: str) -> HttpResponse:
        return report_file_response(report_file_for(acting_user(request), district_slug, report_id, file_format))
