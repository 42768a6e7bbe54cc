"""Pages of districts and towns. Views check access, call selectors or services, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from kreisagenda.lookups import district_for, town_enter_when_ready, town_for
from kreisagenda.permissions import Action, can

from quickcheck.selectors import grid_open_latest
from tenants.forms import TownCreateForm
from tenants.selectors import district_role_holders, district_towns, town_recent_changes, town_role_holders
from tenants.services import town_create


@login_required
def district_home(request: HttpRequest, district_slug: str) -> HttpResponse:
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
    return render(request, "tenants/district_home.html", context)


@login_required
def town_home(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug)
    town_enter_when_ready(town)
    context = {
        "town": town,
        "role_holders": town_role_holders(town=town),
        "audit_entries": town_recent_changes(town=town),
        "grid": grid_open_latest(district=town.district),
        "can_view_drafts": can(request.user, Action.VIEW_TOWN_DRAFTS, town),
    }
    return render(request, "tenants/town_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def town_create_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_TOWNS)
    form = TownCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            town = town_create(district=district, provision="async", actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("town-status", district_slug=district.slug, town_slug=town.slug)
    return render(request, "tenants/town_create.html", {"district": district, "form": form})


@login_required
def town_status(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug)
    return render(request, "tenants/town_status.html", {"town": town})
