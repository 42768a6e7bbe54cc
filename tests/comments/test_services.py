"""Writing comments: mentions only of people who see the item, the hook, edits and deletions with
their trace in the history, refused input and refused people changing nothing (D88–D90)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from kreisagenda.tenancy import town_schema

from accounts.models import User
from audit.models import AuditEntry
from comments.items import CommentItem
from comments.models import DistrictComment, DistrictCommentEvent
from comments.services import comment_delete, comment_edit, comment_post
from comments.town.models import MeasureComment
from tests.comments.conftest import SECRET, Posted, in_schema
from tests.conftest import World
from tests.helpers import town_unchanged, unchanged

pytestmark = pytest.mark.django_db

Person = Callable[[str], User]


def test_a_comment_on_a_measure_lives_in_the_towns_schema_with_its_history(
    world: World, person: Person, measure_thread: CommentItem
) -> None:
    officer = person("officer_hoexter")
    with unchanged(DistrictComment):  # nothing in the public schema
        comment = in_schema(
            measure_thread,
            lambda: comment_post(item=measure_thread, author=officer, text=f"  {SECRET}\nZweite Zeile  ", mentions=[]),
        )
    with town_schema(world.town_hoexter):
        stored = MeasureComment.objects.get()
        entry = AuditEntry.objects.filter(action="comments.comment_posted").get()
    assert stored.pk == comment.pk
    assert stored.text == f"{SECRET}\nZweite Zeile"
    assert stored.author_label == str(officer)
    assert stored.author_role == "Digitalisierungsbeauftragte:r, Höxter"
    assert entry.actor_id == officer.pk
    assert entry.summary == "Kommentar zur Maßnahme „Bürgerportal ausbauen“ geschrieben"
    assert entry.changes == {"measure": measure_thread.item_id, "comment": comment.pk, "mentioned": []}
    with town_schema(world.town_brakel):
        assert not MeasureComment.objects.exists()


def test_mentions_only_people_who_see_the_item_and_the_hook_gets_them(
    person: Person, measure_thread: CommentItem, posted: Posted
) -> None:
    officer, viewer, coordinator = person("officer_hoexter"), person("viewer_hoexter"), person("coordinator")
    comment = in_schema(
        measure_thread,
        lambda: comment_post(
            item=measure_thread,
            author=officer,
            text="Bitte prüfen",
            mentions=["KOORDINATION@kreis-hoexter.example", viewer.email, officer.email],  # the author is dropped
        ),
    )
    assert comment.mentioned_ids == sorted(
        [coordinator.pk, viewer.pk], key=lambda pk: User.objects.get(pk=pk).full_name
    )
    assert len(posted.calls) == 1
    item, hooked, author, mentioned = posted.calls[0]
    assert item == measure_thread
    assert hooked.pk == comment.pk
    assert author == officer
    assert {user.pk for user in mentioned} == {coordinator.pk, viewer.pk}


@pytest.mark.parametrize("label", ["officer_brakel", "conference", "coordinator_lippe", "operator"])
def test_mentioning_someone_who_cannot_see_the_measure_is_refused_naming_them(
    world: World, person: Person, measure_thread: CommentItem, posted: Posted, label: str
) -> None:
    address = person(label).email
    with town_unchanged(world.town_hoexter), unchanged(DistrictComment), pytest.raises(ValidationError) as refused:
        in_schema(
            measure_thread,
            lambda: comment_post(
                item=measure_thread, author=person("officer_hoexter"), text="Hallo", mentions=[address]
            ),
        )
    assert refused.value.message_dict == {
        "mentions": [
            f"Erwähnen: {address} kann diesen Eintrag nicht sehen und kann deshalb nicht erwähnt werden. "
            "Erwähnen Sie nur Personen aus der Liste."
        ]
    }
    assert posted.calls == []


def test_an_unknown_address_is_refused_in_the_same_words(person: Person, project_thread: CommentItem) -> None:
    with unchanged(DistrictComment, DistrictCommentEvent), pytest.raises(ValidationError) as refused:
        comment_post(item=project_thread, author=person("officer_brakel"), text="x", mentions=["niemand@example.org"])
    assert "niemand@example.org kann diesen Eintrag nicht sehen" in refused.value.message_dict["mentions"][0]


def test_everyone_in_the_district_may_be_mentioned_on_a_joint_project(
    person: Person, project_thread: CommentItem
) -> None:
    labels = ["coordinator", "conference", "officer_hoexter", "viewer_hoexter"]
    comment = comment_post(
        item=project_thread,
        author=person("officer_brakel"),
        text="Wer macht mit?",
        mentions=[person(label).email for label in labels],
    )
    assert set(comment.mentioned_ids) == {person(label).pk for label in labels}
    event = DistrictCommentEvent.objects.get(comment_id=comment.pk)
    assert (event.action, event.actor_id) == ("posted", person("officer_brakel").pk)
    assert sorted(event.mentioned_labels) == sorted(str(person(label)) for label in labels)


def test_on_a_flag_only_the_coordinators_may_be_mentioned(person: Person, flag_thread: CommentItem) -> None:
    with pytest.raises(ValidationError):
        comment_post(item=flag_thread, author=person("coordinator"), text="x", mentions=[person("conference").email])
    comment = comment_post(item=flag_thread, author=person("coordinator"), text="Gemeinsam ausschreiben?")
    assert comment.author_role == "Kreis-Koordination"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Kommentar: Bitte schreiben Sie einen Text."),
        ("x" * 4001, "Kommentar: höchstens 4.000 Zeichen, dieser hat 4.001."),
        ("Glocke\x07", "Kommentar: Steuerzeichen sind nicht erlaubt (Zeichen U+0007)."),
    ],
)
def test_bad_text_is_refused_naming_the_field_and_nothing_is_written(
    world: World, person: Person, measure_thread: CommentItem, text: str, message: str
) -> None:
    with town_unchanged(world.town_hoexter), pytest.raises(ValidationError) as refused:
        in_schema(
            measure_thread, lambda: comment_post(item=measure_thread, author=person("officer_hoexter"), text=text)
        )
    assert refused.value.message_dict == {"text": [message]}


@pytest.mark.parametrize("label", ["operator", "conference", "officer_brakel", "coordinator_lippe"])
def test_people_who_cannot_see_a_measure_cannot_comment_on_it(
    world: World, person: Person, measure_thread: CommentItem, label: str
) -> None:
    with town_unchanged(world.town_hoexter), pytest.raises(PermissionDenied):
        in_schema(measure_thread, lambda: comment_post(item=measure_thread, author=person(label), text="x"))


def test_only_the_author_edits_and_the_history_says_who_and_when_not_what(
    world: World, person: Person, measure_thread: CommentItem
) -> None:
    officer = person("officer_hoexter")
    comment = in_schema(measure_thread, lambda: comment_post(item=measure_thread, author=officer, text="erste Fassung"))
    for label in ("viewer_hoexter", "coordinator"):
        with town_unchanged(world.town_hoexter), pytest.raises(PermissionDenied):
            in_schema(
                measure_thread,
                partial(comment_edit, item=measure_thread, comment=comment, actor=person(label), text="fremd"),
            )
    edited = in_schema(
        measure_thread,
        lambda: comment_edit(item=measure_thread, comment=comment, actor=officer, text=f"zweite {SECRET}"),
    )
    assert edited.text == f"zweite {SECRET}"
    assert edited.edited_at is not None
    with town_schema(world.town_hoexter):
        entries = list(AuditEntry.objects.filter(action__startswith="comments.").order_by("pk"))
    assert [entry.action for entry in entries] == ["comments.comment_posted", "comments.comment_edited"]
    assert not any("Fassung" in str(entry.changes) + entry.summary or SECRET in str(entry.changes) for entry in entries)


def test_a_deleted_comment_stays_as_deleted_with_who_and_when_its_text_gone(
    world: World, person: Person, measure_thread: CommentItem
) -> None:
    officer = person("officer_hoexter")
    comment = in_schema(
        measure_thread,
        lambda: comment_post(item=measure_thread, author=officer, text=SECRET, mentions=[person("coordinator").email]),
    )
    with town_unchanged(world.town_hoexter), pytest.raises(PermissionDenied):  # no moderation of a town's comments
        in_schema(
            measure_thread, lambda: comment_delete(item=measure_thread, comment=comment, actor=person("coordinator"))
        )
    deleted = in_schema(measure_thread, lambda: comment_delete(item=measure_thread, comment=comment, actor=officer))
    with town_schema(world.town_hoexter):
        stored = MeasureComment.objects.get(pk=comment.pk)
        actions = list(AuditEntry.objects.filter(action__startswith="comments.").values_list("action", flat=True))
    assert deleted.is_deleted
    assert stored.deleted_at is not None
    assert (stored.text, stored.mentioned_ids, stored.mentioned_labels) == ("", [], [])
    assert stored.deleted_by_label == str(officer)
    assert sorted(actions) == ["comments.comment_deleted", "comments.comment_posted"]
    with pytest.raises(ValidationError):
        in_schema(
            measure_thread, lambda: comment_edit(item=measure_thread, comment=stored, actor=officer, text="wieder")
        )


def test_the_coordinators_may_remove_a_comment_on_the_districts_items(
    person: Person, project_thread: CommentItem
) -> None:
    comment = comment_post(item=project_thread, author=person("officer_brakel"), text="unpassend")
    for label in ("conference", "officer_hoexter", "coordinator_lippe"):
        with unchanged(DistrictComment, DistrictCommentEvent), pytest.raises(PermissionDenied):
            comment_delete(item=project_thread, comment=comment, actor=person(label))
    comment_delete(item=project_thread, comment=comment, actor=person("coordinator"))
    stored = DistrictComment.objects.get(pk=comment.pk)
    assert stored.text == ""
    assert stored.deleted_by_label == str(person("coordinator"))
    assert list(stored.events.values_list("action", "actor_id")) == [
        ("posted", person("officer_brakel").pk),
        ("deleted", person("coordinator").pk),
    ]
