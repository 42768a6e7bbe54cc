"""Template helpers every app's pages use ({% load kreisagenda %})."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object], key: str) -> object:
    """``mapping[key]``, or None: the matrix looks up one field's result per cell."""
    return mapping.get(key)
