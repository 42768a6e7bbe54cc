"""A grid question as plain values: what files, forms and the API exchange."""

from __future__ import annotations

from dataclasses import dataclass

from quickcheck.models import Applicability


@dataclass(frozen=True)
class GridRow:
    """One question with its field of action, as files, forms and the API exchange it."""

    field_key: str
    field_name: str
    code: str
    text: str
    help_text: str
    weight: int
    applicability: Applicability
    levels: tuple[str, str, str, str, str]
    replaces_code: str = ""
