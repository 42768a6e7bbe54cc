"""Pages of districts and towns. Views check access, call selectors or services, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from kreisagenda.permissions import Action, can
from kreisagenda.tenancy import town_schema_activate

from audit.selectors import audit_entries_recent
from quickcheck.selectors import grid_open_latest
from tenants.forms import TownCreateForm
from tenants.models import District, Town
from tenants.selectors import district_get_by_slug, district_role_holders, district_towns, town_get, town_role_holders
from tenants.services import town_create


def _district_or_404(slug: str) -> District:
    district = district_get_by_slug(slug=slug)
    if district is None:
        raise Http404
    return district


def _town_or_404(district_slug: str, town_slug: str) -> Town:
    town = town_get(district_slug=district_slug, town_slug=town_slug)
    if town is None:
        raise Http404
    return town


def _require(request: HttpRequest, action: Action, target: District | Town) -> None:
    if not can(request.user, action, target):
        raise PermissionDenied


@login_required
def district_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = _district_or_404(district_slug)
    _require(request, Action.VIEW_DISTRICT, district)
    towns = list(district_towns(district=district))
    context = {
        "district": district,
        "towns": [(town, can(request.user, Action.VIEW_TOWN, town)) for town in towns],
        "role_holders": district_role_holders(district=district),
        "can_manage_towns": can(request.user, Action.MANAGE_TOWNS, district),
        "total_population": sum(town.population for town in towns if town.kind == "town"),
        "grid": grid_open_latest(district=district),
    }
    return render(request, "tenants/district_home.html", context)


@login_required
def town_home(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = _town_or_404(district_slug, town_slug)
    _require(request, Action.VIEW_TOWN, town)
    audit_entries = []
    if town.is_ready:
        # Allowed: from here on this request works in the town's schema (reset by the middleware).
        town_schema_activate(town)
        audit_entries = list(audit_entries_recent(limit=10))
    context = {
        "town": town,
        "role_holders": town_role_holders(town=town),
        "audit_entries": audit_entries,
        "grid": grid_open_latest(district=town.district),
        "can_view_drafts": can(request.user, Action.VIEW_TOWN_DRAFTS, town),
    }
    return render(request, "tenants/town_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def town_create_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = _district_or_404(district_slug)
    _require(request, Action.MANAGE_TOWNS, district)
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
    town = _town_or_404(district_slug, town_slug)
    _require(request, Action.VIEW_TOWN, town)
    return render(request, "tenants/town_status.html", {"town": town})
