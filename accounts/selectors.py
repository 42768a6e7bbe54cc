from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.keys import api_key_hash
from accounts.models import ApiToken, Membership, User


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).select_related("district", "town", "town__district")


def api_token_for_key(key: str) -> ApiToken | None:
    """The token a key belongs to (found by the key's hash: the key itself is not stored)."""
    return ApiToken.objects.select_related("user", "town").filter(key_hash=api_key_hash(key)).first()


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("district", "town")
