"""Who sees an item's comments, through pages and the API: exactly those who see the item (D88).

Town A's comment on its measure never reaches town B, the conference or another district; a joint
project's comments reach the whole district and nobody outside it; a flag's only the coordinators.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.permissions import Action, can, people_who_can
from rest_framework.test import APIClient

from accounts.models import User
from benchmarking.models import DuplicateFlag
from comments.items import CommentItem
from comments.services import comment_post
from roadmap.models import JointProject
from tests.comments.conftest import SECRET, in_schema
from tests.conftest import PEOPLE, World

pytestmark = pytest.mark.django_db

Person = Callable[[str], User]
EVERYONE = [label for label in PEOPLE if label != "no_role"] + ["no_role"]
# The measure's page is the town's: its people and the district's coordinators (and operators, who read).
SEE_MEASURE = {"officer_hoexter", "viewer_hoexter", "coordinator", "operator"}
SEE_PROJECT = {"officer_hoexter", "viewer_hoexter", "officer_brakel", "coordinator", "conference", "operator"}
SEE_FLAG = {"coordinator"}
# Partners read a joint project's page (D94), never the town halls' discussion below it (D106).
SEE_PROJECT_PAGE_ONLY = {"partner", "partner_board"}


def _urls(item: CommentItem) -> tuple[str, str, str]:
    """The item's page, its comments page and its comments in the API."""
    if item.town is not None:
        api = f"/api/v1/districts/{item.district.slug}/towns/{item.town.slug}/measures/{item.item_id}/comments/"
    elif item.kind == "joint_project":
        api = f"/api/v1/districts/{item.district.slug}/joint-projects/{item.item_id}/comments/"
    else:
        api = f"/api/v1/districts/{item.district.slug}/duplicates/{item.item_id}/comments/"
    page = item.page_url.split("#")[0]
    return page, item.comments_url, api


@pytest.mark.parametrize("label", EVERYONE)
@pytest.mark.parametrize(
    ("thread", "readers"), [("measure_thread", SEE_MEASURE), ("project_thread", SEE_PROJECT), ("flag_thread", SEE_FLAG)]
)
def test_comments_reach_exactly_those_who_see_the_item(
    request: pytest.FixtureRequest,
    person: Person,
    client_as: Callable[[str], Client],
    api_as: Callable[[str], APIClient],
    label: str,
    thread: str,
    readers: set[str],
) -> None:
    item: CommentItem = request.getfixturevalue(thread)
    author = "officer_hoexter" if thread != "flag_thread" else "coordinator"
    in_schema(item, lambda: comment_post(item=item, author=person(author), text=SECRET))
    page, comments_page, api = _urls(item)
    browser, client = client_as(label), api_as(label)
    urls = [comments_page, api] + ([page] if thread != "flag_thread" else [])
    for url in urls:
        answer = (client if url.startswith("/api/") else browser).get(url)
        body = answer.content.decode()
        if label in readers:
            assert answer.status_code == 200, url
            assert SECRET in body
        elif url == page and thread == "project_thread" and label in SEE_PROJECT_PAGE_ONLY:
            assert answer.status_code == 200, url
            assert SECRET not in body
        else:
            assert answer.status_code == 403, url
            assert SECRET not in body


def test_the_flags_page_links_each_flags_comments_with_their_number(
    person: Person, client_as: Callable[[str], Client], flag: DuplicateFlag, flag_thread: CommentItem
) -> None:
    comment_post(item=flag_thread, author=person("coordinator"), text=SECRET)
    comment_post(item=flag_thread, author=person("coordinator"), text="noch einer")
    html = client_as("coordinator").get("/kreise/kreis-hoexter/doppelstrukturen/").content.decode()
    assert (
        f'href="/kreise/kreis-hoexter/doppelstrukturen/{flag.pk}/kommentare/">Kommentare zu diesem Hinweis (2)</a>'
        in html
    )
    assert SECRET not in html  # the texts are on the flag's comments page


def test_another_districts_project_id_under_ones_own_district_is_not_found(
    world: World, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    lippe = JointProject.objects.create(district=world.lippe_district, title="Lippe", field_key="prozesse")
    assert client_as("coordinator").get(f"/kreise/kreis-hoexter/projekte/{lippe.pk}/kommentare/").status_code == 404
    assert (
        api_as("coordinator").get(f"/api/v1/districts/kreis-hoexter/joint-projects/{lippe.pk}/comments/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("action", "target"),
    [
        (Action.VIEW_TOWN, "town_hoexter"),
        (Action.VIEW_TOWN, "town_detmold"),
        (Action.VIEW_DISTRICT, "hoexter_district"),
        (Action.VIEW_DISTRICT, "lippe_district"),
        (Action.DECIDE_DUPLICATES, "hoexter_district"),
    ],
)
def test_the_people_who_may_be_mentioned_are_those_can_lets_see_the_item(
    world: World, person: Person, action: Action, target: str
) -> None:
    where = getattr(world, target)
    listed = set(people_who_can(action, where).values_list("pk", flat=True))
    for label in PEOPLE:
        user = person(label)
        expected = can(user, action, where) and label != "operator"
        assert (user.pk in listed) == expected, (label, action, target)
