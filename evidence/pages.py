"""Evidence files on the pages of the apps that own the items: the list with its forms, upload and delete.

The owning app's view checks access (and whether the item may still change) and names the item;
these helpers answer the plain multipart forms, so everything works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from kreisagenda.lookups import signed_in_user

from evidence.forms import EvidenceUploadForm
from evidence.models import EvidenceFile
from evidence.services import EvidenceOwner, evidence_file_add, evidence_file_delete
from evidence.sniff import ACCEPT, BY_CONTENT_TYPE
from tenants.models import Town


@dataclass(frozen=True)
class EvidenceRow:
    file: EvidenceFile
    type_label: str
    download_url: str
    delete_url: str


@dataclass(frozen=True)
class EvidenceBlock:
    """What ``evidence/_files.html`` (the list, at the item) and ``evidence/_forms.html`` (the forms,
    which may stand outside another form) show for one item."""

    key: str  # unique on the page: the forms' ids
    rows: list[EvidenceRow]
    upload_url: str
    editable: bool
    accept: str = ACCEPT

    @property
    def limits_text(self) -> str:
        return _("Höchstens %(size)s je Datei und %(count)s Dateien; PDF, PNG, JPEG oder Office-Dokument.") % {
            "size": filesizeformat(settings.KREISAGENDA_EVIDENCE_MAX_FILE_BYTES),
            "count": settings.KREISAGENDA_EVIDENCE_MAX_FILES_PER_ITEM,
        }


def evidence_block(
    *,
    key: str,
    files: list[EvidenceFile],
    upload_url: str,
    url_of: Callable[[EvidenceFile, str], str],
    editable: bool,
) -> EvidenceBlock:
    """``url_of(file, "download"|"delete")`` gives a file's addresses."""
    return EvidenceBlock(
        key=key,
        rows=[
            EvidenceRow(
                file=item,
                type_label=str(BY_CONTENT_TYPE[item.content_type].label)
                if item.content_type in BY_CONTENT_TYPE
                else item.content_type,
                download_url=url_of(item, "download"),
                delete_url=url_of(item, "delete"),
            )
            for item in files
        ],
        upload_url=upload_url,
        editable=editable,
    )


def evidence_message_tag(key: str) -> str:
    """Messages about one block's files carry this tag: the block shows them where its form is."""
    return f"evidence-{key}"


def evidence_upload_response(
    request: HttpRequest, *, town: Town, owner: EvidenceOwner, key: str, back_url: str
) -> HttpResponse:
    """Store the form's file on ``owner`` and go back to block ``key``; a refusal is shown there, naming the file."""
    tag = evidence_message_tag(key)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("%(owner)s: Bitte eine Datei auswählen.") % {"owner": owner.label}, extra_tags=tag)
        return HttpResponseRedirect(back_url)
    try:
        stored = evidence_file_add(
            town=town, owner=owner, upload=form.cleaned_data["file"], actor=signed_in_user(request)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"{owner.label}: {message}", extra_tags=tag)
    else:
        messages.success(
            request,
            _("%(owner)s: Nachweis „%(name)s“ gespeichert.") % {"owner": owner.label, "name": stored.name},
            extra_tags=tag,
        )
    return HttpResponseRedirect(back_url)


def evidence_delete_response(
    request: HttpRequest, *, town: Town, owner: EvidenceOwner, item: EvidenceFile, key: str, back_url: str
) -> HttpResponse:
    evidence_file_delete(town=town, owner=owner, item=item, actor=signed_in_user(request))
    messages.success(
        request,
        _("%(owner)s: Nachweis „%(name)s“ gelöscht.") % {"owner": owner.label, "name": item.name},
        extra_tags=evidence_message_tag(key),
    )
    return HttpResponseRedirect(back_url)
