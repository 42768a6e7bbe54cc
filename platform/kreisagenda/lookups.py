"""Finding the district, town or grid a URL names, with the access check, for pages and the API alike.

Raises Django's Http404 / PermissionDenied; DRF turns both into 404 / 403 answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from benchmarking.selectors import TownPosition, comparison_get, town_position
from kreisagenda.permissions import Action, can
from kreisagenda.tenancy import town_schema_activate
from quickcheck.models import GridVersion
from quickcheck.selectors import grid_get
from shared_vision.models import VisionVersion
from shared_vision.selectors import vision_get
from tenants.models import District, Town
from tenants.selectors import district_get_by_slug, town_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def district_for(user: User | AnonymousUser, slug: str, action: Action = Action.VIEW_DISTRICT) -> District:
    district = district_get_by_slug(slug=slug)
    if district is None:
        raise Http404
    if not can(user, action, district):
        raise PermissionDenied
    return district


def town_for(user: User | AnonymousUser, district_slug: str, town_slug: str, action: Action = Action.VIEW_TOWN) -> Town:
    town = town_get(district_slug=district_slug, town_slug=town_slug)
    if town is None:
        raise Http404
    if not can(user, action, town):
        raise PermissionDenied
    return town


def town_enter(town: Town) -> None:
    """Work in the town's schema for the rest of the request (the middleware resets it).

    Callers have checked access with :func:`town_for` first.
    """
    if not town.is_ready:
        raise Http404
    town_schema_activate(town)


def town_enter_when_ready(town: Town) -> None:
    """Like :func:`town_enter`, for pages that also show a town whose schema is still being created."""
    if town.is_ready:
        town_schema_activate(town)


def vision_version_for(district: District, number: int) -> VisionVersion:
    version = vision_get(district=district, number=number)
    if version is None:
        raise Http404
    return version


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


def town_position_for(user: User | AnonymousUser, district_slug: str, town_slug: str, year: int) -> TownPosition:
    """A town's place in its district's comparison, for pages and API alike.

    The district's own staff always see peers' names; the town's people only if the district says so.
    """
    town = town_for(user, district_slug, town_slug, Action.VIEW_TOWN)
    names_visible = town.district.towns_see_peer_names or can(user, Action.VIEW_BENCHMARK, town.district)
    comparison = comparison_get(district=town.district, year=year)
    return town_position(town=town, comparison=comparison, names_visible=names_visible)
