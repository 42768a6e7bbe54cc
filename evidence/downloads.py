"""Handing out an evidence file: always as a download, never shown by the browser (decision D92).

The content type is the one sniffed at upload; ``nosniff`` stops the browser from guessing another,
``attachment`` from opening it in the site's origin, the sandboxing CSP from running anything should
it be opened anyway; nothing is cached outside the person's own browser session.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

from evidence.models import EvidenceFile

DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def _ascii_name(name: str) -> str:
    """A fallback name for old clients: ASCII letters, digits and a few marks, nothing that ends the quotes."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    kept = "".join(char if char.isalnum() or char in "._- ()" else "_" for char in plain).strip()
    return kept or "nachweis"


def content_disposition(name: str) -> str:
    """``attachment`` with a safe ASCII name and the real one by RFC 5987 (UTF-8, percent-encoded)."""
    return f"attachment; filename=\"{_ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def evidence_file_response(item: EvidenceFile) -> HttpResponse:
    response = HttpResponse(bytes(item.content), content_type=item.content_type)
    response["Content-Disposition"] = content_disposition(item.name)
    response["Content-Length"] = str(item.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
