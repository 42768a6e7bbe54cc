"""What the API tells about an evidence file (the bytes come from the download route)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from kreisagenda.api import FILE_UPLOAD_REQUEST, FileUploadSerializer, StoredDateTimeField
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from evidence.models import EvidenceFile
from evidence.sniff import BY_CONTENT_TYPE

EVIDENCE_UPLOAD_REQUEST = FILE_UPLOAD_REQUEST


class EvidenceFileSerializer(serializers.Serializer):
    """``context["download_url"]``: a function of the file giving its download address."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Dateiname, wie hochgeladen (ohne Pfad)")
    content_type = serializers.CharField(help_text="Dateityp, aus dem Inhalt bestimmt")
    type_label = serializers.SerializerMethodField(help_text="Dateityp in Worten")
    size = serializers.IntegerField(help_text="Größe in Bytes")
    size_label = serializers.SerializerMethodField(help_text="Größe, lesbar (deutsches Zahlenformat)")
    sha256 = serializers.CharField()
    uploaded_at = StoredDateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by_label")
    download_url = serializers.SerializerMethodField()

    def get_type_label(self, item: EvidenceFile) -> str:
        file_type = BY_CONTENT_TYPE.get(item.content_type)
        return str(file_type.label) if file_type else item.content_type

    def get_size_label(self, item: EvidenceFile) -> str:
        return str(filesizeformat(item.size))

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, item: EvidenceFile) -> str:
        url_of: Callable[[EvidenceFile], str] = self.context["download_url"]
        return url_of(item)


class EvidenceFileListSerializer(serializers.Serializer):
    files = EvidenceFileSerializer(many=True)


def evidence_upload_of(request: Request) -> UploadedFile:
    """The multipart upload's file, not read yet (the service checks its size first); 400 without one."""
    payload = FileUploadSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    upload: UploadedFile = payload.validated_data["file"]
    return upload


@contextmanager
def evidence_refusal() -> Iterator[None]:
    """A refused change keeps its reason in the API's 403 (DRF would drop a Django PermissionDenied's)."""
    try:
        yield
    except PermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from None


EVIDENCE_DOWNLOAD_RESPONSES = {
    (200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY,
        description="Die Datei als Download, mit dem aus dem Inhalt bestimmten Dateityp (PDF, PNG, JPEG, "
        "Office-Dokument).",
    )
}
EVIDENCE_UPLOAD_DESCRIPTION = (
    "Erlaubt: PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP; der Typ wird am Inhalt geprüft, die Endung muss "
    'passen. Abgelehnt (400 {"file": [...]}, nichts gespeichert): anderer Inhalt, zu groß, zu viele Dateien, '
    "Speicherplatz der Kommune erschöpft."
)
