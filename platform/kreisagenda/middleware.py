"""Tenancy per request: every request starts and ends on the public schema.

Routing is by path (``/kreise/<kreis>/kommunen/<kommune>/``), not by host name; a view enters a
town's schema only after :mod:`kreisagenda.permissions` allowed it (see tenants.views).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.views import APIView

from kreisagenda.tenancy import public_schema_activate
from kreisagenda.text import control_character_errors


class PublicSchemaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        public_schema_activate()
        try:
            return self.get_response(request)
        finally:
            # A worker thread's connection must not carry a town's schema into the next request.
            public_schema_activate()


class ControlCharactersMiddleware:
    """Pages refuse a submitted form with a control character in any field (decision D53): 400.

    Before the view, so nothing is written, and for every page at once: the forms, the pages that
    read their fields themselves (the Quick Check, the Leitbild) and the admin. API views are left
    to their parsers (``kreisagenda.api``), which refuse after authentication, keyed by field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or _is_api_view(view_func):
            return None
        errors = control_character_errors([(name, value) for name, values in request.POST.lists() for value in values])
        if not errors:
            return None
        referer = request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        context = {"errors": sorted(errors.items()), "back_url": referer if safe and referer else request.path}
        return render(request, "kreisagenda/input_refused.html", context, status=400)


def _is_api_view(view_func: Callable[..., Any]) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)
