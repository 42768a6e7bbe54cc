"""Plumbing for pages' forms."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def form_errors_add(form: forms.Form, error: ValidationError, *, field_of: Mapping[str, str] | None = None) -> None:
    """A service's refusal on the form: each message at the field it names (``milestones.2`` names
    ``milestones``; ``field_of`` renames a service's field to the form's), else above the form, where the
    error summary lists it."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = name.split(".")[0]
        target = (field_of or {}).get(target, target)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
