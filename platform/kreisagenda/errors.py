"""The answer to an unexpected error: 503 with Retry-After while the database is away, else 500.

Django calls ``server_error`` (handler500) for an exception anywhere below the outermost middleware;
it must work without the database: no session, no user, no context processors.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    message = (
        _("Die Datenbank ist gerade nicht erreichbar. Bitte in einer halben Minute noch einmal versuchen.")
        if unavailable
        else _("Ein unerwarteter Fehler ist aufgetreten. Er wurde protokolliert.")
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        page = loader.get_template("kreisagenda/server_error.html").render({"status": status, "message": message})
        response = HttpResponse(page, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
