"""Template helpers for the roadmap pages."""

from __future__ import annotations

from django import template

from roadmap.quarters import Quarter

register = template.Library()


@register.filter
def quarter(code: str) -> str:
    """``2027-Q3`` as people read it: ``Q3/2027`` ("" stays "")."""
    found = Quarter.from_code(code or "")
    return found.label if found else ""
