"""The API's parsers: DRF's, refusing control characters in any text of a request (decision D53) and
JSON nested deeper than MAX_JSON_DEPTH levels (D58: Python's parser recursed into a 500).

A module of its own: DRF reads REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] when its views module is
first imported, so these classes must not import that module (``kreisagenda.api`` does).
"""

from __future__ import annotations

import io
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from kreisagenda.text import control_character_errors

MAX_JSON_DEPTH = 64  # our deepest body (a measure with milestones and question targets) has 4 levels


def _text_checked(data: object) -> None:
    """Refuse a request with a control character in any text (decision D53): 400 keyed by field.

    The parsers run when a view first reads ``request.data``, so after authentication and the
    permission check: whoever may not write is still refused with 401, 403 or 404.
    """
    if isinstance(data, QueryDict):
        fields: list[tuple[str, object]] = [(name, value) for name, values in data.lists() for value in values]
    elif isinstance(data, dict):
        fields = [(str(name), value) for name, value in data.items()]
    else:
        fields = [("detail", data)]
    errors = control_character_errors(fields)
    if errors:
        raise ValidationError(errors)


def _depth(data: bytes) -> int:
    """The deepest nesting of brackets and braces outside strings, counted without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        body = stream.read()
        if _depth(body) > MAX_JSON_DEPTH:
            raise ParseError(
                _("Der JSON-Inhalt ist tiefer als %(depth)s Ebenen verschachtelt.") % {"depth": MAX_JSON_DEPTH}
            )
        data = super().parse(io.BytesIO(body), media_type, parser_context)
        _text_checked(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _text_checked(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Form fields are checked here; an uploaded file's cells are checked by its import (tabular)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _text_checked(parsed.data)
        return parsed


# The parsers of every API view (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"], and file uploads' choice).
TEXT_CHECKED_PARSERS = (JSONParser, FormParser, MultiPartParser)
