"""Finding the district or town a URL names, with the access check, for pages and the API alike.

Apps keep their own lookups (``quickcheck.lookups``, …) built on these.

Raises Django's Http404 / PermissionDenied; DRF turns both into 404 / 403 answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from kreisagenda.permissions import Action, can
from kreisagenda.tenancy import town_schema_activate
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


def town_entered_for(
    user: User | AnonymousUser, district_slug: str, town_slug: str, action: Action = Action.VIEW_TOWN
) -> Town:
    """The town a URL names, access checked, its schema entered for the rest of the request."""
    town = town_for(user, district_slug, town_slug, action)
    town_enter(town)
    return town


def town_enter_when_ready(town: Town) -> None:
    """Like :func:`town_enter`, for pages that also show a town whose schema is still being created."""
    if town.is_ready:
        town_schema_activate(town)


def signed_in_user(request: HttpRequest) -> User:
    """Who acts on a page, as our User: pages that write require login (``login_required``)."""
    user = request.user
    # The user model by setting, not by import (accounts imports this module's neighbours).
    if not isinstance(user, get_user_model()):
        raise PermissionDenied
    return user
