"""A town's place in its district's comparison, with the access check, for pages and the API alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.lookups import town_for
from kreisagenda.permissions import Action, peer_names_visible

from benchmarking.selectors import TownPosition, comparison_get, town_position

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def town_position_for(user: User | AnonymousUser, district_slug: str, town_slug: str, year: int) -> TownPosition:
    """A town's place in its district's comparison, for pages and API alike.

    The district's own staff always see peers' names; the town's people only if the district says so.
    """
    town = town_for(user, district_slug, town_slug, Action.VIEW_TOWN)
    names_visible = peer_names_visible(user, town.district)
    comparison = comparison_get(district=town.district, year=year)
    return town_position(town=town, comparison=comparison, names_visible=names_visible)
