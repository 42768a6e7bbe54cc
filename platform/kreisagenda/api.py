"""Small pieces every API module shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


def validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as a DRF 400 answer, keyed by field where the service said which."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"detail": error.messages})
