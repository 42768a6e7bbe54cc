"""Writing accounts and memberships (accounts/services.py): what is stored, and what is refused unchanged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Membership, Role, User
from accounts.services import membership_grant, user_create, user_staff_sync
from tests.factories import DistrictFactory, TownFactory, UserFactory
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db


def test_a_new_account_keeps_the_email_with_a_lower_case_domain_and_only_a_hash_of_the_password() -> None:
    user = user_create(email="Anna.Schmidt@Brakel.EXAMPLE", full_name="Anna Schmidt", password="ein-gutes-passwort-17")

    stored = User.objects.get(pk=user.pk)
    assert stored.email == "Anna.Schmidt@brakel.example"
    assert stored.full_name == "Anna Schmidt"
    assert stored.password != "ein-gutes-passwort-17"
    assert stored.check_password("ein-gutes-passwort-17")
    assert (stored.is_active, stored.is_staff, stored.is_superuser) == (True, False, False)


def test_an_account_without_a_password_cannot_log_in_with_any() -> None:
    user = user_create(email="ohne-passwort@example.org", full_name="Ohne Passwort", password=None)

    stored = User.objects.get(pk=user.pk)
    assert not stored.has_usable_password()
    assert not stored.check_password("")


@pytest.mark.parametrize(
    ("email", "full_name", "field"),
    [
        ("keine-adresse", "Kein Name", "email"),
        ("ohne-name@example.org", "", "full_name"),
    ],
)
def test_an_invalid_account_is_refused_and_nothing_is_stored(email: str, full_name: str, field: str) -> None:
    with unchanged(User), pytest.raises(ValidationError) as error:
        user_create(email=email, full_name=full_name, password="ein-gutes-passwort-17")

    assert list(error.value.message_dict) == [field]


def test_an_email_address_is_one_account_only() -> None:
    UserFactory.create(email="doppelt@example.org", full_name="Erste Person")

    with unchanged(User), pytest.raises(ValidationError) as error:
        user_create(email="doppelt@example.org", full_name="Zweite Person", password="ein-gutes-passwort-17")

    assert "email" in error.value.message_dict


@pytest.mark.parametrize("role", [Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER])
def test_a_district_role_is_granted_for_a_district(role: Role) -> None:
    user = UserFactory.create()
    district = DistrictFactory.create()

    membership = membership_grant(user=user, role=role, district=district)

    assert list(Membership.objects.filter(user=user).values_list("role", "district_id", "town_id")) == [
        (role, district.pk, None)
    ]
    assert membership.pk == Membership.objects.get(user=user).pk


@pytest.mark.parametrize("role", [Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER])
def test_a_town_role_is_granted_for_a_town(role: Role) -> None:
    user = UserFactory.create()
    town = TownFactory.create()

    membership_grant(user=user, role=role, town=town)

    assert list(Membership.objects.filter(user=user).values_list("role", "district_id", "town_id")) == [
        (role, None, town.pk)
    ]


@pytest.mark.parametrize(
    ("role", "scope", "message"),
    [
        (Role.DISTRICT_COORDINATOR, "town", "gilt für einen Kreis"),
        (Role.CONFERENCE_MEMBER, "none", "gilt für einen Kreis"),
        (Role.CONFERENCE_MEMBER, "both", "gilt für einen Kreis"),
        (Role.TOWN_DIGITAL_OFFICER, "district", "gilt für eine Kommune"),
        (Role.TOWN_VIEWER, "none", "gilt für eine Kommune"),
        (Role.TOWN_VIEWER, "both", "gilt für eine Kommune"),
        (Role.PLATFORM_OPERATOR, "district", "ganze Installation"),
        (Role.PLATFORM_OPERATOR, "town", "ganze Installation"),
    ],
)
def test_a_role_in_the_wrong_scope_is_refused_and_nothing_is_granted(role: Role, scope: str, message: str) -> None:
    user = UserFactory.create()
    town = TownFactory.create()
    district_given = town.district if scope in ("district", "both") else None
    town_given = town if scope in ("town", "both") else None

    with unchanged(Membership, User), pytest.raises(ValueError, match=message):
        membership_grant(user=user, role=role, district=district_given, town=town_given)


def test_granting_the_same_role_twice_keeps_one_membership() -> None:
    user = UserFactory.create()
    town = TownFactory.create()
    first = membership_grant(user=user, role=Role.TOWN_VIEWER, town=town)

    with unchanged(Membership):
        again = membership_grant(user=user, role=Role.TOWN_VIEWER, town=town)

    assert again.pk == first.pk


def test_one_person_may_hold_roles_in_several_places() -> None:
    user = UserFactory.create()
    first_town, second_town = TownFactory.create_batch(2)

    membership_grant(user=user, role=Role.TOWN_DIGITAL_OFFICER, town=first_town)
    membership_grant(user=user, role=Role.TOWN_VIEWER, town=first_town)
    membership_grant(user=user, role=Role.TOWN_DIGITAL_OFFICER, town=second_town)
    membership_grant(user=user, role=Role.DISTRICT_COORDINATOR, district=first_town.district)

    assert sorted(Membership.objects.filter(user=user).values_list("role", "town_id", "district_id")) == sorted(
        [
            (Role.TOWN_DIGITAL_OFFICER, first_town.pk, None),
            (Role.TOWN_VIEWER, first_town.pk, None),
            (Role.TOWN_DIGITAL_OFFICER, second_town.pk, None),
            (Role.DISTRICT_COORDINATOR, None, first_town.district_id),
        ]
    )


def test_the_operator_role_opens_django_admin_by_setting_the_staff_flag() -> None:
    user = UserFactory.create()
    assert not user.is_staff

    membership = membership_grant(user=user, role=Role.PLATFORM_OPERATOR)

    assert (membership.district_id, membership.town_id) == (None, None)
    assert User.objects.get(pk=user.pk).is_staff


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.DISTRICT_COORDINATOR, "district"),
        (Role.CONFERENCE_MEMBER, "district"),
        (Role.TOWN_DIGITAL_OFFICER, "town"),
    ],
)
def test_no_other_role_sets_the_staff_flag(role: Role, scope: str) -> None:
    user = UserFactory.create()
    town = TownFactory.create()

    if scope == "town":
        membership_grant(user=user, role=role, town=town)
    else:
        membership_grant(user=user, role=role, district=town.district)

    assert not User.objects.get(pk=user.pk).is_staff


@pytest.mark.django_db
def test_the_admin_flag_follows_the_operator_role_both_ways() -> None:
    user = UserFactory.create()
    Membership.objects.create(user=user, role=Role.PLATFORM_OPERATOR)  # as the admin's inline writes it
    assert user_staff_sync(user=user).is_staff
    assert User.objects.get(pk=user.pk).is_staff

    Membership.objects.filter(user=user).delete()
    user_staff_sync(user=user)
    assert not User.objects.get(pk=user.pk).is_staff
