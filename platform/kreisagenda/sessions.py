"""How long a sign-in lasts (decision D57): 30 minutes without a request end it, a working day at most.

The idle limit is the session's own age (SESSION_COOKIE_AGE), renewed by saving the session, which
this middleware does at most once a minute (not on every request: that would be a write each time).
The absolute limit counts from the first request after signing in.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED, RENEWED = "kreisagenda_started", "kreisagenda_renewed"
RENEW_EVERY_SECONDS = 60


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(STARTED)
            if started is None:
                session[STARTED] = session[RENEWED] = now
            elif now - started > settings.KREISAGENDA_SESSION_MAX_SECONDS:
                logout(request)  # the view sees an anonymous person: pages send them to the sign-in
            elif now - session.get(RENEWED, 0) >= RENEW_EVERY_SECONDS:
                session[RENEWED] = now  # saved with the response: the idle limit starts again
        return self.get_response(request)
