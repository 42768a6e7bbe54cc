"""Writing accounts, memberships and a person's API tokens."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.permissions import Action, can

from accounts.keys import api_key_hash, api_key_new
from accounts.models import DISTRICT_ROLES, TOWN_ROLES, ApiToken, Membership, Role, User
from tenants.models import District, Town


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None) -> User:
    user = User(email=User.objects.normalize_email(email), full_name=full_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role,
    district: District | None = None,
    town: Town | None = None,
    organisation: str = "",
    organisation_kind: str = "",
) -> Membership:
    """Give ``user`` a role; the scope must fit the role (the database checks it too). A partner's
    role names the organisation it speaks for (decision D94), and only a partner's does."""
    if role in (*DISTRICT_ROLES, Role.PARTNER) and (district is None or town is not None):
        raise ValueError(f"{role} gilt für einen Kreis.")
    if (role == Role.PARTNER) != bool(organisation.strip() and organisation_kind):
        raise ValueError("Nur Partner nennen ihre Organisation, und Partner immer.")
    if role in TOWN_ROLES and (town is None or district is not None):
        raise ValueError(f"{role} gilt für eine Kommune.")
    if role == Role.PLATFORM_OPERATOR and (district is not None or town is not None):
        raise ValueError("Plattformbetrieb gilt für die ganze Installation.")
    membership, _created = Membership.objects.get_or_create(
        user=user,
        role=role,
        district=district,
        town=town,
        defaults={"organisation": organisation.strip(), "organisation_kind": organisation_kind},
    )
    if role == Role.PLATFORM_OPERATOR:
        user_staff_sync(user=user)
    return membership


def user_staff_sync(*, user: User) -> User:
    """Django's admin needs ``is_staff``; it follows the operator role (the permission itself comes
    from the role). Called after roles were granted or removed, also by the admin's inline."""
    is_operator = Membership.objects.filter(user=user, role=Role.PLATFORM_OPERATOR).exists()
    if user.is_staff != is_operator:
        user.is_staff = is_operator
        user.save(update_fields=["is_staff"])
    return user


# --- API tokens (decision D59) -------------------------------------------------------------------

TOKEN_DAYS = (30, 90, 180, 365)
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class ApiTokenInput:
    name: str
    days: int
    read_only: bool = False
    district: District | None = None
    town: Town | None = None


def api_token_create(*, user: User, data: ApiTokenInput) -> tuple[ApiToken, str]:
    """A new token of ``user``'s own, and its key (shown once: only its hash is kept)."""
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = [_("Bitte eine Bezeichnung angeben, etwa wofür der Zugang ist.")]
    if data.days not in TOKEN_DAYS:
        errors["days"] = [_("Gültig für 30, 90, 180 oder 365 Tage.")]
    if data.district is not None and data.town is not None:
        errors["scope"] = [_("Entweder ein Kreis oder eine Kommune.")]
    elif data.town is not None and not can(user, Action.VIEW_TOWN, data.town):
        errors["scope"] = [_("Für diese Kommune haben Sie keine Rolle.")]
    elif data.district is not None and not can(user, Action.VIEW_DISTRICT, data.district):
        errors["scope"] = [_("Für diesen Kreis haben Sie keine Rolle.")]
    if errors:
        raise ValidationError(errors)
    key = api_key_new()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:10],
        key_hash=api_key_hash(key),
        read_only=data.read_only,
        district=data.district,
        town=data.town,
        expires_at=timezone.now() + datetime.timedelta(days=data.days),
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_used(*, token: ApiToken, address: str | None) -> None:
    """Record when and from where the token was last used (at most once a minute: not a write per call)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORDED_EVERY or token.last_used_from != address:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
        token.last_used_at, token.last_used_from = now, address
