"""Comments' mentions, mentoring and partners' proposals notify exactly the people concerned (D106):
each recipient is checked again with the item's own rule, nobody of another town or district."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from kreisagenda.tenancy import town_schema

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from comments.lookups import flag_item, joint_project_item, measure_item
from comments.models import DistrictComment
from comments.services import comment_post
from mentoring.services import mentor_request_create, mentor_request_decline, project_interest_declare
from notifications.models import Notification
from partners.models import Proposal
from partners.services import proposal_decline
from roadmap.models import JointProject
from tests.comments.conftest import flag, measure, project  # noqa: F401 - fixtures
from tests.conftest import PEOPLE, World
from tests.mentoring.conftest import record, town
from tests.notifications.conftest import recipients
from tests.partners.conftest import propose  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def email(label: str) -> str:
    return PEOPLE[label][0]


@dataclass(frozen=True)
class Since:
    """What was notified after the test began (the demo world has notifications of these kinds already:
    its seeded request and proposal)."""

    last: int

    def made(self, kind: str) -> QuerySet[Notification]:
        return Notification.objects.filter(kind=kind, pk__gt=self.last)

    def told(self, kind: str) -> set[str]:
        return recipients(kind=kind, pk__gt=self.last)


@pytest.fixture
def since(world: World) -> Since:
    return Since(Notification.objects.aggregate(last=Max("pk"))["last"] or 0)


def test_a_mention_on_a_joint_project_tells_the_mentioned_people_and_nobody_else(
    since: Since,
    world: World,
    person: Callable[[str], User],
    project: JointProject,  # noqa: F811
) -> None:
    comment_post(
        item=joint_project_item(project),
        author=person("coordinator"),
        text="Bitte bis Freitag melden.",
        mentions=[email("officer_hoexter"), email("officer_brakel")],
    )
    assert since.told("comment_mention") == {email("officer_hoexter"), email("officer_brakel")}
    mine = since.made("comment_mention").get(recipient=person("officer_brakel"))
    assert mine.url.endswith(f"/projekte/{project.pk}/kommentare/")
    assert "Bitte bis Freitag melden." in mine.body


def test_a_comment_without_mentions_notifies_nobody(
    since: Since,
    world: World,
    person: Callable[[str], User],
    project: JointProject,  # noqa: F811
) -> None:
    comment_post(item=joint_project_item(project), author=person("coordinator"), text="Nur eine Notiz.")
    assert since.told("comment_mention") == set()


def test_a_mention_on_a_towns_measure_reaches_only_people_who_see_the_measure(
    since: Since,
    world: World,
    person: Callable[[str], User],
    measure: object,  # noqa: F811
) -> None:
    item = measure_item(world.town_hoexter, measure)  # type: ignore[arg-type]
    with town_schema(world.town_hoexter):
        comment_post(
            item=item,
            author=person("officer_hoexter"),
            text="Vertraulich für Höxter",
            mentions=[email("viewer_hoexter"), email("coordinator")],
        )
    assert since.told("comment_mention") == {email("viewer_hoexter"), email("coordinator")}
    assert {n.town_id for n in since.made("comment_mention")} == {world.town_hoexter.pk}


def test_a_mention_on_a_flag_reaches_a_coordinator_and_never_a_town_officer(
    since: Since,
    world: World,
    person: Callable[[str], User],
    flag: object,  # noqa: F811
) -> None:
    colleague = user_create(email="zweite.koordination@kreis-hoexter.example", full_name="Zweite", password=None)
    membership_grant(user=colleague, role=Role.DISTRICT_COORDINATOR, district=world.hoexter_district)
    item = flag_item(flag, world.hoexter_district)  # type: ignore[arg-type]
    comments_before = DistrictComment.objects.count()
    with pytest.raises(ValidationError):  # the flags are the coordinators' (D89): an officer is refused by name
        comment_post(item=item, author=person("coordinator"), text="Notiz", mentions=[email("officer_hoexter")])
    assert DistrictComment.objects.count() == comments_before
    assert since.told("comment_mention") == set()
    comment_post(item=item, author=person("coordinator"), text="Bitte prüfen", mentions=[colleague.email])
    assert since.told("comment_mention") == {colleague.email}


def test_a_request_for_a_mentor_tells_the_coordinators_of_that_district_only(
    since: Since, world: World, person: Callable[[str], User]
) -> None:
    mentor_request_create(
        town=world.town_brakel,
        field_key="verwaltung",
        message="Wir suchen Hilfe bei der E-Akte.",
        preferred_mentor=None,
        names_visible=True,
        actor=person("officer_brakel"),
    )
    assert since.told("mentor_requested") == {email("coordinator")}
    mine = since.made("mentor_requested").get()
    assert "Brakel" in mine.title
    assert mine.url == "/kreise/kreis-hoexter/patenschaften/"


def test_a_declined_request_tells_the_asking_town(since: Since, world: World, person: Callable[[str], User]) -> None:
    request = mentor_request_create(
        town=world.town_brakel,
        field_key="verwaltung",
        message="",
        preferred_mentor=None,
        names_visible=True,
        actor=person("officer_brakel"),
    )
    mentor_request_decline(request=request, note="Warburg hilft schon im Arbeitskreis.", actor=person("coordinator"))
    assert since.told("mentor_request_declined") == {email("officer_brakel")}
    assert "Warburg hilft" in since.made("mentor_request_declined").get().body


def test_a_new_mentoring_record_tells_both_towns_and_nobody_elsewhere(since: Since, world: World) -> None:
    mentorship = record(world, mentor="brakel", mentee="hoexter")
    told = since.told("mentoring_changed")
    assert told == {email("coordinator"), email("officer_hoexter"), email("viewer_hoexter"), email("officer_brakel")}
    assert all(n.url.endswith(f"/patenschaften/{mentorship.pk}/") for n in since.made("mentoring_changed"))


def test_interest_in_a_joint_project_tells_the_coordinators(
    since: Since,
    world: World,
    person: Callable[[str], User],
    project: JointProject,  # noqa: F811
) -> None:
    project_interest_declare(
        town=town(world, "brakel"), joint_project=project, message="Gern dabei.", actor=person("officer_brakel")
    )
    assert since.told("project_interest") == {email("coordinator")}


def test_a_proposal_to_a_town_tells_its_digital_officer_only(
    since: Since,
    world: World,
    propose: Callable[..., Proposal],  # noqa: F811
) -> None:
    propose(town=world.town_hoexter)
    assert since.told("proposal_submitted") == {email("officer_hoexter")}


def test_a_proposal_to_the_district_tells_the_coordinators(
    since: Since,
    world: World,
    propose: Callable[..., Proposal],  # noqa: F811
) -> None:
    propose(town=None)
    assert since.told("proposal_submitted") == {email("coordinator")}


def test_a_decision_tells_the_partner_who_proposed_and_shows_in_the_partners_inbox(
    since: Since,
    world: World,
    person: Callable[[str], User],
    propose: Callable[..., Proposal],  # noqa: F811
    client_as: Callable,
) -> None:
    proposal = propose(town=world.town_hoexter)
    proposal_decline(proposal=proposal, reason="Schon im Haushalt geplant.", actor=person("officer_hoexter"))
    assert since.told("proposal_decided") == {email("partner")}
    page = client_as("partner").get("/benachrichtigungen/").content.decode()
    assert "Ladesäulen an Rathäusern" in page
    assert "Ladesäulen an Rathäusern" not in client_as("partner_board").get("/benachrichtigungen/").content.decode()
