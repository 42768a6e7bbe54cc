"""A town's list as a file through the API: export (CSV, XLSX) and an all-or-nothing import, the same
for every list (the solution register, the measures). A subclass names its export or import and its
OpenAPI summary; access, the town's schema and the answer's shape are here once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kreisagenda.api import (
    EXPORT_RESPONSES,
    FILE_UPLOAD_REQUEST,
    FORMAT_PARAMETER,
    IMPORT_PROBLEMS_RESPONSE,
    acting_user,
    table_format_param,
    uploaded_file,
)
from kreisagenda.files import file_response
from kreisagenda.lookups import town_enter, town_for
from kreisagenda.parsers import MultiPartParser
from kreisagenda.permissions import Action


class ImportCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class TownFileExportApi(APIView):
    """A town's list as a file (CSV or XLSX), for those who see the town. A subclass names the export
    (``export``: town and format → file name and bytes) and its summary (``extend_schema_view``)."""

    export: ClassVar[Callable[..., tuple[str, bytes]]]

    def get(self, request: Request, district_slug: str, town_slug: str) -> HttpResponse:
        town = town_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN)
        table_format = table_format_param(request)
        town_enter(town)
        return file_response(*type(self).export(town=town, table_format=table_format), table_format)


class TownFileImportApi(APIView):
    """A town's list read from a file, all or nothing, for those who edit the town's data. A subclass
    names the import (``run``: town, bytes, file name, actor → counts) and its summary."""

    parser_classes = [MultiPartParser]
    run: ClassVar[Callable[..., dict[str, int]]]

    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.EDIT_TOWN_DATA)
        upload = uploaded_file(request)
        town_enter(town)
        counts = type(self).run(town=town, data=upload.data, filename=upload.filename, actor=acting_user(request))
        return Response(ImportCountsSerializer(counts).data)


def town_file_schema(*, export_summary: str = "", import_summary: str = "") -> Any:
    """The OpenAPI description of a subclass of :class:`TownFileExportApi` or :class:`TownFileImportApi`."""
    if export_summary:
        return extend_schema_view(
            get=extend_schema(parameters=[FORMAT_PARAMETER], responses=EXPORT_RESPONSES, summary=export_summary)
        )
    return extend_schema_view(
        post=extend_schema(
            request=FILE_UPLOAD_REQUEST,
            responses={200: ImportCountsSerializer, 400: IMPORT_PROBLEMS_RESPONSE},
            summary=import_summary,
        )
    )
