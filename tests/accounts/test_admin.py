"""The accounts in Django's admin (accounts/admin.py): operators only, decided by the role, not by flags;
memberships are kept inline and must fit their role there too."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from kreisagenda.admin import operator_admin_site

from accounts.admin import MembershipInline
from accounts.models import Membership, Role, User
from accounts.services import membership_grant
from tests.factories import TownFactory, UserFactory
from tests.helpers import api_key_for, unchanged

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
TOKENS = "/admin/authtoken/tokenproxy/"


def _operator() -> User:
    operator = UserFactory.create(full_name="Olga Betrieb")
    membership_grant(user=operator, role=Role.PLATFORM_OPERATOR)
    return operator


def _browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change_form(client: Client, user: User) -> dict[str, Any]:
    """The change page's form as a browser would send it back unchanged (the memberships inline included)."""
    page = client.get(f"{USERS}{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {"email": form["email"].value(), "full_name": form["full_name"].value()}
    if form["is_active"].value():
        data["is_active"] = "on"
    formset = page.context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
    for inline_form in formset.forms:
        for name in inline_form.fields:
            value = inline_form[name].value()
            if value is not None and value is not False:
                data[inline_form.add_prefix(name)] = value
    return data


def _with_new_membership(data: dict[str, Any], *, role: Role, district: Any = None, town: Any = None) -> dict[str, Any]:
    index = int(data["memberships-TOTAL_FORMS"])
    data = {
        **data,
        "memberships-TOTAL_FORMS": index + 1,
        f"memberships-{index}-role": role,
        f"memberships-{index}-district": district.pk if district else "",
        f"memberships-{index}-town": town.pk if town else "",
    }
    return data


def test_an_operator_finds_an_account_by_email() -> None:
    UserFactory.create(full_name="Anna Gesucht", email="anna.gesucht@example.org")
    UserFactory.create(full_name="Bert Anders", email="bert@example.org")

    page = _browser(_operator()).get(USERS, {"q": "gesucht@"})

    assert page.status_code == 200
    assert [user.email for user in page.context["cl"].result_list] == ["anna.gesucht@example.org"]


@pytest.mark.parametrize(
    "role",
    [Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER, Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER, None],
)
def test_only_operators_enter_the_admin(role: Role | None) -> None:
    town = TownFactory.create()
    person = UserFactory.create()
    if role in (Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER):
        membership_grant(user=person, role=role, district=town.district)
    elif role is not None:
        membership_grant(user=person, role=role, town=town)
    browser = _browser(person)

    for url in (USERS, f"{USERS}{person.pk}/change/"):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")


def test_the_superuser_flag_alone_does_not_open_the_admin() -> None:
    """Access comes from the operator role; Django's flags grant nothing here."""
    flagged = User.objects.create_superuser("flagge@example.org", "ein-gutes-passwort-17", full_name="Nur Flagge")

    response = _browser(flagged).get(USERS)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_deactivated_operator_is_shut_out() -> None:
    operator = _operator()
    browser = _browser(operator)
    assert browser.get(USERS).status_code == 200
    User.objects.filter(pk=operator.pk).update(is_active=False)

    response = browser.get(USERS)

    assert response.status_code == 302


def test_an_operator_creates_an_account_that_can_log_in() -> None:
    page = _browser(_operator()).post(
        f"{USERS}add/",
        {
            "email": "neu@example.org",
            "full_name": "Nora Neu",
            "usable_password": "true",
            "password1": "ein-gutes-passwort-17",
            "password2": "ein-gutes-passwort-17",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert page.status_code == 302
    created = User.objects.get(email="neu@example.org")
    assert created.full_name == "Nora Neu"
    assert created.check_password("ein-gutes-passwort-17")
    assert not Membership.objects.filter(user=created).exists()
    signing_in = Client()  # through the sign-in page, as the new person would (its limits included)
    answer = signing_in.post("/anmelden/", {"username": "neu@example.org", "password": "ein-gutes-passwort-17"})
    assert answer.status_code == 302
    assert signing_in.session["_auth_user_id"] == str(created.pk)


def test_an_operator_grants_a_town_role_inline() -> None:
    browser = _browser(_operator())
    town = TownFactory.create()
    person = UserFactory.create()

    data = _with_new_membership(_change_form(browser, person), role=Role.TOWN_DIGITAL_OFFICER, town=town)
    response = browser.post(f"{USERS}{person.pk}/change/", data)

    assert response.status_code == 302
    assert list(Membership.objects.filter(user=person).values_list("role", "town_id", "district_id")) == [
        (Role.TOWN_DIGITAL_OFFICER, town.pk, None)
    ]


def test_an_operator_removes_a_role_inline() -> None:
    browser = _browser(_operator())
    town = TownFactory.create()
    person = UserFactory.create()
    membership_grant(user=person, role=Role.TOWN_VIEWER, town=town)
    kept = membership_grant(user=person, role=Role.DISTRICT_COORDINATOR, district=town.district)

    data = _change_form(browser, person)
    removed_index = next(
        index
        for index in range(int(data["memberships-TOTAL_FORMS"]))
        if data[f"memberships-{index}-role"] == Role.TOWN_VIEWER
    )
    data[f"memberships-{removed_index}-DELETE"] = "on"
    response = browser.post(f"{USERS}{person.pk}/change/", data)

    assert response.status_code == 302
    assert list(Membership.objects.filter(user=person).values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.parametrize(
    ("role", "scope"),
    [(Role.TOWN_DIGITAL_OFFICER, "district"), (Role.DISTRICT_COORDINATOR, "town"), (Role.PLATFORM_OPERATOR, "town")],
)
def test_a_membership_that_does_not_fit_its_role_is_refused_inline_and_nothing_changes(role: Role, scope: str) -> None:
    browser = _browser(_operator())
    town = TownFactory.create()
    person = UserFactory.create(full_name="Vorher Name")
    membership_grant(user=person, role=Role.TOWN_VIEWER, town=town)
    data = _change_form(browser, person)
    data["full_name"] = "Nachher Name"  # a change elsewhere on the page must not be saved either
    if scope == "town":
        data = _with_new_membership(data, role=role, town=town)
    else:
        data = _with_new_membership(data, role=role, district=town.district)

    with unchanged(Membership, User):
        response = browser.post(f"{USERS}{person.pk}/change/", data)

    assert response.status_code == 200  # the page again, with the problem named
    assert response.context["errors"]


def test_the_change_form_cannot_make_anyone_a_superuser_or_staff() -> None:
    """Only the role decides access: the form has no such fields, and posted ones are ignored."""
    browser = _browser(_operator())
    person = UserFactory.create(full_name="Paula Person")
    data = {**_change_form(browser, person), "full_name": "Paula Neu", "is_superuser": "on", "is_staff": "on"}

    response = browser.post(f"{USERS}{person.pk}/change/", data)

    assert response.status_code == 302
    stored = User.objects.get(pk=person.pk)
    assert (stored.full_name, stored.is_superuser, stored.is_staff) == ("Paula Neu", False, False)


@pytest.mark.parametrize("role", [Role.DISTRICT_COORDINATOR, Role.TOWN_DIGITAL_OFFICER])
def test_a_non_operator_cannot_change_an_account_or_its_roles_through_the_admin(role: Role) -> None:
    operator = _operator()
    town = TownFactory.create()
    person = UserFactory.create(full_name="Kein Betrieb")
    if role == Role.DISTRICT_COORDINATOR:
        membership_grant(user=person, role=role, district=town.district)
    else:
        membership_grant(user=person, role=role, town=town)
    data = _with_new_membership(_change_form(_browser(operator), person), role=Role.PLATFORM_OPERATOR)
    data["full_name"] = "Selbst ernannt"
    browser = _browser(person)  # logging in records the login: before the comparison starts

    with unchanged(Membership, User):
        response = browser.post(f"{USERS}{person.pk}/change/", data)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_has_no_page_for_api_tokens_not_even_for_operators() -> None:
    """Operators once issued and read every person's keys here, and so could act as a town's officer
    (decision D59): now each person makes their own, shown once, and nobody lists them in clear."""
    holder = UserFactory.create(full_name="Skript Nutzerin")
    key = api_key_for(holder)
    browser = _browser(_operator())
    assert browser.get(TOKENS).status_code == 404
    assert key not in browser.get(f"{USERS}{holder.pk}/change/").content.decode()
    assert not any(
        model.__name__.endswith("Token") or model.__name__ == "TokenProxy" for model in operator_admin_site._registry
    )


@pytest.mark.parametrize("is_operator", [True, False])
def test_each_accounts_admin_and_the_inline_ask_for_the_operator_role_themselves(is_operator: bool) -> None:
    """Not only the site: every admin of the app refuses a non-operator on its own, so that no later
    change of the site's check opens accounts, memberships or tokens."""
    person = UserFactory.create()
    town = TownFactory.create()
    if is_operator:
        membership_grant(user=person, role=Role.PLATFORM_OPERATOR)
    else:
        membership_grant(user=person, role=Role.DISTRICT_COORDINATOR, district=town.district)
    request = RequestFactory().get(USERS)
    request.user = person
    user_admin = operator_admin_site._registry[User]
    inline = MembershipInline(User, operator_admin_site)

    answers = {
        "site": operator_admin_site.has_permission(request),
        **{
            f"{name} {check}": getattr(model_admin, check)(request)
            for name, model_admin in (("accounts", user_admin),)
            for check in (
                "has_module_permission",
                "has_view_permission",
                "has_add_permission",
                "has_change_permission",
                "has_delete_permission",
            )
        },
        **{
            f"inline {check}": getattr(inline, check)(request, person)
            for check in ("has_view_permission", "has_add_permission", "has_change_permission", "has_delete_permission")
        },
    }

    assert answers == dict.fromkeys(answers, is_operator)


def test_an_account_created_in_the_admin_has_its_email_normalised_like_any_other() -> None:
    UserFactory.create(email="anna@example.org", full_name="Anna Vorhanden")
    browser = _browser(_operator())

    with unchanged(User):  # the same address with an upper-case domain is the same account
        browser.post(
            f"{USERS}add/",
            {
                "email": "anna@Example.ORG",
                "full_name": "Anna Doppelt",
                "usable_password": "true",
                "password1": "ein-gutes-passwort-17",
                "password2": "ein-gutes-passwort-17",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )


def test_an_operator_made_in_the_admin_can_sign_in_to_the_admin() -> None:
    browser = _browser(_operator())
    person = UserFactory.create(email="neue.betreiberin@example.org")
    person.set_password("ein-gutes-passwort-17")
    person.save()
    data = _with_new_membership(_change_form(browser, person), role=Role.PLATFORM_OPERATOR)
    assert browser.post(f"{USERS}{person.pk}/change/", data).status_code == 302

    login = Client().post(
        "/admin/login/", {"username": "neue.betreiberin@example.org", "password": "ein-gutes-passwort-17"}
    )

    assert login.status_code == 302
