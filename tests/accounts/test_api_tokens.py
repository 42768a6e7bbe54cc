"""A person's own API tokens (issue 13, item 6; decision D59): made by the holder, shown once, kept as a
hash, expiring, optionally read-only and limited to one district or town; use is recorded; operators
can neither issue nor read anyone's keys."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.keys import api_key_hash
from accounts.models import ApiToken, User
from accounts.services import ApiTokenInput, api_token_create, api_token_revoke
from tests.conftest import World
from tests.helpers import town_unchanged, unchanged

pytestmark = pytest.mark.django_db

TOKENS_PAGE = "/konto/api-zugaenge/"
HOEXTER = "/api/v1/districts/kreis-hoexter/towns/hoexter/"
BRAKEL = "/api/v1/districts/kreis-hoexter/towns/brakel/"
MEASURES = HOEXTER + "measures/"


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_person_makes_a_token_on_the_page_and_sees_the_key_once(
    world: World, client_as: Callable[[str], Client], person: Callable[[str], User]
) -> None:
    page = client_as("officer_hoexter")
    answer = page.post(TOKENS_PAGE, {"name": "Fachverfahren", "days": "90", "read_only": "on", "scope": ""})
    assert answer.status_code == 200
    key = answer.context["new_key"]
    assert key.startswith("ka_")
    assert key in answer.content.decode()
    token = ApiToken.objects.get(user=person("officer_hoexter"))
    assert token.key_hash == api_key_hash(key)  # only the hash is kept
    assert key not in str(list(ApiToken.objects.values()))
    assert token.read_only
    assert datetime.timedelta(days=89) < token.expires_at - timezone.now() <= datetime.timedelta(days=90)
    assert key not in page.get(TOKENS_PAGE).content.decode()  # shown once
    assert _api(key).get(HOEXTER).status_code == 200


def test_a_token_limited_to_one_town_reaches_nothing_else(world: World, person: Callable[[str], User]) -> None:
    coordinator = person("coordinator")  # may see every town of the district, but this key only Höxter
    _token, key = api_token_create(
        user=coordinator, data=ApiTokenInput(name="Höxter", days=30, town=world.town_hoexter)
    )
    client = _api(key)
    assert client.get(HOEXTER).status_code == 200
    assert client.get(BRAKEL).status_code == 403
    assert [district["slug"] for district in client.get("/api/v1/districts/").json()] == ["kreis-hoexter"]
    with unchanged(ApiToken.objects.all()):
        assert client.post("/api/v1/districts/kreis-hoexter/grids/", {"year": 2040}, format="json").status_code == 403


def test_a_read_only_token_reads_and_writes_nothing(world: World, person: Callable[[str], User]) -> None:
    _token, key = api_token_create(
        user=person("officer_hoexter"), data=ApiTokenInput(name="Lesen", days=30, read_only=True)
    )
    client = _api(key)
    assert client.get(MEASURES).status_code == 200
    with town_unchanged(world.town_hoexter):
        answer = client.post(MEASURES, {"title": "Neu", "field_key": "verwaltung", "status": "idea"}, format="json")
    assert answer.status_code == 403
    assert "nur lesen" in answer.json()["detail"]


@pytest.mark.parametrize("state", ["revoked", "expired", "inactive"])
def test_a_revoked_or_expired_token_or_a_deactivated_account_is_refused(
    world: World, person: Callable[[str], User], state: str
) -> None:
    officer = person("officer_hoexter")
    token, key = api_token_create(user=officer, data=ApiTokenInput(name="x", days=30))
    if state == "revoked":
        api_token_revoke(token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    else:
        User.objects.filter(pk=officer.pk).update(is_active=False)
    answer = _api(key).get(HOEXTER)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"


def test_use_is_recorded_with_time_and_address(world: World, person: Callable[[str], User]) -> None:
    token, key = api_token_create(user=person("officer_hoexter"), data=ApiTokenInput(name="x", days=30))
    assert token.last_used_at is None
    client = APIClient(REMOTE_ADDR="198.51.100.4")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.get(HOEXTER)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_from == "198.51.100.4"


def test_nobody_limits_a_token_to_a_place_of_no_role_of_theirs(world: World, person: Callable[[str], User]) -> None:
    with unchanged(ApiToken.objects.all()), pytest.raises(ValidationError) as error:
        api_token_create(user=person("officer_brakel"), data=ApiTokenInput(name="x", days=30, town=world.town_hoexter))
    assert "keine Rolle" in str(error.value)
    with unchanged(ApiToken.objects.all()), pytest.raises(ValidationError):
        api_token_create(user=person("officer_brakel"), data=ApiTokenInput(name="x", days=3650))


def test_an_operators_limited_token_is_no_key_to_everything(world: World, person: Callable[[str], User]) -> None:
    operator = person("operator")
    _token, key = api_token_create(
        user=operator, data=ApiTokenInput(name="x", days=30, district=world.hoexter_district)
    )
    client = _api(key)
    assert client.get("/api/v1/districts/kreis-lippe/").status_code == 403


def test_a_person_revokes_only_their_own_tokens(
    world: World, client_as: Callable[[str], Client], person: Callable[[str], User]
) -> None:
    token, key = api_token_create(user=person("officer_hoexter"), data=ApiTokenInput(name="x", days=30))
    with unchanged(ApiToken.objects.all()):
        assert client_as("officer_brakel").post(f"{TOKENS_PAGE}{token.pk}/widerrufen/").status_code == 404
    assert client_as("officer_hoexter").post(f"{TOKENS_PAGE}{token.pk}/widerrufen/").status_code == 302
    assert _api(key).get(HOEXTER).status_code == 401


def test_the_page_offers_only_the_persons_own_places_as_a_limit(
    world: World, client_as: Callable[[str], Client], person: Callable[[str], User]
) -> None:
    page = client_as("officer_hoexter")
    choices = dict(page.get(TOKENS_PAGE).context["form"].fields["scope"].choices)
    assert list(choices.values())[1:] == ["Höxter"]  # after "alle meine Rollen"
    town_choice = next(value for value, label in choices.items() if label == "Höxter")
    answer = page.post(TOKENS_PAGE, {"name": "Bauamt", "days": "30", "scope": town_choice})
    assert answer.status_code == 200
    token = ApiToken.objects.get(user=person("officer_hoexter"))
    assert token.town == world.town_hoexter
    assert not token.read_only
    with unchanged(ApiToken.objects.all()):
        refused = page.post(TOKENS_PAGE, {"name": "Brakel", "days": "30", "scope": f"kommune-{world.town_brakel.pk}"})
    assert refused.status_code == 400
