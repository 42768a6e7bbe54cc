"""The homes: where a person lands, and the district's and each town's page (they draw on several apps)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import memberships_of
from kreisagenda.lookups import district_for, town_enter_when_ready, town_for
from kreisagenda.permissions import Action, can, districts_visible_to, towns_visible_to
from quickcheck.selectors import grid_open_latest
from tenants.selectors import district_role_holders, district_towns, town_recent_changes, town_role_holders


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where a person lands after login: their districts and towns."""
    context = {
        "memberships": memberships_of(user=request.user),
        "districts": districts_visible_to(request.user),
        "towns": towns_visible_to(request.user).select_related("district"),
    }
    return render(request, "kreisagenda/start.html", context)


@login_required
def district_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The district's page: its members, roles, and the ways into the strategy's parts."""
    district = district_for(request.user, district_slug)
    towns = list(district_towns(district=district))
    context = {
        "district": district,
        "towns": [(town, can(request.user, Action.VIEW_TOWN, town)) for town in towns],
        "role_holders": district_role_holders(district=district),
        "can_manage_towns": can(request.user, Action.MANAGE_TOWNS, district),
        "can_view_benchmark": can(request.user, Action.VIEW_BENCHMARK, district),
        "can_decide_duplicates": can(request.user, Action.DECIDE_DUPLICATES, district),
        "total_population": sum(town.population for town in towns if town.kind == "town"),
        "grid": grid_open_latest(district=district),
    }
    return render(request, "kreisagenda/district_home.html", context)


@login_required
def town_home(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    """A town's page: its people, its latest changes, and the ways into its parts."""
    town = town_for(request.user, district_slug, town_slug)
    town_enter_when_ready(town)
    context = {
        "town": town,
        "role_holders": town_role_holders(town=town),
        "audit_entries": town_recent_changes(town=town),
        "grid": grid_open_latest(district=town.district),
        "can_view_drafts": can(request.user, Action.VIEW_TOWN_DRAFTS, town),
    }
    return render(request, "kreisagenda/town_home.html", context)
