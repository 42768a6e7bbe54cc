"""The API of an item's evidence files, for the apps that own items (their ``apis`` subclass these).

The subclass says how its URL's item is found and who may see or change it (``access``); listing,
upload, download and deletion are the same for every item. Every answer is built by an output
serializer; the download is the file itself (``evidence.downloads``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from kreisagenda.api import acting_user
from kreisagenda.parsers import MultiPartParser
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evidence.downloads import evidence_file_response
from evidence.lookups import evidence_file_for
from evidence.models import EvidenceFile
from evidence.selectors import evidence_files_of
from evidence.serializers import (
    EVIDENCE_DOWNLOAD_RESPONSES,
    EVIDENCE_UPLOAD_DESCRIPTION,
    EVIDENCE_UPLOAD_REQUEST,
    EvidenceFileListSerializer,
    EvidenceFileSerializer,
    evidence_refusal,
    evidence_upload_of,
)
from evidence.services import EvidenceOwner, evidence_file_add, evidence_file_delete

if TYPE_CHECKING:
    from tenants.models import Town


@dataclass(frozen=True)
class EvidenceAccess:
    """An item whose files the person may see (and, asked with ``write``, change), its town entered."""

    town: Town
    owner: EvidenceOwner
    download_url: Callable[[EvidenceFile], str]


# access(request, url kwargs, write=...): 404 when the person may not see the item, 403 when not change it.
Access = Callable[..., EvidenceAccess]


class _EvidenceApi(APIView):
    access: Access

    def _access(self, request: Request, kwargs: dict[str, Any], *, write: bool) -> EvidenceAccess:
        with evidence_refusal():
            return type(self).access(request, kwargs, write=write)


class _FileListSchema(AutoSchema):
    """The list's GET is "…_files_list", not "…_files_retrieve" (which the single file's GET is)."""

    def get_operation_id(self) -> str:
        operation_id: str = super().get_operation_id()
        return operation_id.removesuffix("_retrieve") + "_list" if self.method == "GET" else operation_id


class EvidenceFilesApiBase(_EvidenceApi):
    parser_classes = [MultiPartParser]
    schema = _FileListSchema()

    @extend_schema(responses=EvidenceFileListSerializer, summary="Nachweisdateien auflisten")
    def get(self, request: Request, **kwargs: Any) -> Response:
        access = self._access(request, kwargs, write=False)
        found = evidence_files_of(kind=access.owner.kind, owner_ids=[access.owner.id]).get(access.owner.id, [])
        context = {"download_url": access.download_url}
        return Response(EvidenceFileListSerializer({"files": found}, context=context).data)

    @extend_schema(
        request=EVIDENCE_UPLOAD_REQUEST,
        responses={201: EvidenceFileSerializer},
        summary="Nachweisdatei hochladen",
        description=EVIDENCE_UPLOAD_DESCRIPTION,
    )
    def post(self, request: Request, **kwargs: Any) -> Response:
        access = self._access(request, kwargs, write=True)
        upload = evidence_upload_of(request)
        stored = evidence_file_add(town=access.town, owner=access.owner, upload=upload, actor=acting_user(request))
        context = {"download_url": access.download_url}
        return Response(EvidenceFileSerializer(stored, context=context).data, status=status.HTTP_201_CREATED)


class EvidenceFileApiBase(_EvidenceApi):
    @extend_schema(responses=EVIDENCE_DOWNLOAD_RESPONSES, summary="Nachweisdatei herunterladen")
    def get(self, request: Request, file_id: int, **kwargs: Any) -> HttpResponse:
        access = self._access(request, kwargs, write=False)
        return evidence_file_response(evidence_file_for(access.owner, file_id))

    @extend_schema(responses={204: None}, summary="Nachweisdatei löschen")
    def delete(self, request: Request, file_id: int, **kwargs: Any) -> Response:
        access = self._access(request, kwargs, write=True)
        item = evidence_file_for(access.owner, file_id)
        evidence_file_delete(town=access.town, owner=access.owner, item=item, actor=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
