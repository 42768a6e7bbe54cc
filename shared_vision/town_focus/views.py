"""The town's focus page: priority per field of action and local goals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from kreisagenda.lookups import signed_in_user, town_enter, town_for
from kreisagenda.permissions import Action, can

from shared_vision.selectors import fields_of_action_current
from shared_vision.town_focus.models import Priority
from shared_vision.town_focus.selectors import local_goal_get, town_focus
from shared_vision.town_focus.services import field_priority_set, local_goal_add, local_goal_remove


@login_required
@require_http_methods(["GET", "POST"])
def focus_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN_DRAFTS)
    can_edit = can(request.user, Action.EDIT_TOWN_DATA, town)
    fields = fields_of_action_current(district=town.district)
    keys = {f.key for f in fields}
    town_enter(town)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            if "add_goal" in request.POST:
                local_goal_add(
                    field_key=request.POST["add_goal"],
                    text=request.POST.get(f"goal-{request.POST['add_goal']}", ""),
                    valid_keys=keys,
                    actor=signed_in_user(request),
                )
                messages.success(request, _("Lokales Ziel ergänzt."))
            elif "remove_goal" in request.POST:
                goal_id = request.POST["remove_goal"]
                goal = local_goal_get(goal_id=int(goal_id)) if goal_id.isdigit() else None
                if goal is not None:
                    local_goal_remove(goal=goal, actor=signed_in_user(request))
                    messages.success(request, _("Lokales Ziel entfernt."))
            else:
                for key in sorted(keys):
                    value = request.POST.get(f"priority-{key}", "")
                    field_priority_set(
                        field_key=key,
                        priority=Priority(value) if value in Priority.values else None,
                        valid_keys=keys,
                        actor=signed_in_user(request),
                    )
                messages.success(request, _("Prioritäten gespeichert."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("focus-page", district_slug=town.district.slug, town_slug=town.slug)
    context = {
        "town": town,
        "district": town.district,
        "items": town_focus(fields=fields),
        "priorities": Priority.choices,
        "can_edit": can_edit,
    }
    return render(request, "town_focus/focus_page.html", context)
