"""Names derived from official data: URL slugs and schema names."""

from __future__ import annotations

from django.utils.text import slugify

_GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slug(name: str) -> str:
    """``Höxter`` → ``hoexter`` (German transliteration, not Django's ``hoxter``)."""
    return slugify(name.translate(_GERMAN_TRANSLITERATION))


def schema_name_for(ags: str) -> str:
    """The AGS never changes when a town is renamed, and is unique across the installation."""
    return f"town_{ags}"


def district_administration_ags(district_key: str) -> str:
    """The district administration takes part with the district key and municipality number 000.

    The official register lists a Kreis with its 5-digit key only; 000 is never a municipality.
    """
    return f"{district_key}000"
