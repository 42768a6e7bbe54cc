"""What the database itself guarantees for accounts and memberships, and how they are named."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Membership, Role, User
from tests.factories import TownFactory, UserFactory
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.DISTRICT_COORDINATOR, "town"),
        (Role.CONFERENCE_MEMBER, "none"),
        (Role.TOWN_DIGITAL_OFFICER, "district"),
        (Role.TOWN_VIEWER, "both"),
        (Role.PLATFORM_OPERATOR, "district"),
    ],
)
def test_the_database_refuses_a_membership_whose_scope_does_not_fit_its_role(role: Role, scope: str) -> None:
    """Even a write that bypasses the service (a shell, a data migration) cannot store it."""
    user = UserFactory.create()
    town = TownFactory.create()
    district = town.district if scope in ("district", "both") else None
    town_given = town if scope in ("town", "both") else None

    with (
        unchanged(Membership),
        pytest.raises(IntegrityError, match="membership_scope_matches_role"),
        transaction.atomic(),
    ):
        Membership.objects.create(user=user, role=role, district=district, town=town_given)


def test_the_database_keeps_one_operator_membership_per_person_although_its_scope_is_empty() -> None:
    """The uniqueness counts NULL scopes as equal (nulls_distinct=False)."""
    user = UserFactory.create()
    Membership.objects.create(user=user, role=Role.PLATFORM_OPERATOR)

    with unchanged(Membership), pytest.raises(IntegrityError, match="membership_unique"), transaction.atomic():
        Membership.objects.create(user=user, role=Role.PLATFORM_OPERATOR)


def test_a_person_is_named_by_full_name_or_else_by_email() -> None:
    assert str(UserFactory.build(full_name="Erika Mustermann", email="erika@example.org")) == "Erika Mustermann"
    assert str(UserFactory.build(full_name="", email="erika@example.org")) == "erika@example.org"


def test_a_membership_names_person_role_and_scope() -> None:
    user = UserFactory.create(full_name="Erika Mustermann")
    town = TownFactory.create(name="Musterstadt")

    officer = Membership.objects.create(user=user, role=Role.TOWN_DIGITAL_OFFICER, town=town)
    coordinator = Membership.objects.create(user=user, role=Role.DISTRICT_COORDINATOR, district=town.district)
    operator = Membership.objects.create(user=user, role=Role.PLATFORM_OPERATOR)

    assert str(officer) == "Erika Mustermann – Digitalisierungsbeauftragte:r (Musterstadt)"
    assert str(coordinator) == f"Erika Mustermann – Kreis-Koordination ({town.district})"
    assert str(operator) == "Erika Mustermann – Plattformbetrieb (Installation)"


def test_create_superuser_sets_the_flags_but_grants_no_role() -> None:
    """Django's createsuperuser path: the flags are set, access still needs the operator membership."""
    user = User.objects.create_superuser("Chefin@Example.ORG", "ein-gutes-passwort-17", full_name="Chefin")

    assert (user.email, user.is_staff, user.is_superuser) == ("Chefin@example.org", True, True)
    assert user.check_password("ein-gutes-passwort-17")
    assert not Membership.objects.filter(user=user).exists()
