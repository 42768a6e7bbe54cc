"""Pages of the comments: an item's comments with the form to write one, and a comment's page to
edit or delete it. The items' own pages show the same thread (``comments.sections``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from kreisagenda.lookups import signed_in_user
from kreisagenda.permissions import can_change_comment, can_comment

from comments.forms import CommentEditForm, CommentForm
from comments.items import CommentItem
from comments.lookups import comment_item_for
from comments.models import CommentKind
from comments.sections import thread_context
from comments.selectors import comment_get, mentionable_people
from comments.services import comment_delete, comment_edit, comment_post


def _item(
    request: HttpRequest, kind: str, district_slug: str, town_slug: str | None, ids: dict[str, int]
) -> CommentItem:
    item_id = ids.get("measure_id") or ids.get("joint_project_id") or ids.get("flag_id") or 0
    return comment_item_for(request.user, CommentKind(kind), district_slug, item_id, town_slug)


def _back(item: CommentItem, comment_id: int) -> str:
    """Where a written comment is shown: on the item's page, the flag's on its comments page."""
    base = item.comments_url if item.kind == CommentKind.FLAG else item.page_url
    return f"{base}#kommentar-{comment_id}"


@login_required
@require_http_methods(["GET", "POST"])
def comments_page(
    request: HttpRequest, kind: str, district_slug: str, town_slug: str | None = None, **ids: int
) -> HttpResponse:
    item = _item(request, kind, district_slug, town_slug, ids)
    form = None
    if request.method == "POST":
        if not can_comment(request.user, item.read_action, item.read_target):
            raise PermissionDenied
        author = signed_in_user(request)
        form = CommentForm(request.POST, people=list(mentionable_people(item=item)), author=author)
        form.is_valid()
        try:
            comment = comment_post(
                item=item,
                author=author,
                text=request.POST.get("text", ""),
                mentions=request.POST.getlist("mentions"),
            )
        except ValidationError as error:
            form.errors_add(error)
        else:
            messages.success(request, _("Kommentar gespeichert."))
            return redirect(_back(item, comment.pk))
    return render(
        request,
        "comments/comments_page.html",
        thread_context(request, item, form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_page(
    request: HttpRequest, kind: str, district_slug: str, comment_id: int, town_slug: str | None = None, **ids: int
) -> HttpResponse:
    item = _item(request, kind, district_slug, town_slug, ids)
    comment = comment_get(item=item, comment_id=comment_id)
    if comment is None:
        raise Http404
    user = signed_in_user(request)
    may_delete = can_change_comment(user, author_id=comment.author_id, moderated_by=item.moderated_by)
    may_edit = comment.author_id == user.pk
    if not may_delete or comment.is_deleted:
        raise PermissionDenied
    form = CommentEditForm(request.POST if request.method == "POST" else None, initial={"text": comment.text})
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                comment_delete(item=item, comment=comment, actor=user)
                messages.success(request, _("Kommentar gelöscht."))
                return redirect(_back(item, comment.pk))
            if not may_edit:
                raise PermissionDenied
            form.is_valid()
            comment_edit(item=item, comment=comment, actor=user, text=request.POST.get("text", ""))
        except ValidationError as error:
            form.errors_add(error)
        else:
            messages.success(request, _("Kommentar gespeichert."))
            return redirect(_back(item, comment.pk))
    return render(
        request,
        "comments/comment_page.html",
        {"item": item, "comment": comment, "form": form, "may_edit": may_edit},
        status=400 if request.method == "POST" else 200,
    )
