"""Text as people send it: C0 control characters are refused where text comes in (decision D53).

Tab, line feed and carriage return are text; the other C0 control characters (NUL, bell, escape, …)
are not: nobody types them, XML and so XLSX cannot hold them, and PostgreSQL refuses NUL. They
come in by copying from other programs or on purpose. Pages (``kreisagenda.middleware``), the API
(``kreisagenda.api``'s parsers), file imports (``kreisagenda.tabular``) and the commands refuse
them with the message below; exports drop any that were stored before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

# Exactly the characters openpyxl refuses in a cell (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def control_character_message(text: str) -> str | None:
    """The refusal naming the first control character of ``text``, or None when it has none."""
    match = CONTROL_CHARACTERS.search(text)
    if match is None:
        return None
    return _("Steuerzeichen sind nicht erlaubt (Zeichen U+%(code)04X).") % {"code": ord(match.group())}


def control_characters_strip(text: str) -> str:
    """``text`` without its control characters (for writing what was stored before they were refused)."""
    return CONTROL_CHARACTERS.sub("", text)


def control_character_errors(fields: Iterable[tuple[str, object]]) -> dict[str, list[str]]:
    """Messages by field for every text with a control character in submitted data.

    ``fields`` are (name, value) pairs; a value may be a text, a number, a list or a mapping (JSON),
    whose texts are named by their place below the field ("milestones: 2.title: …").
    """
    errors: dict[str, list[str]] = {}
    for name, value in fields:
        for place, message in _messages(value, ()):
            where = ".".join(place)
            errors.setdefault(name, []).append(f"{where}: {message}" if where else message)
        in_name = control_character_message(name)
        if in_name is not None:
            errors.setdefault("detail", []).append(in_name)
    return errors


def _messages(value: object, place: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    if isinstance(value, str):
        message = control_character_message(value)
        return [] if message is None else [(place, message)]
    if isinstance(value, dict):
        found = [(place, message) for key in value if (message := control_character_message(str(key)))]
        for key, item in value.items():
            found += _messages(item, (*place, str(key)))
        return found
    if isinstance(value, list | tuple):
        found = []
        for index, item in enumerate(value, start=1):
            found += _messages(item, (*place, str(index)))
        return found
    return []
