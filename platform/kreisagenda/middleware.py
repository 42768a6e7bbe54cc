"""Tenancy per request: every request starts and ends on the public schema.

Routing is by path (``/kreise/<kreis>/kommunen/<kommune>/``), not by host name; a view enters a
town's schema only after :mod:`kreisagenda.permissions` allowed it (see tenants.views).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kreisagenda.tenancy import public_schema_activate


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
