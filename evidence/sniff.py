"""What a file really is, from its content (magic bytes; for office documents the zip's structure).

Never from its name or the content type the browser sent: both are the sender's claim. The name's
extension must then fit what the content is, so a PDF named ``.png`` is refused like an HTML page
named ``.pdf`` (decision D91).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    label: str | Promise  # how the page names it ("PDF-Dokument")
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType(_("PDF-Dokument"), "application/pdf", (".pdf",))
PNG = FileType(_("PNG-Bild"), "image/png", (".png",))
JPEG = FileType(_("JPEG-Bild"), "image/jpeg", (".jpg", ".jpeg"))
DOCX = FileType(
    _("Word-Dokument"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileType(_("Excel-Tabelle"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileType(
    _("PowerPoint-Präsentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileType(_("OpenDocument-Text"), "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileType(_("OpenDocument-Tabelle"), "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
ODP = FileType(_("OpenDocument-Präsentation"), "application/vnd.oasis.opendocument.presentation", (".odp",))
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP)
BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in ALLOWED}
ACCEPT = ",".join(extension for file_type in ALLOWED for extension in file_type.extensions)

# The main part each OOXML kind must have, besides [Content_Types].xml.
_OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
_MACRO_PARTS = ("word/vbaProject.bin", "xl/vbaProject.bin", "ppt/vbaProject.bin")
_ODF = {ODT.content_type: ODT, ODS.content_type: ODS, ODP.content_type: ODP}


@dataclass(frozen=True)
class Sniffed:
    """The result: an allowed type, or what the content is instead (``refused``, a label for the message)."""

    file_type: FileType | None
    refused: str | Promise = ""


def _text_kind(head: bytes) -> str | Promise | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")):
        return _("eine HTML-Seite")
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return _("eine SVG-Grafik (kann Skripte enthalten)")
    if text.startswith(b"<?xml"):
        return _("eine XML-Datei")
    if text.startswith(b"#!"):
        return _("ein Skript")
    if text.startswith(b"{\\rtf"):
        return _("ein RTF-Dokument")
    return None


def _zip_kind(data: bytes) -> Sniffed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            with archive.open("mimetype") as entry:
                declared = entry.read(100).decode("ascii", errors="replace").strip()
            odf = _ODF.get(declared)
            if odf is not None and "META-INF/manifest.xml" in names:
                return Sniffed(odf)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return Sniffed(None, _("ein beschädigtes ZIP-Archiv"))
    if "[Content_Types].xml" in names:
        if names & set(_MACRO_PARTS):
            return Sniffed(None, _("ein Office-Dokument mit Makros"))
        for part, kind in _OOXML_PARTS:
            if part in names:
                return Sniffed(kind)
    return Sniffed(None, _("ein ZIP-Archiv"))


def file_sniff(data: bytes) -> Sniffed:
    """What ``data`` is: one of the allowed types, or a label of what it is instead."""
    if data.startswith(b"%PDF-"):
        return Sniffed(PDF)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(PNG)
    if data.startswith(b"\xff\xd8\xff"):
        return Sniffed(JPEG)
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Sniffed(None, _("ein altes Office-Format (.doc, .xls, .ppt)"))
    if data.startswith(b"MZ"):
        return Sniffed(None, _("ein ausführbares Programm (Windows)"))
    if data.startswith(b"\x7fELF"):
        return Sniffed(None, _("ein ausführbares Programm (Linux)"))
    if data.startswith((b"GIF87a", b"GIF89a")):
        return Sniffed(None, _("ein GIF-Bild"))
    text = _text_kind(data[:512])
    if text is not None:
        return Sniffed(None, text)
    return Sniffed(None, _("ein unbekanntes Format"))
