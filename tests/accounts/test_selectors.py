"""Reading a person's roles (accounts/selectors.py): their own only, in a fixed order, in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.selectors import memberships_of
from accounts.services import membership_grant
from tests.factories import TownFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_gets_exactly_their_own_memberships_ordered_by_role() -> None:
    person = UserFactory.create()
    colleague = UserFactory.create()
    town = TownFactory.create()
    # Granted out of order, so that the order of the answer is the selector's doing.
    membership_grant(user=person, role=Role.TOWN_VIEWER, town=town)
    membership_grant(user=person, role=Role.DISTRICT_COORDINATOR, district=town.district)
    membership_grant(user=person, role=Role.TOWN_DIGITAL_OFFICER, town=town)
    membership_grant(user=person, role=Role.CONFERENCE_MEMBER, district=town.district)
    membership_grant(user=colleague, role=Role.TOWN_DIGITAL_OFFICER, town=town)

    roles = [membership.role for membership in memberships_of(user=person)]

    # Ordered by the stored value of the role: alphabetical, not by rank.
    assert roles == [
        Role.CONFERENCE_MEMBER,
        Role.DISTRICT_COORDINATOR,
        Role.TOWN_DIGITAL_OFFICER,
        Role.TOWN_VIEWER,
    ]
    assert {membership.user_id for membership in memberships_of(user=person)} == {person.pk}


def test_a_person_without_a_role_and_an_anonymous_visitor_get_none() -> None:
    TownFactory.create()
    assert list(memberships_of(user=UserFactory.create())) == []
    assert list(memberships_of(user=AnonymousUser())) == []


def test_scopes_and_the_district_of_a_town_come_with_the_memberships_in_one_query() -> None:
    person = UserFactory.create()
    first_town, second_town = TownFactory.create_batch(2)
    membership_grant(user=person, role=Role.TOWN_DIGITAL_OFFICER, town=first_town)
    membership_grant(user=person, role=Role.TOWN_VIEWER, town=second_town)
    membership_grant(user=person, role=Role.DISTRICT_COORDINATOR, district=first_town.district)

    with CaptureQueriesContext(connection) as queries:
        scopes = [
            (
                membership.district.slug if membership.district else None,
                membership.town.slug if membership.town else None,
                membership.town.district.slug if membership.town else None,
            )
            for membership in memberships_of(user=person)
        ]

    # django-tenants may first set the search path; that is no read of memberships.
    assert len([q for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]) == 1
    assert scopes == [
        (first_town.district.slug, None, None),
        (None, first_town.slug, first_town.district.slug),
        (None, second_town.slug, second_town.district.slug),
    ]
