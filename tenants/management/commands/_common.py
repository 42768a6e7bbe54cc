from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import Q
from kreisagenda.tenancy import database_active
from kreisagenda.text import control_character_message

from tenants.models import District
from tenants.selectors import district_database


@contextmanager
def district_option(value: str) -> Iterator[District]:
    """The district named by key or short name, with its database active inside the block: a command
    works on a district's towns where the district is, on whichever of the installation's databases (D107)."""
    database = district_database(key_or_slug=value)
    if database is None:
        raise CommandError(f"Kreis „{value}“ gibt es nicht (Kreisschlüssel oder Kurzname angeben).")
    with database_active(database):
        yield District.objects.get(Q(key=value) | Q(slug=value))


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
