"""Pages of mentoring: the coordination's overview (records, open requests, towns' interest), a record,
a new record, a town's mentoring and its request for a mentor; the button that makes a shared gap a
joint project. Views check access, read the form and call services and selectors."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from kreisagenda.lookups import signed_in_user
from kreisagenda.numbers import whole_number
from kreisagenda.permissions import Action, can, can_update_mentorship_status, peer_names_visible

from mentoring.lookups import (
    coordination_district_for,
    interest_for,
    mentorship_for,
    request_for,
    town_mentoring_for,
    town_officer_for,
)
from mentoring.models import Mentorship, MentorshipStatus
from mentoring.selectors import (
    interests_of_town,
    interests_open,
    mentor_candidates,
    mentorships_of_district,
    mentorships_of_town,
    projects_open_to,
    request_get,
    requests_of_town,
    requests_open,
)
from mentoring.services import (
    MentorshipInput,
    Problems,
    field_names_of,
    mentor_request_create,
    mentor_request_decline,
    mentorship_create,
    mentorship_status_set,
    mentorship_update,
    project_interest_accept,
    project_interest_declare,
    project_interest_withdraw,
    shared_gap_project_create,
)
from roadmap.selectors import joint_project_get
from tenants.models import District, Town
from tenants.selectors import district_towns


def _problems_of(error: ValidationError) -> Problems:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _town_named(district: District, value: str) -> Town | None:
    number = whole_number(value)
    return Town.objects.filter(district=district, pk=number).first() if number is not None else None


def _date(post: Mapping[str, str], name: str, label: str, problems: Problems) -> datetime.date | None:
    text = post.get(name, "").strip()
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        problems.setdefault(name, []).append(
            _("%(label)s: „%(value)s“ ist kein Datum.") % {"label": label, "value": text}
        )
    return value


def _mentorship_input(request: HttpRequest, district: District) -> tuple[MentorshipInput, Problems]:
    post = request.POST
    problems: Problems = {}
    data = MentorshipInput(
        mentor_town=_town_named(district, post.get("mentor_town", "")),
        mentee_town=_town_named(district, post.get("mentee_town", "")),
        field_keys=tuple(post.getlist("field_keys")),
        goal=post.get("goal", ""),
        status=post.get("status", MentorshipStatus.REQUESTED),
        mentor_contact_name=post.get("mentor_contact_name", ""),
        mentor_contact_role=post.get("mentor_contact_role", ""),
        mentor_contact_email=post.get("mentor_contact_email", ""),
        mentee_contact_name=post.get("mentee_contact_name", ""),
        mentee_contact_role=post.get("mentee_contact_role", ""),
        mentee_contact_email=post.get("mentee_contact_email", ""),
        notes=post.get("notes", ""),
        starts_on=_date(post, "starts_on", _("Beginn"), problems),
        ends_on=_date(post, "ends_on", _("Ende"), problems),
    )
    return data, problems


def _form_values(mentorship: Mentorship) -> dict[str, object]:
    return {
        "mentor_town": str(mentorship.mentor_town_id),
        "mentee_town": str(mentorship.mentee_town_id),
        "field_keys": mentorship.field_keys,
        "goal": mentorship.goal,
        "status": mentorship.status,
        "mentor_contact_name": mentorship.mentor_contact_name,
        "mentor_contact_role": mentorship.mentor_contact_role,
        "mentor_contact_email": mentorship.mentor_contact_email,
        "mentee_contact_name": mentorship.mentee_contact_name,
        "mentee_contact_role": mentorship.mentee_contact_role,
        "mentee_contact_email": mentorship.mentee_contact_email,
        "notes": mentorship.notes,
        "starts_on": mentorship.starts_on.isoformat() if mentorship.starts_on else "",
        "ends_on": mentorship.ends_on.isoformat() if mentorship.ends_on else "",
    }


def _posted_values(request: HttpRequest) -> dict[str, object]:
    values: dict[str, object] = {key: request.POST.get(key, "") for key in request.POST}
    values["field_keys"] = request.POST.getlist("field_keys")
    return values


def _form_context(district: District) -> dict[str, object]:
    return {
        "towns": list(district_towns(district=district)),
        "field_names": field_names_of(district=district),
        "statuses": MentorshipStatus.choices,
    }


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The coordination's page: records, open requests, towns' interest in joint projects."""
    district = coordination_district_for(request.user, district_slug)
    problems: Problems = {}
    if request.method == "POST":
        try:
            if "decline" in request.POST:
                mentor_request = request_for(request.user, district_slug, whole_number(request.POST["decline"]) or 0)
                mentor_request_decline(
                    request=mentor_request, note=request.POST.get("decision_note", ""), actor=signed_in_user(request)
                )
                messages.success(request, _("Anfrage von %(town)s beantwortet.") % {"town": mentor_request.town.name})
            elif "accept_interest" in request.POST:
                interest = interest_for(request.user, district_slug, whole_number(request.POST["accept_interest"]) or 0)
                project_interest_accept(interest=interest, actor=signed_in_user(request))
                messages.success(
                    request,
                    _("%(town)s ist jetzt am Projekt „%(title)s“ beteiligt (interessiert).")
                    % {"town": interest.town.name, "title": interest.joint_project.title},
                )
            else:
                raise Http404
            return redirect("mentoring-page", district_slug=district.slug)
        except ValidationError as error:
            problems = _problems_of(error)
    response = render(
        request,
        "mentoring/mentoring_page.html",
        {
            "district": district,
            "mentorships": list(mentorships_of_district(district=district)),
            "requests": list(requests_open(district=district)),
            "interests": list(interests_open(district=district)),
            "field_names": field_names_of(district=district),
            "problems": problems,
            "posted": request.POST if problems else {},
        },
    )
    if problems:
        response.status_code = 400
    return response


@login_required
@require_http_methods(["GET", "POST"])
def mentorship_new_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """A new record, prefilled from a mentor pair of the synergies or from a town's request."""
    district = coordination_district_for(request.user, district_slug)
    source = request.POST if request.method == "POST" else request.GET
    request_id = whole_number(source.get("anfrage", ""))
    mentor_request = request_get(district=district, request_id=request_id) if request_id is not None else None
    problems: Problems = {}
    if request.method == "POST":
        data, problems = _mentorship_input(request, district)
        if not problems:
            try:
                mentorship = mentorship_create(
                    district=district, data=data, actor=signed_in_user(request), request=mentor_request
                )
                messages.success(request, _("Patenschaft angelegt."))
                return redirect("mentorship-page", district_slug=district.slug, mentorship_id=mentorship.pk)
            except ValidationError as error:
                problems = _problems_of(error)
        values = _posted_values(request)
    else:
        mentee = request.GET.get("lernend", str(mentor_request.town_id) if mentor_request else "")
        mentor = request.GET.get("patin", str(mentor_request.preferred_mentor_id or "") if mentor_request else "")
        field = request.GET.get("feld", mentor_request.field_key if mentor_request else "")
        values = {"mentor_town": mentor, "mentee_town": mentee, "field_keys": [field] if field else []}
    response = render(
        request,
        "mentoring/mentorship_new.html",
        {
            **_form_context(district),
            "district": district,
            "mentor_request": mentor_request,
            "values": values,
            "problems": problems,
        },
    )
    if problems:
        response.status_code = 400
    return response


@login_required
@require_http_methods(["GET", "POST"])
def mentorship_page(request: HttpRequest, district_slug: str, mentorship_id: int) -> HttpResponse:
    """A record: the two towns' people and the coordination read it; the coordination changes all of
    it, the two towns' digital officers its status and notes (D97)."""
    mentorship = mentorship_for(request.user, district_slug, mentorship_id)
    district = mentorship.district
    can_manage = can(request.user, Action.MANAGE_STRATEGY, district)
    can_update = can_update_mentorship_status(request.user, mentorship)
    problems: Problems = {}
    values = _form_values(mentorship)
    if request.method == "POST":
        actor = signed_in_user(request)
        try:
            if request.POST.get("action") == "edit":
                if not can_manage:
                    raise PermissionDenied
                data, problems = _mentorship_input(request, district)
                if not problems:
                    mentorship_update(mentorship=mentorship, data=data, actor=actor)
            else:
                if not can_update:
                    raise PermissionDenied
                mentorship_status_set(
                    mentorship=mentorship,
                    status=request.POST.get("status", ""),
                    notes=request.POST.get("notes", ""),
                    actor=actor,
                )
        except ValidationError as error:
            problems = _problems_of(error)
        if not problems:
            messages.success(request, _("Patenschaft gespeichert."))
            return redirect("mentorship-page", district_slug=district.slug, mentorship_id=mentorship.pk)
        values = _posted_values(request)
    response = render(
        request,
        "mentoring/mentorship_page.html",
        {
            **_form_context(district),
            "district": district,
            "mentorship": mentorship,
            "can_manage": can_manage,
            "can_update": can_update,
            "values": values,
            "problems": problems,
        },
    )
    if problems:
        response.status_code = 400
    return response


@login_required
@require_POST
def shared_gap_project_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The Synergien page's button: a shared gap becomes a joint project (once, D98)."""
    district = coordination_district_for(request.user, district_slug)
    year = whole_number(request.POST.get("year", ""))
    level = whole_number(request.POST.get("target_level", "") or "0")
    try:
        project, created = shared_gap_project_create(
            district=district,
            year=year or 0,
            field_key=request.POST.get("field_key", ""),
            question_code=request.POST.get("question_code", ""),
            target_level=level or 0,
            actor=signed_in_user(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        if year is None:
            return redirect("mentoring-page", district_slug=district.slug)
        return redirect("synergies-page", district_slug=district.slug, year=year)
    if created:
        messages.success(request, _("Gemeinsames Projekt „%(title)s“ angelegt.") % {"title": project.title})
    else:
        messages.info(
            request,
            _("Diese Lücke ist schon das gemeinsame Projekt „%(title)s“; fehlende Kommunen sind ergänzt.")
            % {"title": project.title},
        )
    return redirect("joint-project-page", district_slug=district.slug, joint_project_id=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def town_mentoring_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    """A town's mentoring: its records and requests, and the district's joint projects it may join."""
    town = town_mentoring_for(request.user, district_slug, town_slug)
    can_edit = can(request.user, Action.EDIT_TOWN_DATA, town)
    problems: Problems = {}
    if request.method == "POST":
        town = town_officer_for(request.user, district_slug, town_slug)
        try:
            if "withdraw" in request.POST:
                interest_id = whole_number(request.POST["withdraw"])
                interest = interests_of_town(town=town).filter(pk=interest_id or 0).first()
                if interest is None:
                    raise Http404
                project_interest_withdraw(interest=interest)
                messages.success(request, _("Interesse zurückgezogen."))
            else:
                project_id = whole_number(request.POST.get("joint_project", ""))
                project = joint_project_get(district=town.district, joint_project_id=project_id or 0)
                if project is None:
                    raise Http404
                project_interest_declare(
                    town=town,
                    joint_project=project,
                    message=request.POST.get("message", ""),
                    actor=signed_in_user(request),
                )
                messages.success(
                    request,
                    _("Interesse am Projekt „%(title)s“ bekundet; die Kreis-Koordination entscheidet.")
                    % {"title": project.title},
                )
            return redirect("town-mentoring", district_slug=town.district.slug, town_slug=town.slug)
        except ValidationError as error:
            problems = _problems_of(error)
    names_visible = peer_names_visible(request.user, town.district)
    response = render(
        request,
        "mentoring/town_mentoring.html",
        {
            "town": town,
            "mentorships": list(mentorships_of_town(town=town)),
            "requests": list(requests_of_town(town=town)),
            "projects": projects_open_to(town=town),
            "field_names": field_names_of(district=town.district),
            "can_edit": can_edit,
            "names_visible": names_visible,
            "problems": problems,
        },
    )
    if problems:
        response.status_code = 400
    return response


@login_required
@require_http_methods(["GET", "POST"])
def mentor_request_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    """„Mentor:in anfragen“: the town's digital officer asks the coordination for a mentor in a field."""
    town = town_officer_for(request.user, district_slug, town_slug)
    names_visible = peer_names_visible(request.user, town.district)
    source = request.POST if request.method == "POST" else request.GET
    field_key = source.get("field_key", source.get("feld", ""))
    problems: Problems = {}
    if request.method == "POST":
        preferred = request.POST.get("preferred_mentor", "")
        preferred_town = _town_named(town.district, preferred) if preferred else None
        if preferred and preferred_town is None:
            problems = {"preferred_mentor": [_("Wunsch-Patin: Bitte eine Kommune aus der Liste wählen.")]}
        else:
            try:
                mentor_request_create(
                    town=town,
                    field_key=field_key,
                    message=request.POST.get("message", ""),
                    preferred_mentor=preferred_town,
                    names_visible=names_visible,
                    actor=signed_in_user(request),
                )
                messages.success(request, _("Anfrage gesendet; die Kreis-Koordination meldet sich."))
                return redirect("town-mentoring", district_slug=town.district.slug, town_slug=town.slug)
            except ValidationError as error:
                problems = _problems_of(error)
    field_names = field_names_of(district=town.district)
    response = render(
        request,
        "mentoring/mentor_request.html",
        {
            "town": town,
            "field_key": field_key,
            "field_names": field_names,
            "candidates": mentor_candidates(town=town, field_key=field_key, names_visible=names_visible)
            if field_key in field_names
            else [],
            "names_visible": names_visible,
            "problems": problems,
            "posted": request.POST if problems else {},
        },
    )
    if problems:
        response.status_code = 400
    return response
