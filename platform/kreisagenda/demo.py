"""The demo district: Kreis Höxter with its district administration and ten towns, one account per role.

Seeding is idempotent: a second run finds everything in place and creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from tenants.member_import import members_import
from tenants.models import District, FederalState, Town
from tenants.services import district_create

DEMO_CSV = Path(__file__).resolve().parent / "data" / "kreis-hoexter.csv"
DEMO_DISTRICT_KEY = "05762"
DEMO_PASSWORD = "kreisagenda-demo"  # noqa: S105 - printed at start; the demo listens on loopback only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    town_slug: str = ""  # empty: the role is held in the district (or installation)


DEMO_ACCOUNTS = (
    DemoAccount("betrieb@kreisagenda.example", "Pat Betrieb", Role.PLATFORM_OPERATOR),
    DemoAccount("koordination@kreis-hoexter.example", "Kim Koordination", Role.DISTRICT_COORDINATOR),
    DemoAccount("konferenz@kreis-hoexter.example", "Dr. Maria Landrätin", Role.CONFERENCE_MEMBER),
    DemoAccount("digital@hoexter.example", "Alex Digital (Höxter)", Role.TOWN_DIGITAL_OFFICER, "hoexter"),
    DemoAccount("buergermeister@hoexter.example", "Bürgermeister Höxter", Role.TOWN_VIEWER, "hoexter"),
    DemoAccount("digital@brakel.example", "Sam Digital (Brakel)", Role.TOWN_DIGITAL_OFFICER, "brakel"),
)


@dataclass
class DemoSeedResult:
    district_created: bool = False
    towns_created: list[str] = field(default_factory=list)
    accounts_created: list[str] = field(default_factory=list)


def demo_seed() -> DemoSeedResult:
    result = DemoSeedResult()
    district = District.objects.filter(key=DEMO_DISTRICT_KEY).first()
    if district is None:
        district = district_create(
            name="Kreis Höxter", key=DEMO_DISTRICT_KEY, federal_state=FederalState.NORDRHEIN_WESTFALEN
        )
        result.district_created = True
    with DEMO_CSV.open(encoding="utf-8", newline="") as stream:
        imported = members_import(district=district, lines=stream, source=DEMO_CSV.name, if_exists="skip")
    result.towns_created = [town.name for town in imported.created]
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(email=account.email).first()
            if user is None:
                user = user_create(email=account.email, full_name=account.full_name, password=DEMO_PASSWORD)
                result.accounts_created.append(account.email)
            if account.role == Role.PLATFORM_OPERATOR:
                membership_grant(user=user, role=account.role)
            elif account.town_slug:
                membership_grant(
                    user=user, role=account.role, town=Town.objects.get(district=district, slug=account.town_slug)
                )
            else:
                membership_grant(user=user, role=account.role, district=district)
    return result
