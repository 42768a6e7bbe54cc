"""Writing comments: post, edit, delete — each with its trace in the item's history (D88–D90).

A measure's comments are written in the town's schema (active: the lookup entered it) and their
history goes into the town's audit history; the district's items keep theirs in
``DistrictCommentEvent``. Neither history holds a comment's text (D90).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.permissions import can_change_comment, can_comment
from kreisagenda.text import control_character_message

from accounts.models import User
from audit.services import actor_label, audit_record
from comments.hooks import comment_posted
from comments.items import CommentItem
from comments.models import (
    TEXT_MAX_LENGTH,
    CommentAction,
    CommentBase,
    CommentKind,
    DistrictComment,
    DistrictCommentEvent,
)
from comments.selectors import comments_of, mentionable_people, role_label
from comments.town.models import MeasureComment

AUDIT_PREFIX = "comments."


def comment_text_validate(text: str) -> str:
    """The text as stored (surrounding blanks dropped), or the refusal keyed by the field ``text``."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"text": [_("Kommentar: Bitte schreiben Sie einen Text.")]})
    if len(cleaned) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("Kommentar: höchstens %(limit)s Zeichen, dieser hat %(length)s.")
                    % {
                        "limit": f"{TEXT_MAX_LENGTH:,}".replace(",", "."),
                        "length": f"{len(cleaned):,}".replace(",", "."),
                    }
                ]
            }
        )
    message = control_character_message(cleaned)
    if message is not None:
        raise ValidationError({"text": [_("Kommentar: %(message)s") % {"message": message}]})
    return cleaned


def mentions_resolve(*, item: CommentItem, author: User, mentions: Sequence[str]) -> list[User]:
    """The people named by e-mail address, each of whom must see the item (D89); the author is dropped.

    Anyone else is refused by the address given — the same words whether the account does not exist
    or may not see the item, so the message tells nobody who has an account.
    """
    wanted = {address.strip().casefold(): address.strip() for address in mentions if address.strip()}
    if not wanted:
        return []
    visible = {user.email.casefold(): user for user in mentionable_people(item=item)}  # one query
    refused = [given for key, given in wanted.items() if key not in visible]
    if refused:
        raise ValidationError(
            {
                "mentions": [
                    _(
                        "Erwähnen: %(people)s kann diesen Eintrag nicht sehen und kann deshalb nicht erwähnt werden. "
                        "Erwähnen Sie nur Personen aus der Liste."
                    )
                    % {"people": ", ".join(sorted(refused))}
                ]
            }
        )
    people = [visible[key] for key in wanted if visible[key].pk != author.pk]
    return sorted(people, key=lambda user: (user.full_name, user.email))


def _history(
    *, item: CommentItem, comment: CommentBase, action: CommentAction, actor: User, mentioned: Sequence[str] = ()
) -> None:
    if isinstance(comment, DistrictComment):
        DistrictCommentEvent.objects.create(
            comment=comment,
            action=action,
            actor_id=actor.pk,
            actor_label=actor_label(actor),
            mentioned_labels=list(mentioned),
        )
        return
    summaries = {
        CommentAction.POSTED: _("Kommentar zur Maßnahme „%(title)s“ geschrieben"),
        CommentAction.EDITED: _("Kommentar zur Maßnahme „%(title)s“ bearbeitet"),
        CommentAction.DELETED: _("Kommentar zur Maßnahme „%(title)s“ gelöscht"),
    }
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}comment_{action}",
        summary=summaries[action] % {"title": item.title},
        changes={"measure": item.item_id, "comment": comment.pk, "mentioned": list(mentioned)},
    )


@transaction.atomic
def comment_post(*, item: CommentItem, author: User, text: str, mentions: Sequence[str] = ()) -> CommentBase:
    if not can_comment(author, item.read_action, item.read_target):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    cleaned = ""
    mentioned: list[User] = []
    try:
        cleaned = comment_text_validate(text)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        mentioned = mentions_resolve(item=item, author=author, mentions=mentions)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    fields = {
        "text": cleaned,
        "author_id": author.pk,
        "author_label": actor_label(author),
        "author_role": role_label(user=author, item=item),
        "mentioned_ids": [user.pk for user in mentioned],
        "mentioned_labels": [actor_label(user) for user in mentioned],
    }
    comment: CommentBase
    if item.kind == CommentKind.MEASURE:
        comment = MeasureComment.objects.create(measure_id=item.item_id, **fields)
    else:
        comment = DistrictComment.objects.create(
            district=item.district, item_kind=item.kind, item_id=item.item_id, **fields
        )
    _history(item=item, comment=comment, action=CommentAction.POSTED, actor=author, mentioned=comment.mentioned_labels)
    comment_posted.fire(item, comment, author, mentioned)
    return comment


def _locked(item: CommentItem, comment: CommentBase) -> CommentBase:
    locked: CommentBase = comments_of(item=item).select_for_update().get(pk=comment.pk)
    return locked


@transaction.atomic
def comment_edit(*, item: CommentItem, comment: CommentBase, actor: User, text: str) -> CommentBase:
    """A new text for the author's own comment; the old one is not kept (D90). Mentions stay as posted."""
    comment = _locked(item, comment)
    if comment.author_id != actor.pk:
        raise PermissionDenied
    if comment.is_deleted:
        raise ValidationError({"text": [_("Kommentar: Ein gelöschter Kommentar kann nicht bearbeitet werden.")]})
    cleaned = comment_text_validate(text)
    if cleaned == comment.text:
        return comment
    comment.text = cleaned
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    _history(item=item, comment=comment, action=CommentAction.EDITED, actor=actor)
    return comment


@transaction.atomic
def comment_delete(*, item: CommentItem, comment: CommentBase, actor: User) -> CommentBase:
    """The comment stays in the thread as "gelöscht" with who and when; its text and mentions are gone (D90)."""
    comment = _locked(item, comment)
    if not can_change_comment(actor, author_id=comment.author_id, moderated_by=item.moderated_by):
        raise PermissionDenied
    if comment.is_deleted:
        return comment
    comment.text = ""
    comment.mentioned_ids = []
    comment.mentioned_labels = []
    comment.deleted_at = timezone.now()
    comment.deleted_by_label = actor_label(actor)
    comment.save(update_fields=["text", "mentioned_ids", "mentioned_labels", "deleted_at", "deleted_by_label"])
    _history(item=item, comment=comment, action=CommentAction.DELETED, actor=actor)
    return comment
