"""The comment form on the item's pages and the API: write, refuse with the field named, edit,
delete — refused writes change nothing; the town's export carries its comments."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from accounts.models import User
from comments.items import CommentItem
from comments.models import DistrictComment, DistrictCommentEvent
from comments.services import comment_post
from comments.town.models import MeasureComment
from tenants.exports import town_export_data
from tests.comments.conftest import SECRET, Posted, in_schema
from tests.conftest import World
from tests.helpers import town_unchanged, unchanged

pytestmark = pytest.mark.django_db

Person = Callable[[str], User]


def test_the_measure_page_shows_the_thread_and_a_form_listing_only_those_who_see_it(
    person: Person, client_as: Callable[[str], Client], measure_thread: CommentItem
) -> None:
    in_schema(
        measure_thread, lambda: comment_post(item=measure_thread, author=person("coordinator"), text="Frage vom Kreis")
    )
    html = client_as("viewer_hoexter").get(measure_thread.page_url).content.decode()
    assert 'id="kommentare"' in html
    assert "Frage vom Kreis" in html
    assert "(Kreis-Koordination)" in html
    assert re.search(r"<time datetime=\"[^\"]+\">\d\d\.\d\d\.\d{4} \d\d:\d\d</time>", html)  # German date and time
    options = re.findall(r'<option value="([^"]+)"', html.split('id="comment-form"')[1])
    assert sorted(options) == sorted([person("officer_hoexter").email, person("coordinator").email])
    assert '<label for="id_text">Kommentar:</label>' in html
    assert '<label for="id_mentions">Erwähnen:</label>' in html


def test_writing_on_the_page_returns_to_the_item_and_fires_the_hook(
    world: World, person: Person, client_as: Callable[[str], Client], measure_thread: CommentItem, posted: Posted
) -> None:
    answer = client_as("viewer_hoexter").post(
        measure_thread.comments_url, {"text": "Wie weit ist das?", "mentions": [person("officer_hoexter").email]}
    )
    with town_schema(world.town_hoexter):
        comment = MeasureComment.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"{measure_thread.page_url}#kommentar-{comment.pk}"
    assert comment.author_id == person("viewer_hoexter").pk
    assert comment.mentioned_ids == [person("officer_hoexter").pk]
    [(item, hooked, author, mentioned)] = posted.calls
    assert (item, hooked.pk, author, mentioned) == (
        measure_thread,
        comment.pk,
        person("viewer_hoexter"),
        [person("officer_hoexter")],
    )


def test_a_refused_comment_shows_the_error_summary_and_writes_nothing(
    world: World, person: Person, client_as: Callable[[str], Client], measure_thread: CommentItem, posted: Posted
) -> None:
    brakel = person("officer_brakel").email
    with town_unchanged(world.town_hoexter):
        answer = client_as("officer_hoexter").post(measure_thread.comments_url, {"text": "", "mentions": [brakel]})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert 'class="error-summary"' in html
    assert '<a href="#id_text">Kommentar: Bitte schreiben Sie einen Text.</a>' in html
    assert f"Erwähnen: {brakel} kann diesen Eintrag nicht sehen" in html
    assert posted.calls == []


def test_an_operator_reads_but_does_not_write(
    client_as: Callable[[str], Client], api_as: Callable[[str], APIClient], project_thread: CommentItem
) -> None:
    with unchanged(DistrictComment, DistrictCommentEvent):
        assert client_as("operator").post(project_thread.comments_url, {"text": "x"}).status_code == 403
        api = f"/api/v1/districts/kreis-hoexter/joint-projects/{project_thread.item_id}/comments/"
        assert api_as("operator").post(api, {"text": "x"}, format="json").status_code == 403
    assert client_as("operator").get(project_thread.comments_url).status_code == 200


def test_anonymous_people_are_sent_to_sign_in_and_the_api_answers_401(
    client_as: Callable[[str], Client], api_as: Callable[[str], APIClient], project_thread: CommentItem
) -> None:
    answer = client_as("anonymous").get(project_thread.comments_url)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/anmelden/")
    api = f"/api/v1/districts/kreis-hoexter/joint-projects/{project_thread.item_id}/comments/"
    assert api_as("anonymous").get(api).status_code == 401


def test_edit_and_delete_pages_are_the_authors_and_the_moderators(
    person: Person, client_as: Callable[[str], Client], project_thread: CommentItem
) -> None:
    comment = comment_post(item=project_thread, author=person("officer_brakel"), text="erste Fassung")
    url = project_thread.comment_url(comment.pk)
    with unchanged(DistrictComment, DistrictCommentEvent):
        assert client_as("officer_hoexter").get(url).status_code == 403
        assert client_as("officer_hoexter").post(url, {"delete": "1"}).status_code == 403
        assert client_as("coordinator").post(url, {"text": "vom Kreis geändert"}).status_code == 403  # only deleting
    assert "Kommentar bearbeiten" in client_as("officer_brakel").get(url).content.decode()
    answer = client_as("officer_brakel").post(url, {"text": "zweite Fassung", "save": "1"})
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#kommentar-{comment.pk}")
    assert client_as("officer_brakel").post(url, {"text": "\x1b", "save": "1"}).status_code == 400
    answer = client_as("coordinator").post(url, {"delete": "1"})
    assert answer.status_code == 302
    html = client_as("conference").get(project_thread.page_url).content.decode()
    assert "zweite Fassung" not in html
    assert f"gelöscht von {person('coordinator')} am" in html
    assert client_as("officer_brakel").get(url).status_code == 403  # nothing left to change


def test_the_api_writes_lists_edits_and_deletes(
    person: Person, api_as: Callable[[str], APIClient], measure_thread: CommentItem, posted: Posted
) -> None:
    base = f"/api/v1/districts/kreis-hoexter/towns/hoexter/measures/{measure_thread.item_id}/comments/"
    officer = api_as("officer_hoexter")
    created = officer.post(base, {"text": "Per API", "mentions": [person("coordinator").email]}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["text"], body["author"], body["mentioned"], body["is_deleted"]) == (
        "Per API",
        str(person("officer_hoexter")),
        [str(person("coordinator"))],
        False,
    )
    assert len(posted.calls) == 1
    refused = officer.post(base, {"text": "x", "mentions": [person("conference").email]}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["mentions"]
    assert officer.post(base, {"text": "a\x00b"}, format="json").status_code == 400
    detail = f"{base}{body['id']}/"
    assert api_as("viewer_hoexter").patch(detail, {"text": "fremd"}, format="json").status_code == 403
    assert api_as("viewer_hoexter").delete(detail).status_code == 403
    assert officer.patch(detail, {"text": "geändert"}, format="json").json()["edited_at"] is not None
    assert [c["text"] for c in api_as("coordinator").get(base).json()] == ["geändert"]
    deleted = officer.delete(detail).json()
    assert (deleted["text"], deleted["is_deleted"], deleted["deleted_by"]) == ("", True, str(person("officer_hoexter")))
    assert api_as("officer_hoexter").get(f"{base}999999/").status_code == 404


def test_the_towns_export_carries_its_comments(world: World, person: Person, measure_thread: CommentItem) -> None:
    in_schema(measure_thread, lambda: comment_post(item=measure_thread, author=person("officer_hoexter"), text=SECRET))
    exported = town_export_data(town=world.town_hoexter)["schema"]["town_comments.MeasureComment"]
    assert [row["fields"]["text"] for row in exported] == [SECRET]
    assert not town_export_data(town=world.town_brakel)["schema"]["town_comments.MeasureComment"]
