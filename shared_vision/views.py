"""Pages of the shared vision (Leitbild)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from kreisagenda.lookups import district_for, signed_in_user
from kreisagenda.permissions import Action, can, can_record_council_adoption

from shared_vision.content import FieldContent, GoalContent, VisionContent
from shared_vision.lookups import council_town_for, vision_version_for
from shared_vision.models import VisionVersion
from shared_vision.selectors import (
    council_adoptions,
    vision_content,
    vision_current,
    vision_draft,
    vision_versions,
)
from shared_vision.services import council_adoption_record, vision_adopt, vision_draft_create, vision_draft_update

EXTRA_FIELD_ROWS = 2  # empty rows on the edit page for new fields of action


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


_GOAL_LINE = re.compile(r"^\[(?P<key>[^\]\s]*)\]\s*(?P<text>.*)$")


def _goal_lines(text: str) -> tuple[GoalContent, ...]:
    """One goal a line, ``[verwaltung-2] Text``: the key in brackets keeps the goal's links (D60)."""
    goals = []
    for line in _lines(text):
        match = _GOAL_LINE.match(line)
        goals.append(GoalContent(text=match["text"].strip(), key=match["key"]) if match else GoalContent(text=line))
    return tuple(goals)


def _goals_text(goals: tuple[GoalContent, ...]) -> str:
    return "\n".join(f"[{goal.key}] {goal.text}" if goal.key else goal.text for goal in goals)


def _council_adoptions_context(request: HttpRequest, version: VisionVersion | None) -> dict[str, object]:
    """The table of the towns' council adoptions of an adopted version, and where this person may record (D82)."""
    if version is None or version.is_draft:
        return {"adoption_rows": []}
    rows = [
        {"row": row, "can_record": can_record_council_adoption(request.user, row.town)}
        for row in council_adoptions(version=version)
    ]
    return {"adoption_rows": rows, "adoption_recordable": any(row["can_record"] for row in rows)}


@login_required
@require_safe
def vision_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug)
    version = vision_current(district=district)
    context = {
        **_council_adoptions_context(request, version),
        "district": district,
        "version": version,
        "draft": vision_draft(district=district),
        "versions": vision_versions(district=district),
        "can_manage": can(request.user, Action.MANAGE_STRATEGY, district),
    }
    return render(request, "shared_vision/vision_home.html", context)


@login_required
@require_POST
def vision_new(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    try:
        version = vision_draft_create(district=district, actor=signed_in_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("vision-home", district_slug=district.slug)
    messages.success(
        request, _("Fassung %(number)s angelegt (Kopie der letzten Fassung).") % {"number": version.number}
    )
    return redirect("vision-edit", district_slug=district.slug, number=version.number)


@login_required
@require_safe
def vision_page(request: HttpRequest, district_slug: str, number: int) -> HttpResponse:
    district = district_for(request.user, district_slug)
    version = vision_version_for(district, number)
    context = {
        **_council_adoptions_context(request, version),
        "district": district,
        "version": version,
        "can_manage": can(request.user, Action.MANAGE_STRATEGY, district),
    }
    return render(request, "shared_vision/vision_page.html", context)


def _content_from_post(data: dict[str, str], field_count: int) -> VisionContent:
    fields = []
    for index in range(field_count):
        key = data.get(f"field-{index}-key", "").strip()
        name = data.get(f"field-{index}-name", "").strip()
        description = data.get(f"field-{index}-description", "").strip()
        goals = _goal_lines(data.get(f"field-{index}-goals", ""))
        if key or name or description or goals:
            fields.append(FieldContent(key=key, name=name, description=description, goals=goals))
    return VisionContent(
        title=data.get("title", ""),
        vision_text=data.get("vision_text", ""),
        principles=_lines(data.get("principles", "")),
        definition=data.get("definition", ""),
        challenges=_lines(data.get("challenges", "")),
        fields=tuple(fields),
    )


def _field_rows(content: VisionContent, extra: int) -> list[dict[str, str]]:
    rows = [
        {"key": f.key, "name": f.name, "description": f.description, "goals": _goals_text(f.goals)}
        for f in content.fields
    ]
    return rows + [{"key": "", "name": "", "description": "", "goals": ""} for _ in range(extra)]


@login_required
@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest, district_slug: str, number: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    version = vision_version_for(district, number)
    if not version.is_draft:
        messages.error(request, _("Eine beschlossene Fassung ist schreibgeschützt."))
        return redirect("vision-page", district_slug=district.slug, number=version.number)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        field_count = min(int(request.POST.get("field_count", "0") or 0), 100)
        content = _content_from_post(request.POST.dict(), field_count)
        try:
            vision_draft_update(version=version, content=content, actor=signed_in_user(request))
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("Entwurf gespeichert."))
            return redirect("vision-page", district_slug=district.slug, number=version.number)
    else:
        content = vision_content(version=version)
    rows = _field_rows(content, EXTRA_FIELD_ROWS)
    context = {
        "district": district,
        "version": version,
        "content": content,
        "principles_text": "\n".join(content.principles),
        "challenges_text": "\n".join(content.challenges),
        "field_rows": rows,
        "field_count": len(rows),
        "errors": errors,
        "error_list": [f"{key}: {message}" for key, items in errors.items() for message in items],
    }
    return render(request, "shared_vision/vision_edit.html", context, status=400 if errors else 200)


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=gettext_lazy("Beschlossen am"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    decision_reference = forms.CharField(
        label=gettext_lazy("Beschluss-Nr."), max_length=64, help_text=gettext_lazy("z. B. 920/2014-2020")
    )
    minutes_url = forms.URLField(label=gettext_lazy("Link zum Protokoll"), required=False, assume_scheme="https")


@login_required
@require_http_methods(["GET", "POST"])
def vision_adopt_page(request: HttpRequest, district_slug: str, number: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    version = vision_version_for(district, number)
    form = AdoptForm(request.POST or None, initial={"adopted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adopted_on: datetime.date = data["adopted_on"]
        try:
            vision_adopt(
                version=version,
                adopted_on=adopted_on,
                decision_reference=data["decision_reference"],
                minutes_url=data["minutes_url"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            for field, items in error.message_dict.items():
                form.add_error(field if field in form.fields else None, items)
        else:
            messages.success(request, _("Der Beschluss ist eingetragen; die Fassung ist jetzt schreibgeschützt."))
            return redirect("vision-page", district_slug=district.slug, number=version.number)
    return render(request, "shared_vision/vision_adopt.html", {"district": district, "version": version, "form": form})


class CouncilAdoptionForm(forms.Form):
    """The form only reads the values; the service checks them (one path for page and API, D82)."""

    adopted_on = forms.DateField(
        label=gettext_lazy("Ratsbeschluss vom"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Beschluss-Nr."), max_length=64, required=False, help_text=gettext_lazy("z. B. 2026/0142")
    )
    link = forms.CharField(
        label=gettext_lazy("Link zum Beschluss (optional)"),
        max_length=500,
        required=False,
        widget=forms.URLInput(),
        help_text=gettext_lazy("z. B. die Seite des Beschlusses im Ratsinformationssystem, mit https://"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_adoption_page(request: HttpRequest, district_slug: str, number: int, town_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug)
    version = vision_version_for(district, number)
    town = council_town_for(request.user, district, town_slug)
    existing = version.council_adoptions.filter(town=town).first()
    initial = (
        {"adopted_on": existing.adopted_on, "decision_number": existing.decision_number, "link": existing.link}
        if existing
        else {}
    )
    form = CouncilAdoptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council_adoption_record(
                town=town,
                version=version,
                adopted_on=data["adopted_on"],
                decision_number=data["decision_number"],
                link=data["link"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            for field, items in error.message_dict.items():
                form.add_error(field if field in form.fields else None, items)
        else:
            messages.success(request, _("Der Ratsbeschluss von %(town)s ist eingetragen.") % {"town": town.name})
            return redirect("vision-page", district_slug=district.slug, number=version.number)
    context = {"district": district, "version": version, "town": town, "form": form}
    return render(request, "shared_vision/council_adoption.html", context, status=400 if form.errors else 200)
