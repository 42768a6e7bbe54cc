"""Small pieces every API module shares: who acts, errors as 400 answers, output serializers' helpers,
file parameters, uploads and downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kreisagenda.tabular import Problem, TableFormat, TableImportError, table_format_named

if TYPE_CHECKING:
    from accounts.models import User


def acting_user(request: Request) -> User:
    """Who makes the request, as our User: every API view requires an authenticated user (settings)."""
    user = request.user
    # The user model by setting, not by import: the plumbing knows no app (docs/architecture.md).
    if not isinstance(user, get_user_model()):
        raise NotAuthenticated
    return user


def _validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as a DRF 400 answer, keyed by field where the service said which."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"detail": error.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]), plus two refusals of our own as a 400.

    So API views call services and imports without catching: a service's ValidationError reaches
    the client as _validation_error() shapes it, a refused file as import_problems_response().
    Everything else (and None: a 500) is DRF's own answer.
    """
    if isinstance(exc, DjangoValidationError):
        exc = _validation_error(exc)
    elif isinstance(exc, TableImportError):
        return import_problems_response(exc)
    return drf_exception_handler(exc, context)


# --- answers ------------------------------------------------------------------------------


class Extended:
    """An object seen with a few more attributes, for an output serializer.

    ``Serializer(Extended(town, role_holders=holders)).data``: the serializer reads the town's own
    attributes through it, and what the view adds (from other selectors) by name.
    """

    def __init__(self, base: object, **extras: object) -> None:
        self._base = base
        self.__dict__.update(extras)

    def __getattr__(self, name: str) -> Any:
        if name == "_base":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self._base, name)


class StoredDateTimeField(serializers.DateTimeField):
    """A moment as these answers have always shown it: ISO 8601 as stored (UTC, "…Z").

    DRF's DateTimeField would first convert it to the current time zone (…+01:00); answers that
    were built by hand before they had serializers keep their format with this field.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=None, **kwargs)  # the JSON encoder writes the datetime as it is


# --- file imports ---------------------------------------------------------------------------


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportProblemSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Dateiname")  # type: ignore[assignment]  # a declared field
    sheet = serializers.CharField(allow_null=True, help_text="Tabellenblatt (null bei CSV)")
    row = serializers.IntegerField(allow_null=True, help_text="Zeile in der Datei")
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    text = serializers.SerializerMethodField(help_text="Wo und was, in einem Satz")

    def get_text(self, problem: Problem) -> str:
        return str(problem)


class ImportProblemsSerializer(serializers.Serializer):
    problems = ImportProblemSerializer(many=True)


def import_problems_response(error: TableImportError) -> Response:
    """400 with every problem of the file; a plain Response, so row numbers stay numbers."""
    return Response(ImportProblemsSerializer(error).data, status=status.HTTP_400_BAD_REQUEST)


class Upload(NamedTuple):
    data: bytes
    filename: str


def uploaded_file(request: Request) -> Upload:
    """The file of a multipart upload, read; without one the answer is 400 {"file": [...]}.

    An import then runs without catching: its TableImportError becomes import_problems_response()
    in exception_handler().
    """
    payload = FileUploadSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    upload: UploadedFile = payload.validated_data["file"]
    return Upload(data=upload.read(), filename=str(upload.name))  # FileField refuses a file without name


# For @extend_schema of an import: what it takes, and its 400 when the file is refused.
FILE_UPLOAD_REQUEST = {"multipart/form-data": FileUploadSerializer}
IMPORT_PROBLEMS_RESPONSE = OpenApiResponse(
    ImportProblemsSerializer,
    description="Die Datei wurde nicht übernommen (nichts wurde geschrieben): jedes Problem mit Datei, Tabelle, "
    'Zeile und Spalte. Fehlt die Datei: {"file": [...]}.',
)


# --- file exports ---------------------------------------------------------------------------

# For @extend_schema of an export: a file in the format asked for.
EXPORT_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, TableFormat.XLSX.content_type): OpenApiTypes.BINARY,
}

# Not "format": DRF reserves that query parameter for choosing its own renderer.
FORMAT_PARAMETER = OpenApiParameter("file_format", str, enum=["csv", "xlsx"], default="xlsx", description="Dateiformat")


def table_format_param(request: Request) -> TableFormat:
    table_format = table_format_named(request.query_params.get("file_format", "xlsx"))
    if table_format is None:
        raise serializers.ValidationError({"file_format": ["csv oder xlsx"]})
    return table_format
