"""The API toolkit in kreisagenda.api: a service's ValidationError and a refused file reach the client as a
400; the acting user; what output serializers build on."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from kreisagenda.api import Extended, StoredDateTimeField, acting_user
from kreisagenda.tabular import Problem, TableImportError
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.models import User
from tenants.models import Town, TownKind


class _Raising(APIView):
    """An API view whose "service" refuses with the exception it was given."""

    authentication_classes = []
    permission_classes = []
    error: Exception = Exception()

    def post(self, request: Request) -> Response:
        raise self.error


def _answer(error: Exception) -> tuple[int, Any]:
    view = _Raising.as_view(error=error)
    response = view(APIRequestFactory().post("/", {}, format="json"))
    response.render()
    return response.status_code, json.loads(response.content)


def test_a_field_error_is_a_400_keyed_by_field() -> None:
    error = DjangoValidationError({"progress": ["Eine Idee steht bei 0 % Fortschritt."], "status": ["Nein."]})
    assert _answer(error) == (400, {"progress": ["Eine Idee steht bei 0 % Fortschritt."], "status": ["Nein."]})


def test_an_error_without_field_is_a_400_with_every_message_under_detail() -> None:
    assert _answer(DjangoValidationError("Das Raster ist eingefroren.")) == (
        400,
        {"detail": ["Das Raster ist eingefroren."]},
    )
    assert _answer(DjangoValidationError(["Erstens.", "Zweitens."])) == (400, {"detail": ["Erstens.", "Zweitens."]})


def test_messages_keep_their_parameters() -> None:
    error = DjangoValidationError(
        {"year": DjangoValidationError("Für %(year)s gibt es schon ein Raster.", params={"year": 2026})}
    )
    assert _answer(error) == (400, {"year": ["Für 2026 gibt es schon ein Raster."]})


def test_a_refused_file_is_a_400_with_every_problem_and_row_numbers_as_numbers() -> None:
    error = TableImportError(
        [
            Problem(source="brakel.csv", row=3, column="Ist", message="Erwartet wird ein Reifegrad."),
            Problem(source="raster.xlsx", sheet="Raster", message="Die Datei ist leer."),
        ]
    )
    assert _answer(error) == (
        400,
        {
            "problems": [
                {
                    "source": "brakel.csv",
                    "sheet": None,
                    "row": 3,
                    "column": "Ist",
                    "message": "Erwartet wird ein Reifegrad.",
                    "text": "brakel.csv, Zeile 3, Spalte „Ist“: Erwartet wird ein Reifegrad.",
                },
                {
                    "source": "raster.xlsx",
                    "sheet": "Raster",
                    "row": None,
                    "column": None,
                    "message": "Die Datei ist leer.",
                    "text": "raster.xlsx, Tabelle „Raster“: Die Datei ist leer.",
                },
            ]
        },
    )


def test_everything_else_is_drfs_own_answer() -> None:
    assert _answer(Http404()) == (404, {"detail": "Nicht gefunden."})


def test_other_exceptions_are_not_swallowed() -> None:
    with pytest.raises(RuntimeError):
        _answer(RuntimeError("kaputt"))


def test_the_acting_user_is_the_authenticated_user() -> None:
    user = User(email="jemand@example.org")
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    assert acting_user(request) is user


def test_without_a_user_nobody_acts() -> None:
    request = Request(APIRequestFactory().get("/"))
    request.user = AnonymousUser()
    with pytest.raises(NotAuthenticated):
        acting_user(request)


def test_an_output_serializer_reads_a_model_through_extended_with_the_views_extras() -> None:
    class TownSerializer(serializers.Serializer):
        name = serializers.CharField()
        kind = serializers.CharField(source="get_kind_display")
        role_holders = serializers.ListField(child=serializers.CharField())

    town = Town(name="Brakel", kind=TownKind.TOWN)
    data = TownSerializer(Extended(town, role_holders=["Sam Digital"])).data
    assert data == {"name": "Brakel", "kind": town.get_kind_display(), "role_holders": ["Sam Digital"]}


def test_a_stored_moment_keeps_utc_where_drfs_field_would_show_local_time() -> None:
    class MomentSerializer(serializers.Serializer):
        stored = StoredDateTimeField(source="at")
        local = serializers.DateTimeField(source="at")

    moment = datetime.datetime(2026, 1, 10, 9, 30, tzinfo=datetime.UTC)
    body = JSONRenderer().render(MomentSerializer({"at": moment}).data)
    assert json.loads(body) == {"stored": "2026-01-10T09:30:00Z", "local": "2026-01-10T10:30:00+01:00"}
