from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import Q
from kreisagenda.text import control_character_message

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


def text_options_check(options: dict[str, object], *names: str) -> None:
    """Refuse options whose text has a control character (decision D53), naming the option."""
    problems = [
        f"--{name}: {message}"
        for name in names
        if isinstance(options.get(name), str) and (message := control_character_message(str(options[name])))
    ]
    if problems:
        raise CommandError(" ".join(problems))
