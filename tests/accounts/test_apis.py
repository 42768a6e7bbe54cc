"""GET /api/v1/me/memberships/: a person sees their own roles and nobody else's; the API only reads."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from accounts.services import membership_grant
from tests.factories import TownFactory, UserFactory
from tests.helpers import api_key_for, unchanged

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/memberships/"


def _api_for(user: User) -> APIClient:
    """As a script would call: with the person's token."""

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def test_a_town_officer_sees_the_role_the_town_and_its_district() -> None:
    town = TownFactory.create()
    officer = UserFactory.create()
    membership_grant(user=officer, role=Role.TOWN_DIGITAL_OFFICER, town=town)

    response = _api_for(officer).get(URL)

    assert response.status_code == 200
    assert response.json() == [
        {
            "role": "town_digital_officer",
            "role_label": "Digitalisierungsbeauftragte:r",
            "district": None,
            "town": town.slug,
            "town_district": town.district.slug,
        }
    ]


def test_a_coordinator_sees_the_district_and_no_town() -> None:
    town = TownFactory.create()
    coordinator = UserFactory.create()
    membership_grant(user=coordinator, role=Role.DISTRICT_COORDINATOR, district=town.district)

    assert _api_for(coordinator).get(URL).json() == [
        {
            "role": "district_coordinator",
            "role_label": "Kreis-Koordination",
            "district": town.district.slug,
            "town": None,
            "town_district": None,
        }
    ]


def test_an_operator_sees_the_installation_wide_role_without_a_scope() -> None:
    operator = UserFactory.create()
    membership_grant(user=operator, role=Role.PLATFORM_OPERATOR)

    assert _api_for(operator).get(URL).json() == [
        {
            "role": "platform_operator",
            "role_label": "Plattformbetrieb",
            "district": None,
            "town": None,
            "town_district": None,
        }
    ]


def test_each_person_sees_only_their_own_memberships() -> None:
    first_town, second_town = TownFactory.create_batch(2)
    alice, bob = UserFactory.create(), UserFactory.create()
    membership_grant(user=alice, role=Role.TOWN_DIGITAL_OFFICER, town=first_town)
    membership_grant(user=alice, role=Role.TOWN_VIEWER, town=second_town)
    membership_grant(user=bob, role=Role.TOWN_DIGITAL_OFFICER, town=second_town)
    membership_grant(user=bob, role=Role.CONFERENCE_MEMBER, district=second_town.district)

    alices = [(m["role"], m["town"], m["district"]) for m in _api_for(alice).get(URL).json()]
    bobs = [(m["role"], m["town"], m["district"]) for m in _api_for(bob).get(URL).json()]

    assert alices == [("town_digital_officer", first_town.slug, None), ("town_viewer", second_town.slug, None)]
    assert bobs == [
        ("conference_member", None, second_town.district.slug),
        ("town_digital_officer", second_town.slug, None),
    ]


def test_a_person_without_a_role_gets_an_empty_list() -> None:
    TownFactory.create()
    response = _api_for(UserFactory.create()).get(URL)
    assert response.status_code == 200
    assert response.json() == []


def test_an_anonymous_caller_is_asked_to_authenticate() -> None:
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_deactivated_account_no_longer_reads_its_roles() -> None:
    town = TownFactory.create()
    officer = UserFactory.create()
    membership_grant(user=officer, role=Role.TOWN_DIGITAL_OFFICER, town=town)
    api = _api_for(officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])

    response = api.get(URL)

    assert response.status_code == 401
    assert town.slug not in response.content.decode()


def test_role_labels_follow_the_requested_language() -> None:
    town = TownFactory.create()
    coordinator = UserFactory.create()
    membership_grant(user=coordinator, role=Role.DISTRICT_COORDINATOR, district=town.district)

    response = _api_for(coordinator).get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert [m["role_label"] for m in response.json()] == ["District coordinator"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_memberships_cannot_be_changed_through_this_address(method: str) -> None:
    """A person cannot grant themselves a role (or drop one) by writing to their own list."""
    town = TownFactory.create()
    viewer = UserFactory.create()
    membership_grant(user=viewer, role=Role.TOWN_VIEWER, town=town)
    payload = {"role": "platform_operator", "district": None, "town": None}

    with unchanged(Membership, User):
        response = getattr(_api_for(viewer), method)(URL, payload, format="json")

    assert response.status_code == 405
