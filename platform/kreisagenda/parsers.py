"""The API's JSON parser, bounded: a deeply nested body is a bad request, not a server error.

Python's json module recurses once per level; about a thousand levels of "[" raised RecursionError
and answered 500 (issue 13). Its own module, like kreisagenda.throttling: DRF loads it from the settings.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 64  # our deepest body (a measure with milestones and question targets) has 4 levels


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


class BoundedJSONParser(JSONParser):
    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        data = stream.read()
        if _depth(data) > MAX_JSON_DEPTH:
            raise ParseError(
                _("Der JSON-Inhalt ist tiefer als %(depth)s Ebenen verschachtelt.") % {"depth": MAX_JSON_DEPTH}
            )
        return super().parse(io.BytesIO(data), media_type, parser_context)
