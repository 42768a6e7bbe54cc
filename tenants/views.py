"""Pages of districts and towns. Views check access, call selectors or services, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from kreisagenda.lookups import district_for, signed_in_user, town_for
from kreisagenda.permissions import Action

from tenants.forms import PeerNamesForm, TownCreateForm
from tenants.services import district_peer_names_set, town_create


@login_required
@require_http_methods(["GET", "POST"])
def town_create_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_TOWNS)
    form = TownCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            town = town_create(district=district, provision="async", actor=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("town-status", district_slug=district.slug, town_slug=town.slug)
    return render(request, "tenants/town_create.html", {"district": district, "form": form})


@login_required
@require_safe
def town_status(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug)
    return render(request, "tenants/town_status.html", {"town": town})


@login_required
@require_http_methods(["GET", "POST"])
def district_peer_names_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The coordinator decides whether the towns see each other's names in comparisons (D78)."""
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    form = PeerNamesForm.for_district(district, request.POST or None)
    if request.method == "POST" and form.is_valid():
        district_peer_names_set(
            district=district,
            towns_see_peer_names=form.cleaned_data["towns_see_peer_names"],
            actor=signed_in_user(request),
        )
        messages.success(request, _("Gespeichert: wie Kommunen andere Kommunen in Vergleichen sehen."))
        return redirect(reverse("district-home", args=[district.slug]) + "#namen-in-vergleichen")
    return render(request, "tenants/peer_names.html", {"district": district, "form": form})
