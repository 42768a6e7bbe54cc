"""API of the comments: list and write an item's comments, read, edit and delete one — the same
permissions as the pages (the item's own rule to read and write, the author to edit and delete)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from kreisagenda.api import acting_user
from kreisagenda.permissions import can_comment
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.items import CommentItem
from comments.lookups import comment_item_for
from comments.models import CommentBase, CommentKind
from comments.selectors import comment_get, comments_of
from comments.services import comment_delete, comment_edit, comment_post


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField(help_text="Leer, wenn der Kommentar gelöscht ist.")
    author = serializers.CharField(source="author_label")
    author_role = serializers.CharField()
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    is_deleted = serializers.BooleanField()
    deleted_at = serializers.DateTimeField(allow_null=True)
    deleted_by = serializers.CharField(source="deleted_by_label")
    mentioned = serializers.ListField(child=serializers.CharField(), source="mentioned_labels")


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    mentions = serializers.ListField(
        child=serializers.CharField(max_length=254),
        required=False,
        default=list,
        max_length=100,
        help_text="E-Mail-Adressen von Personen, die den Eintrag sehen können.",
    )


class CommentEditSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)


def _item(request: Request, kind: str, district_slug: str, kwargs: dict[str, Any]) -> CommentItem:
    item_id = kwargs.get("measure_id") or kwargs.get("joint_project_id") or kwargs.get("flag_id") or 0
    return comment_item_for(acting_user(request), CommentKind(kind), district_slug, item_id, kwargs.get("town_slug"))


class CommentListCreateApi(APIView):
    @extend_schema(responses=CommentSerializer(many=True), summary="Kommentare zu einem Eintrag (älteste zuerst)")
    def get(self, request: Request, kind: str, district_slug: str, **kwargs: Any) -> Response:
        item = _item(request, kind, district_slug, kwargs)
        return Response(CommentSerializer(list(comments_of(item=item)), many=True).data)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer}, summary="Kommentar schreiben")
    def post(self, request: Request, kind: str, district_slug: str, **kwargs: Any) -> Response:
        item = _item(request, kind, district_slug, kwargs)
        author = acting_user(request)
        if not can_comment(author, item.read_action, item.read_target):
            raise PermissionDenied
        payload = CommentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = comment_post(
            item=item, author=author, text=payload.validated_data["text"], mentions=payload.validated_data["mentions"]
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentDetailApi(APIView):
    def _comment(
        self, request: Request, kind: str, district_slug: str, kwargs: dict[str, Any]
    ) -> tuple[CommentItem, CommentBase]:
        item = _item(request, kind, district_slug, kwargs)
        comment = comment_get(item=item, comment_id=kwargs["comment_id"])
        if comment is None:
            raise Http404
        return item, comment

    @extend_schema(responses=CommentSerializer, summary="Ein Kommentar")
    def get(self, request: Request, kind: str, district_slug: str, **kwargs: Any) -> Response:
        _, comment = self._comment(request, kind, district_slug, kwargs)
        return Response(CommentSerializer(comment).data)

    @extend_schema(request=CommentEditSerializer, responses=CommentSerializer, summary="Eigenen Kommentar bearbeiten")
    def patch(self, request: Request, kind: str, district_slug: str, **kwargs: Any) -> Response:
        item, comment = self._comment(request, kind, district_slug, kwargs)
        if comment.author_id != acting_user(request).pk:
            raise PermissionDenied
        payload = CommentEditSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = comment_edit(
            item=item, comment=comment, actor=acting_user(request), text=payload.validated_data["text"]
        )
        return Response(CommentSerializer(comment).data)

    @extend_schema(
        request=None, responses=CommentSerializer, summary="Kommentar löschen (bleibt als „gelöscht“ stehen)"
    )
    def delete(self, request: Request, kind: str, district_slug: str, **kwargs: Any) -> Response:
        item, comment = self._comment(request, kind, district_slug, kwargs)
        comment = comment_delete(item=item, comment=comment, actor=acting_user(request))
        return Response(CommentSerializer(comment).data)
