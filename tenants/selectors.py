"""Reading districts and towns."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Membership
from tenants.models import District, Town


def district_get_by_slug(*, slug: str) -> District | None:
    return District.objects.filter(slug=slug).first()


def town_get(*, district_slug: str, town_slug: str) -> Town | None:
    return Town.objects.select_related("district").filter(district__slug=district_slug, slug=town_slug).first()


def district_towns(*, district: District) -> QuerySet[Town]:
    return Town.objects.filter(district=district).order_by("-kind", "name")


def district_role_holders(*, district: District) -> QuerySet[Membership]:
    """Who holds which role in the district or one of its towns (operators are not listed)."""
    return (
        Membership.objects.filter(Q(district=district) | Q(town__district=district))
        .select_related("user", "town")
        .order_by("role", "town__name", "user__full_name")
    )


def town_role_holders(*, town: Town) -> QuerySet[Membership]:
    return Membership.objects.filter(town=town).select_related("user").order_by("role", "user__full_name")
