"""Small pieces every API module shares: errors as 400 answers, file parameters, uploads and downloads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.models import User
from kreisagenda.tabular import TableFormat, TableImportError, table_format_named


def acting_user(request: Request) -> User:
    """Who makes the request, as our User: every API view requires an authenticated user (settings)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user


def validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as a DRF 400 answer, keyed by field where the service said which."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"detail": error.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]), plus a service's ValidationError as a 400.

    So API views call services without catching: what a service refuses reaches the client as
    validation_error() shapes it. Everything else (and None: a 500) is DRF's own answer.
    """
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    return drf_exception_handler(exc, context)


def import_problems_response(error: TableImportError) -> Response:
    """400 with every problem of the file; a plain Response, so row numbers stay numbers."""
    problems = [
        {"source": p.source, "sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message, "text": str(p)}
        for p in error.problems
    ]
    return Response({"problems": problems}, status=status.HTTP_400_BAD_REQUEST)


# Not "format": DRF reserves that query parameter for choosing its own renderer.
FORMAT_PARAMETER = OpenApiParameter("file_format", str, enum=["csv", "xlsx"], default="xlsx", description="Dateiformat")


def table_format_param(request: Request) -> TableFormat:
    table_format = table_format_named(request.query_params.get("file_format", "xlsx"))
    if table_format is None:
        raise serializers.ValidationError({"file_format": ["csv oder xlsx"]})
    return table_format


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
