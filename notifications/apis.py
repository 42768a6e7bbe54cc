"""A person's notifications and settings through the API: each person's own only (another's: 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from kreisagenda.api import acting_user
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications.kinds import KINDS
from notifications.mailing import absolute
from notifications.models import Frequency, Notification
from notifications.selectors import frequencies_for, inbox_of, kind_label, kinds_of, notification_get
from notifications.services import notifications_read, settings_save

LIMIT_DEFAULT = 50
LIMIT_MAX = 200


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Verweis auf den Gegenstand (absolute Adresse)")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    is_read = serializers.BooleanField()

    def get_kind_label(self, notification: Notification) -> str:
        return kind_label(notification.kind)

    def get_url(self, notification: Notification) -> str:
        return absolute(notification.url) if notification.url else ""


class NotificationListApi(APIView):
    class InputSerializer(serializers.Serializer):
        unread = serializers.ChoiceField(choices=["1"], required=False, help_text="1: nur ungelesene")
        limit = serializers.IntegerField(min_value=1, max_value=LIMIT_MAX, default=LIMIT_DEFAULT)

    class OutputSerializer(serializers.Serializer):
        unread_count = serializers.IntegerField()
        results = NotificationSerializer(many=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", str, enum=["1"], description="1: nur ungelesene"),
            OpenApiParameter("limit", int, description=f"höchstens so viele, die neuesten zuerst (1–{LIMIT_MAX})"),
        ],
        responses=OutputSerializer,
        summary="Meine Benachrichtigungen, die neuesten zuerst",
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        inbox = inbox_of(user=user)
        shown = inbox.filter(read_at__isnull=True) if query.validated_data.get("unread") else inbox
        answer = {
            "unread_count": inbox.filter(read_at__isnull=True).count(),
            "results": list(shown[: query.validated_data["limit"]]),
        }
        return Response(self.OutputSerializer(answer).data)


class ReadOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="so viele wurden als gelesen markiert")


class NotificationReadApi(APIView):
    @extend_schema(
        request=None,
        responses=ReadOutputSerializer,
        summary="Eine Benachrichtigung als gelesen markieren",
        operation_id="notification_read",
    )
    def post(self, request: Request, notification_id: int) -> Response:
        user = acting_user(request)
        if notification_get(user=user, notification_id=notification_id) is None:
            raise Http404
        marked = notifications_read(user=user, notification_ids=[notification_id])
        return Response(ReadOutputSerializer({"marked": marked}).data)


class NotificationsReadAllApi(APIView):
    @extend_schema(
        request=None, responses=ReadOutputSerializer, summary="Alle Benachrichtigungen als gelesen markieren"
    )
    def post(self, request: Request) -> Response:
        marked = notifications_read(user=acting_user(request))
        return Response(ReadOutputSerializer({"marked": marked}).data)


class SettingSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    audience = serializers.CharField()
    default_frequency = serializers.ChoiceField(choices=Frequency.choices)
    frequency = serializers.ChoiceField(choices=Frequency.choices)


def _settings_input_serializer() -> type[serializers.Serializer]:
    """One optional field per kind: the answer to a wrong value names the kind."""
    fields: dict[str, Any] = {
        key: serializers.ChoiceField(choices=Frequency.choices, required=False, help_text=str(kind.label))
        for key, kind in KINDS.items()
    }
    return type("NotificationSettingsInputSerializer", (serializers.Serializer,), fields)


SettingsInputSerializer = _settings_input_serializer()


class NotificationSettingsApi(APIView):
    @staticmethod
    def _answer(request: Request) -> Response:
        user = acting_user(request)
        chosen = frequencies_for(user=user)
        rows = [
            {
                "kind": kind.key,
                "label": str(kind.label),
                "audience": str(kind.audience),
                "default_frequency": kind.default,
                "frequency": chosen[kind.key],
            }
            for kind in kinds_of(user=user)
        ]
        return Response(SettingSerializer(rows, many=True).data)

    @extend_schema(responses=SettingSerializer(many=True), summary="Meine Einstellungen: E-Mail je Art")
    def get(self, request: Request) -> Response:
        return self._answer(request)

    @extend_schema(
        request=SettingsInputSerializer,
        responses=SettingSerializer(many=True),
        summary="Meine Einstellungen ändern (nur die genannten Arten)",
    )
    def put(self, request: Request) -> Response:
        user = acting_user(request)
        unknown = sorted(set(request.data) - set(KINDS)) if isinstance(request.data, dict) else []
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Diese Art von Benachrichtigung gibt es nicht.")] for name in unknown}
            )
        data = SettingsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        settings_save(user=user, frequencies=data.validated_data)
        return self._answer(request)
