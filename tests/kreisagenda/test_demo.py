from __future__ import annotations

import pytest
from kreisagenda.demo import DEMO_ACCOUNTS, demo_seed

from accounts.models import Membership, User
from tenants.models import District, Town
from tests.conftest import World


def test_demo_district_has_its_eleven_members(world: World, db: None) -> None:
    towns = Town.objects.filter(district__key="05762")
    assert towns.count() == 11
    assert towns.filter(kind="district_administration").get().ags == "05762000"
    assert sum(towns.filter(kind="town").values_list("population", flat=True)) == 143709


def test_seeding_again_creates_nothing(world: World, db: None) -> None:
    counts = (District.objects.count(), Town.objects.count(), User.objects.count(), Membership.objects.count())
    result = demo_seed()
    assert (result.district_created, result.towns_created, result.accounts_created) == (False, [], [])
    assert (District.objects.count(), Town.objects.count(), User.objects.count(), Membership.objects.count()) == counts


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.email)
def test_every_demo_account_holds_its_role(world: World, db: None, account: object) -> None:
    user = User.objects.get(email=account.email)  # type: ignore[attr-defined]
    assert list(user.memberships.values_list("role", flat=True)) == [account.role]  # type: ignore[attr-defined]
