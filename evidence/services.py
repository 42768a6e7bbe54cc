"""Uploading and deleting a town's evidence files (the town's schema active, access checked by the caller).

The apps that own the items (``quickcheck.answers``, ``roadmap``) check who may change them and
whether they may still change (a released Quick Check is frozen), then name the item as an
:class:`EvidenceOwner`; everything about the file itself is decided here: its name, its real type,
its size, the limits per item and per town (decision D91). All or nothing: a refused file leaves
no row and no history entry.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from audit.services import actor_label, audit_record
from evidence.hooks import evidence_file_added, evidence_file_removed
from evidence.models import EvidenceFile, OwnerKind
from evidence.selectors import evidence_bytes_stored
from evidence.sniff import ALLOWED, file_sniff

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from tenants.models import Town

NAME_MAX_LENGTH = 200
# In a file name: no C0 control character (tab and line breaks included) and no DEL.
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class EvidenceOwner:
    """The item files belong to, as the app that owns it names it."""

    kind: OwnerKind
    id: int
    label: str  # in the history and in messages: "Quick Check 2026, Frage VW-1", "Maßnahme „…“"
    audit_prefix: str  # the owning app's history prefix ("quickcheck.", "roadmap."), so its history shows files
    audit_changes: dict[str, Any] = field(default_factory=dict)  # what the owning app's history filters by


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def evidence_name_clean(raw: str) -> str:
    """The file's name without any path, trimmed; control characters refused (named in the message)."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/"))
    name = posixpath.basename(name).strip()
    match = _NAME_CONTROL.search(name)
    if match is not None:
        raise _refuse(
            _("Der Dateiname enthält ein Steuerzeichen (U+%(code)04X). Bitte die Datei umbenennen.")
            % {"code": ord(match.group())}
        )
    if name in {"", ".", ".."}:
        raise _refuse(_("Die Datei hat keinen Namen."))
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = NAME_MAX_LENGTH - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and 0 < len(extension) < 10 else name[:NAME_MAX_LENGTH]
    return name


def _allowed_text() -> str:
    return ", ".join(extension for file_type in ALLOWED for extension in file_type.extensions)


def _read_checked(upload: UploadedFile, name: str) -> bytes:
    """The file's bytes, after its size: a file over the limit is refused before it is read."""
    limit: int = settings.KREISAGENDA_EVIDENCE_MAX_FILE_BYTES
    size = upload.size or 0
    if size > limit:
        raise _refuse(
            _("„%(name)s“ ist %(size)s groß; erlaubt sind höchstens %(limit)s je Datei.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # the stated size was wrong
        raise _refuse(_("„%(name)s“ ist größer als %(limit)s.") % {"name": name, "limit": filesizeformat(limit)})
    if not data:
        raise _refuse(_("„%(name)s“ ist leer.") % {"name": name})
    return data


def _type_checked(data: bytes, name: str) -> tuple[str, str]:
    """The file's real content type and label, or the refusal naming the file and what it really is."""
    sniffed = file_sniff(data)
    if sniffed.file_type is None:
        raise _refuse(
            _("„%(name)s“ wurde nicht gespeichert: die Datei ist in Wahrheit %(what)s. Erlaubt sind: %(allowed)s.")
            % {"name": name, "what": sniffed.refused, "allowed": _allowed_text()}
        )
    extension = posixpath.splitext(name)[1].lower()
    if extension not in sniffed.file_type.extensions:
        raise _refuse(
            _(
                "„%(name)s“ wurde nicht gespeichert: die Datei ist in Wahrheit vom Typ „%(what)s“, ihr Name endet "
                "aber nicht auf %(extension)s. Bitte mit der passenden Endung hochladen."
            )
            % {"name": name, "what": sniffed.file_type.label, "extension": sniffed.file_type.extensions[0]}
        )
    return sniffed.file_type.content_type, str(sniffed.file_type.label)


def _limits_check(owner: EvidenceOwner, name: str, size: int) -> None:
    per_item: int = settings.KREISAGENDA_EVIDENCE_MAX_FILES_PER_ITEM
    if EvidenceFile.objects.filter(owner_kind=owner.kind, owner_id=owner.id).count() >= per_item:
        raise _refuse(
            _("„%(name)s“ wurde nicht gespeichert: %(owner)s hat schon %(count)s Dateien, mehr sind nicht erlaubt.")
            % {"name": name, "owner": owner.label, "count": per_item}
        )
    quota: int = settings.KREISAGENDA_EVIDENCE_TOWN_QUOTA_BYTES
    stored = evidence_bytes_stored()
    if stored + size > quota:
        raise _refuse(
            _(
                "„%(name)s“ wurde nicht gespeichert: die Nachweise der Kommune belegen %(stored)s von %(quota)s; "
                "für diese Datei ist kein Platz mehr."
            )
            % {"name": name, "stored": filesizeformat(stored), "quota": filesizeformat(quota)}
        )


def _town_lock() -> None:
    """Uploads of one town one after the other, so two at once cannot both pass the limits."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()), 91)")


def evidence_file_add(
    *, town: Town, owner: EvidenceOwner, upload: UploadedFile, actor: User | None, is_sample_data: bool = False
) -> EvidenceFile:
    """Store ``upload`` on ``owner`` once its name, real type, size and the limits are checked; refused
    with a ValidationError on ``file`` that names the file, nothing stored."""
    name = evidence_name_clean(str(upload.name or ""))
    data = _read_checked(upload, name)
    content_type, label = _type_checked(data, name)
    with transaction.atomic():
        _town_lock()
        _limits_check(owner, name, len(data))
        stored = EvidenceFile.objects.create(
            owner_kind=owner.kind,
            owner_id=owner.id,
            name=name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            uploaded_by_id=actor.pk if actor else None,
            uploaded_by_label=actor_label(actor),
            is_sample_data=is_sample_data,
        )
        audit_record(
            actor=actor,
            action=f"{owner.audit_prefix}evidence_added",
            summary=_("%(owner)s: Nachweis „%(name)s“ hochgeladen (%(type)s, %(size)s)")
            % {"owner": owner.label, "name": name, "type": label, "size": filesizeformat(len(data))},
            changes={**owner.audit_changes, "file": _file_facts(stored)},
        )
        evidence_file_added.fire(town, owner, stored, actor)
    return stored


def _file_facts(item: EvidenceFile) -> dict[str, Any]:
    return {"id": item.pk, "name": item.name, "size": item.size, "content_type": item.content_type}


def evidence_file_delete(*, town: Town, owner: EvidenceOwner, item: EvidenceFile, actor: User | None) -> None:
    """Remove one file of ``owner``, with a history entry."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=f"{owner.audit_prefix}evidence_removed",
            summary=_("%(owner)s: Nachweis „%(name)s“ gelöscht") % {"owner": owner.label, "name": item.name},
            changes={**owner.audit_changes, "file": _file_facts(item)},
        )
        EvidenceFile.objects.filter(pk=item.pk).delete()
        evidence_file_removed.fire(town, owner, item, actor)


def evidence_files_delete_all(*, town: Town, owner: EvidenceOwner, actor: User | None) -> int:
    """Remove every file of ``owner`` (its item is deleted), each with its history entry."""
    items = list(EvidenceFile.objects.filter(owner_kind=owner.kind, owner_id=owner.id).defer("content"))
    for item in items:
        evidence_file_delete(town=town, owner=owner, item=item, actor=actor)
    return len(items)
