"""The comments on the items' own pages: what ``comments`` adds to the measure's and the joint
project's page and to the flags page, through the hooks those pages fire (D88)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from kreisagenda.permissions import can, can_change_comment, can_comment

from benchmarking.models import DuplicateFlag
from comments.forms import CommentForm
from comments.items import CommentItem
from comments.lookups import joint_project_item, measure_item
from comments.models import CommentBase, CommentKind
from comments.selectors import comment_counts, thread_get
from roadmap.measures.models import Measure
from roadmap.models import JointProject
from tenants.models import District, Town


@dataclass(frozen=True)
class Entry:
    comment: CommentBase
    change_url: str  # the edit/delete page, for those who may change the comment; else empty


def thread_context(request: HttpRequest, item: CommentItem, form: CommentForm | None = None) -> dict[str, Any]:
    thread = thread_get(item=item)
    user = request.user
    return {
        "item": item,
        "entries": [
            Entry(
                comment,
                item.comment_url(comment.pk)
                if not comment.is_deleted
                and can_change_comment(user, author_id=comment.author_id, moderated_by=item.moderated_by)
                else "",
            )
            for comment in thread.comments
        ],
        "can_comment": can_comment(user, item.read_action, item.read_target),
        "form": form or CommentForm(people=thread.people, author=user if user.is_authenticated else None),
    }


def _section(request: HttpRequest, item: CommentItem) -> SafeString:
    """The thread, for those who may read it. The page's own check is not enough: a partner reads a
    joint project's page (D94) but not the town halls' discussion below it (D106)."""
    if not can(request.user, item.read_action, item.read_target):
        return SafeString("")
    return SafeString(render_to_string("comments/_thread.html", thread_context(request, item), request=request))


def measure_comments_section(request: HttpRequest, town: Town, measure: Measure) -> SafeString:
    return _section(request, measure_item(town, measure))


def joint_project_comments_section(request: HttpRequest, project: JointProject) -> SafeString:
    return _section(request, joint_project_item(project))


def flag_comment_links(
    request: HttpRequest, district: District, flags: Sequence[DuplicateFlag]
) -> dict[int, SafeString]:
    """A link to each flag's comments with their number (one query for the page)."""
    counts = comment_counts(district=district, kind=CommentKind.FLAG, item_ids=[flag.pk for flag in flags])
    return {
        flag.pk: format_html(
            '<p class="comments-link"><a href="{}">{}</a></p>',
            reverse("flag-comments", args=[district.slug, flag.pk]),
            _("Kommentare zu diesem Hinweis (%(n)s)") % {"n": counts.get(flag.pk, 0)},
        )
        for flag in flags
    }
