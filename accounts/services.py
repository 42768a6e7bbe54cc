"""Writing accounts and memberships."""

from __future__ import annotations

from django.db import transaction

from accounts.models import DISTRICT_ROLES, TOWN_ROLES, Membership, Role, User
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
    *, user: User, role: Role, district: District | None = None, town: Town | None = None
) -> Membership:
    """Give ``user`` a role; the scope must fit the role (the database checks it too)."""
    if role in DISTRICT_ROLES and (district is None or town is not None):
        raise ValueError(f"{role} gilt für einen Kreis.")
    if role in TOWN_ROLES and (town is None or district is not None):
        raise ValueError(f"{role} gilt für eine Kommune.")
    if role == Role.PLATFORM_OPERATOR and (district is not None or town is not None):
        raise ValueError("Plattformbetrieb gilt für die ganze Installation.")
    membership, _created = Membership.objects.get_or_create(user=user, role=role, district=district, town=town)
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
