"""Tiny real files of every allowed type, and disguised ones, built in the test."""

from __future__ import annotations

import io
import zipfile

from PIL import Image

from evidence.samples import sample_pdf


def pdf() -> bytes:
    return sample_pdf("Nachweis")


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def _zip(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first is not None:
            archive.writestr(zipfile.ZipInfo(stored_first), entries[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            if name != stored_first:
                archive.writestr(name, content)
    return out.getvalue()


_CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def ooxml(main_part: str, *extra: str) -> bytes:
    entries = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": b"<Relationships/>", main_part: b"<x/>"}
    entries.update(dict.fromkeys(extra, b"x"))
    return _zip(entries)


def docx() -> bytes:
    return ooxml("word/document.xml")


def xlsx() -> bytes:
    return ooxml("xl/workbook.xml")


def pptx() -> bytes:
    return ooxml("ppt/presentation.xml")


def odf(kind: str) -> bytes:
    entries = {
        "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
        "META-INF/manifest.xml": b"<manifest/>",
        "content.xml": b"<office:document-content/>",
    }
    return _zip(entries, stored_first="mimetype")


ALLOWED = {
    "bericht.pdf": (pdf, "application/pdf"),
    "foto.png": (png, "image/png"),
    "foto.jpg": (jpeg, "image/jpeg"),
    "foto.jpeg": (jpeg, "image/jpeg"),
    "konzept.docx": (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "zahlen.xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "folien.pptx": (pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "text.odt": (lambda: odf("text"), "application/vnd.oasis.opendocument.text"),
    "tabelle.ods": (lambda: odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
    "praesentation.odp": (lambda: odf("presentation"), "application/vnd.oasis.opendocument.presentation"),
}

# name -> (content, what the refusal must say it really is)
DISGUISED = {
    "seite.pdf": (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML-Seite"),
    "programm.pdf": (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "ausführbares Programm"),
    "linux.pdf": (b"\x7fELF\x02\x01\x01" + b"\x00" * 32, "ausführbares Programm"),
    "archiv.docx": (_zip({"liesmich.txt": b"hallo"}), "ZIP-Archiv"),
    "bericht.png": (pdf(), "PDF-Dokument"),
    "grafik.png": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG-Grafik"),
    "alt.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "altes Office-Format"),
    "makro.docx": (ooxml("word/document.xml", "word/vbaProject.bin"), "Makros"),
    "tabelle.docx": (xlsx(), "Excel-Tabelle"),
    "bild.gif.pdf": (b"GIF89a\x01\x00\x01\x00", "GIF-Bild"),
    "notiz.pdf": (b"nur ein Text", "unbekanntes Format"),
}
