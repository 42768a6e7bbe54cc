"""The inbox and the settings through pages and the API: one's own only; another's notification is
404 and stays as it was; bad settings are refused naming the field, nothing saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from notifications import kinds
from notifications.models import Frequency, Notification, NotificationSetting
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _notification(user: User, world: World, title: str) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=kinds.MEASURE_LATE.key,
        district=world.hoexter_district,
        town=world.town_brakel if user.email == "digital@brakel.example" else world.town_hoexter,
        title=title,
        body="Text",
        url="/kreise/kreis-hoexter/",
        delivery=Frequency.NEVER,
    )


def test_the_inbox_lists_ones_own_newest_first_unread_marked_with_the_count_in_the_header(
    world: World, person: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    brakel = person("officer_brakel")
    Notification.objects.filter(recipient=brakel).delete()
    _notification(brakel, world, "Ältere Nachricht")
    _notification(brakel, world, "Neuere Nachricht")
    _notification(person("officer_hoexter"), world, "Nachricht für Höxter")
    page = client_as("officer_brakel").get("/benachrichtigungen/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Neuere Nachricht") < text.index("Ältere Nachricht")
    assert "Nachricht für Höxter" not in text
    assert text.count("Ungelesen") == 2
    assert "Benachrichtigungen (2 ungelesen)" in text


def test_marking_read_one_and_all_and_never_anothers(
    world: World, person: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    brakel, hoexter = person("officer_brakel"), person("officer_hoexter")
    own = _notification(brakel, world, "Eigene")
    other = _notification(brakel, world, "Zweite eigene")
    foreign = _notification(hoexter, world, "Fremde")
    client = client_as("officer_brakel")
    assert client.post(f"/benachrichtigungen/{foreign.pk}/gelesen/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None
    assert client.post(f"/benachrichtigungen/{own.pk}/gelesen/").status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.read_at is not None
    assert other.read_at is None
    assert client.post("/benachrichtigungen/alle-gelesen/").status_code == 302
    other.refresh_from_db()
    foreign.refresh_from_db()
    assert other.read_at is not None
    assert foreign.read_at is None


def test_the_api_lists_and_marks_ones_own_only(
    world: World, person: Callable[[str], User], api_as: Callable[[str], APIClient]
) -> None:
    brakel, hoexter = person("officer_brakel"), person("officer_hoexter")
    Notification.objects.filter(recipient=brakel).delete()
    own = _notification(brakel, world, "Eigene")
    foreign = _notification(hoexter, world, "Fremde")
    api = api_as("officer_brakel")
    answer = api.get("/api/v1/notifications/")
    assert answer.status_code == 200
    assert [row["title"] for row in answer.json()["results"]] == ["Eigene"]
    assert answer.json()["unread_count"] == 1
    assert answer.json()["results"][0]["url"] == "http://testserver/kreise/kreis-hoexter/"
    assert api.post(f"/api/v1/notifications/{foreign.pk}/read/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None
    assert api.post(f"/api/v1/notifications/{own.pk}/read/").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/", {"unread": "1"}).json()["results"] == []
    assert api.post("/api/v1/notifications/read/").json() == {"marked": 0}
    assert api_as("anonymous").get("/api/v1/notifications/").status_code == 401
    assert api.get("/api/v1/notifications/", {"limit": "0"}).status_code == 400


def test_a_notification_about_a_town_one_no_longer_belongs_to_leaves_the_inbox(
    world: World, person: Callable[[str], User], api_as: Callable[[str], APIClient]
) -> None:
    brakel = person("officer_brakel")
    Notification.objects.filter(recipient=brakel).delete()
    _notification(brakel, world, "Über Brakel")
    api = api_as("officer_brakel")
    assert len(api.get("/api/v1/notifications/").json()["results"]) == 1
    brakel.memberships.all().delete()
    assert api.get("/api/v1/notifications/").json()["results"] == []


def test_the_settings_offer_the_kinds_of_ones_roles_and_save_them(
    person: Callable[[str], User], client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    viewer = person("viewer_hoexter")
    NotificationSetting.objects.filter(user=viewer).delete()
    api = api_as("viewer_hoexter")
    offered = {row["kind"]: row for row in api.get("/api/v1/notifications/settings/").json()}
    assert set(offered) == {  # no officer's, coordinator's or partner's kinds
        "campaign_opened",
        "campaign_deadline",
        "assessment_reopened",
        "comment_mention",
        "mentoring_changed",
        "mentor_request_declined",
    }
    assert offered["campaign_deadline"]["frequency"] == "instant"
    answer = api.put("/api/v1/notifications/settings/", {"campaign_deadline": "weekly"}, format="json")
    assert answer.status_code == 200, answer.content
    assert NotificationSetting.objects.get(user=viewer, kind="campaign_deadline").frequency == "weekly"
    page = client_as("viewer_hoexter")
    assert page.get("/benachrichtigungen/einstellungen/").status_code == 200
    posted = page.post(
        "/benachrichtigungen/einstellungen/",
        {
            "campaign_opened": "never",
            "campaign_deadline": "instant",
            "assessment_reopened": "weekly",
            "comment_mention": "instant",
            "mentoring_changed": "never",
            "mentor_request_declined": "weekly",
        },
    )
    assert posted.status_code == 302
    assert dict(NotificationSetting.objects.filter(user=viewer).values_list("kind", "frequency")) == {
        "campaign_opened": "never",
        "campaign_deadline": "instant",
        "assessment_reopened": "weekly",
        "comment_mention": "instant",
        "mentoring_changed": "never",
        "mentor_request_declined": "weekly",
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"campaign_deadline": "daily"}, "campaign_deadline"),
        ({"unknown_kind": "instant"}, "unknown_kind"),
        ({"synergy": "never"}, "synergy"),  # an officer's kind, not the mayor's
    ],
)
def test_bad_settings_are_refused_naming_the_field_and_nothing_changes(
    person: Callable[[str], User], api_as: Callable[[str], APIClient], data: dict[str, str], field: str
) -> None:
    viewer = person("viewer_hoexter")
    NotificationSetting.objects.filter(user=viewer).delete()
    answer = api_as("viewer_hoexter").put(
        "/api/v1/notifications/settings/", {"campaign_opened": "never", **data}, format="json"
    )
    assert answer.status_code == 400
    assert field in answer.json()
    assert not NotificationSetting.objects.filter(user=viewer).exists()


def test_the_settings_page_names_the_field_of_a_bad_choice(
    person: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    viewer = person("viewer_hoexter")
    NotificationSetting.objects.filter(user=viewer).delete()
    page = client_as("viewer_hoexter").post(
        "/benachrichtigungen/einstellungen/",
        {"campaign_opened": "never", "campaign_deadline": "daily", "assessment_reopened": "weekly"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "error-summary" in text
    assert "Frist der Erhebung naht" in text
    assert not NotificationSetting.objects.filter(user=viewer).exists()


def test_anonymous_people_are_sent_to_sign_in(client_as: Callable[[str], Client]) -> None:
    for url in ("/benachrichtigungen/", "/benachrichtigungen/einstellungen/"):
        answer = client_as("anonymous").get(url)
        assert answer.status_code == 302
        assert answer["Location"].startswith("/anmelden/")
