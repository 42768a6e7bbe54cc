from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import Q

from tenants.models import District


def district_from_option(value: str) -> District:
    district = District.objects.filter(Q(key=value) | Q(slug=value)).first()
    if district is None:
        raise CommandError(f"Kreis „{value}“ gibt es nicht (Kreisschlüssel oder Kurzname angeben).")
    return district


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)
