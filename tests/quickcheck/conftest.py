from __future__ import annotations

import pytest
from django.utils import timezone

from quickcheck.models import GridVersion
from tests.conftest import World


@pytest.fixture
def grid(world: World, db: None) -> GridVersion:
    """The demo district's grid of this year: the default grid, campaign open."""
    return GridVersion.objects.get(district=world.hoexter_district, year=timezone.localdate().year)
