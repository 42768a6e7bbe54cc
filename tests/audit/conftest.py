from __future__ import annotations

import pytest
from kreisagenda.tenancy import town_schema_activate

from audit.models import AuditEntry
from tenants.models import Town
from tests.factories import TownFactory


@pytest.fixture
def town(db: None) -> Town:
    """A fresh town whose schema is active, with an empty history (its creation entry removed),
    so that every entry a test reads is one it wrote."""
    town = TownFactory.create(name="Musterstadt")
    town_schema_activate(town)
    AuditEntry.objects.all().delete()
    return town
