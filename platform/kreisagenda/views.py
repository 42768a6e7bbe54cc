from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import memberships_of
from kreisagenda.permissions import districts_visible_to, towns_visible_to


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where a person lands after login: their districts and towns."""
    context = {
        "memberships": memberships_of(user=request.user),
        "districts": districts_visible_to(request.user),
        "towns": towns_visible_to(request.user).select_related("district"),
    }
    return render(request, "kreisagenda/start.html", context)
