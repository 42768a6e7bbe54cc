"""Template helpers for campaigns: one way to say where a campaign stands, on every page that names it."""

from __future__ import annotations

from typing import Any

from django import template

from quickcheck.models import GridVersion
from quickcheck.selectors import campaign_status

register = template.Library()


@register.inclusion_tag("quickcheck/_campaign_status.html")
def campaign_state(grid: GridVersion | None) -> dict[str, Any]:
    """Status, deadline and days left of ``grid``'s campaign (D66), as one short line."""
    return {"status": campaign_status(grid=grid) if grid is not None else None}
