"""Template helpers every app's pages use ({% load kreisagenda %})."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object], key: str) -> object:
    """``mapping[key]``, or None: the matrix looks up one field's result per cell."""
    return mapping.get(key)


@register.filter
def as_date(value: object) -> object:
    """An ISO date as stored in JSON (``2031-12-31``) as a date, for the ``date`` filter; else as it is."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
