"""Template helpers for the roadmap pages."""

from __future__ import annotations

from django import template

from roadmap.quarters import quarter_label

register = template.Library()


@register.filter
def quarter(code: str) -> str:
    return quarter_label(code)
