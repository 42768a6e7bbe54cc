"""Limits on the API: wrong tokens per client address, calls per account (decision D56).

Its own module, importing nothing of DRF's views: DRF loads these classes from the settings while
its views module is still being imported.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class FailedTokenThrottle(AnonRateThrottle):
    """Failed token sign-ins per client address. DRF checks throttles only after authentication and
    permissions, so a wrong token (401) would never reach one: the token authentication asks this one
    itself (``failed_token_counted``). The rate is read per request from settings.KREISAGENDA_API_RATES (environment, tests)."""

    scope = "failed_token"

    def get_rate(self) -> str | None:
        rate: str | None = settings.KREISAGENDA_API_RATES.get(self.scope)
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str:
        # By address only: asking for request.user here would authenticate again, from inside authentication.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def failed_token_counted(request: Request) -> None:
    """Count a wrong token from the request's address; past the rate, refuse with 429 instead of 401."""
    throttle = FailedTokenThrottle()
    # counts this failure, and refuses once the address is past the rate
    if not throttle.allow_request(request, None):  # type: ignore[arg-type]
        raise Throttled(wait=throttle.wait())


class AccountRateThrottle(UserRateThrottle):
    """Each account's API calls, whatever token or session they come with."""

    scope = "account"

    def get_rate(self) -> str | None:
        rate: str | None = settings.KREISAGENDA_API_RATES.get(self.scope)
        return rate
