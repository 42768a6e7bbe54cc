"""The API's sign-in by a person's own token (decision D59), and what a read-only token may not do.

Its own module, importing nothing of DRF's views: DRF loads these classes from the settings while its
views module is still being imported.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.clients import client_address
from kreisagenda.permissions import scopes_limit
from kreisagenda.throttling import failed_token_counted
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.selectors import api_token_for_key
from accounts.services import api_token_used

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``: the holder acts within the token's limits; a wrong, revoked or
    expired key answers 401 (429 once an address guessed too often)."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        token = api_token_for_key(parts[1].decode(errors="replace")) if len(parts) == 2 else None
        problem = None
        if token is None:
            problem = _("Ungültiges Token.")
        elif token.revoked_at is not None:
            problem = _("Dieser API-Zugang wurde widerrufen.")
        elif token.expires_at <= timezone.now():
            problem = _("Dieser API-Zugang ist abgelaufen.")
        elif not token.user.is_active:
            problem = _("Das Konto ist deaktiviert.")
        if problem is not None or token is None:
            failed_token_counted(request)
            raise AuthenticationFailed(problem)
        api_token_used(token=token, address=client_address(request))
        scopes_limit(token.user, district_id=token.district_id, town=token.town)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ReadOnlyTokens(BasePermission):
    """A read-only token reads; every other request is refused with 403 before the view runs."""

    message = _("Dieser API-Zugang darf nur lesen.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        return not (isinstance(token, ApiToken) and token.read_only and request.method not in SAFE_METHODS)
