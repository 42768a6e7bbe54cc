"""Reading districts and towns."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from kreisagenda.tenancy import databases, town_schema_require

from accounts.models import Membership
from audit.models import AuditEntry
from audit.selectors import audit_entries_recent
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


def town_recent_changes(*, town: Town, include_drafts: bool, limit: int = 10) -> list[AuditEntry]:
    """The latest entries of the town's history; empty while its schema is not ready. Without
    ``include_drafts`` (the reader may not see the town's drafts) only entries about what it released
    or published.

    Reads the active schema, which must be the town's (``kreisagenda.lookups.town_enter``).
    """
    if not town.is_ready:
        return []
    town_schema_require(town, purpose="Die Historie")
    return list(audit_entries_recent(limit=limit, include_drafts=include_drafts))


@dataclass(frozen=True)
class DatabaseLoad:
    """How full one of the installation's databases is (D107): its districts and its schemas (a town's
    or a district administration's each)."""

    name: str
    districts: int
    schemas: int


def database_loads() -> list[DatabaseLoad]:
    """Every database of the installation with its districts and schemas: two small queries each."""
    return [
        DatabaseLoad(
            name=name,
            districts=District.objects.using(alias).count(),
            schemas=Town.objects.using(alias).count(),
        )
        for name, alias in databases().items()
    ]


def district_database(*, key_or_slug: str) -> str | None:
    """The name of the database that holds the district with this key or short name, if any does."""
    for name, alias in databases().items():
        if District.objects.using(alias).filter(Q(key=key_or_slug) | Q(slug=key_or_slug)).exists():
            return name
    return None


def district_placements() -> list[tuple[str, str]]:
    """Every district of the installation as (short name, database name), sorted by short name: what a
    reverse proxy needs to send ``/kreise/<kreis>/…`` to the processes of the district's database."""
    return sorted(
        (slug, name)
        for name, alias in databases().items()
        for slug in District.objects.using(alias).values_list("slug", flat=True)
    )
