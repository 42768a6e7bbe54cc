"""Reading the installation's other databases from the environment (D107)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from kreisagenda.env import other_databases_from_env


def test_names_and_urls_are_read_in_order() -> None:
    assert other_databases_from_env(" nord=postgresql://a@db1/k, sued=postgresql://b@db2/k ,") == {
        "nord": "postgresql://a@db1/k",
        "sued": "postgresql://b@db2/k",
    }
    assert other_databases_from_env("") == {}


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("postgresql://a@db1/k", "„postgresql://a@db1/k“ hat nicht die Form name=postgresql://…"),
        ("nord=", "„nord=“ hat nicht die Form"),
        ("default=postgresql://a@db1/k", "der Name „default“ ist nicht erlaubt oder doppelt"),
        ("nord=postgresql://a@db1/k,nord=postgresql://b@db2/k", "der Name „nord“ ist nicht erlaubt oder doppelt"),
        ("nö rd=postgresql://a@db1/k", "der Name „nö rd“ ist nicht erlaubt"),
    ],
)
def test_a_malformed_entry_is_refused_by_name(raw: str, named: str) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        other_databases_from_env(raw)
    assert named in str(refused.value)
