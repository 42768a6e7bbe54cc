"""How long a sign-in lasts (decision D57): 30 minutes without a request end it, a working day at most.

The idle limit is the session's own age (SESSION_COOKIE_AGE), renewed by saving the session, which
this middleware does at most once a minute (not on every request: that would be a write each time).
The absolute limit counts from the sign-in (``SignInView``; other ways in: from the first request).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse

STARTED, RENEWED = "kreisagenda_started", "kreisagenda_renewed"
RENEW_EVERY_SECONDS = 60


def sign_in_stamp(request: HttpRequest) -> None:
    """Note when the sign-in began (with the sign-in's own session write, not one of its own)."""
    now = int(time.time())
    request.session[STARTED] = request.session[RENEWED] = now


class SignInView(LoginView):
    """Django's sign-in page, noting when the sign-in began (the absolute limit counts from there)."""

    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        sign_in_stamp(self.request)
        return response


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(STARTED)
            if started is None:  # signed in another way (the admin's page): from now on
                sign_in_stamp(request)
            elif now - started > settings.KREISAGENDA_SESSION_MAX_SECONDS:
                logout(request)  # the view sees an anonymous person: pages send them to the sign-in
            elif now - session.get(RENEWED, 0) >= RENEW_EVERY_SECONDS:
                session[RENEWED] = now  # saved with the response: the idle limit starts again
        return self.get_response(request)
