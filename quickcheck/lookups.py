"""The grid or town's Quick Check a URL names, with the access check, for pages and the API alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from kreisagenda.lookups import town_enter, town_for
from kreisagenda.permissions import Action

from quickcheck.models import GridVersion
from quickcheck.selectors import grid_get
from tenants.models import District, Town

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def grid_for(district: District, year: int) -> GridVersion:
    grid = grid_get(district=district, year=year)
    if grid is None:
        raise Http404
    return grid


def grid_open_for(district: District, year: int) -> GridVersion:
    """A grid towns can answer: its campaign is open (drafts are the coordinator's work in progress)."""
    grid = grid_for(district, year)
    if grid.is_draft:
        raise Http404
    return grid


def town_grid_enter(
    user: User | AnonymousUser, district_slug: str, town_slug: str, year: int, action: Action
) -> tuple[Town, GridVersion]:
    """A town's Quick Check of ``year``: access checked, its grid open, the town's schema entered."""
    town = town_for(user, district_slug, town_slug, action)
    grid = grid_open_for(town.district, year)
    town_enter(town)
    return town, grid
