"""What a mentoring URL names, with the access check, for pages and the API alike.

A record, a request or an interest that the person may not see is answered like an unknown one (404):
other towns, the conference and other districts do not learn that it exists (D97).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from kreisagenda.lookups import town_for
from kreisagenda.permissions import Action, can, can_see_mentorship, can_see_town_mentoring

from mentoring.models import MentorRequest, Mentorship, ProjectInterest
from mentoring.selectors import interest_get, mentorship_get, request_get
from tenants.models import District, Town
from tenants.selectors import district_get_by_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _district(slug: str) -> District:
    district = district_get_by_slug(slug=slug)
    if district is None:
        raise Http404
    return district


def coordination_district_for(user: User | AnonymousUser, district_slug: str) -> District:
    """The district whose mentoring the coordination runs: 403 for others of the district, 404 outside it."""
    district = _district(district_slug)
    if not can(user, Action.MANAGE_STRATEGY, district):
        if not can(user, Action.VIEW_DISTRICT, district):
            raise Http404
        raise PermissionDenied
    return district


def mentorship_for(user: User | AnonymousUser, district_slug: str, mentorship_id: int) -> Mentorship:
    mentorship = mentorship_get(district=_district(district_slug), mentorship_id=mentorship_id)
    if mentorship is None or not can_see_mentorship(user, mentorship):
        raise Http404
    return mentorship


def request_for(user: User | AnonymousUser, district_slug: str, request_id: int) -> MentorRequest:
    """A request, for the coordination (its town sees it on its own pages)."""
    district = coordination_district_for(user, district_slug)
    request = request_get(district=district, request_id=request_id)
    if request is None:
        raise Http404
    return request


def interest_for(user: User | AnonymousUser, district_slug: str, interest_id: int) -> ProjectInterest:
    district = coordination_district_for(user, district_slug)
    interest = interest_get(district=district, interest_id=interest_id)
    if interest is None:
        raise Http404
    return interest


def town_mentoring_for(user: User | AnonymousUser, district_slug: str, town_slug: str) -> Town:
    """A town's mentoring: its own people and the coordination; anyone else 404 (not even the town's existence)."""
    try:
        town = town_for(user, district_slug, town_slug, Action.VIEW_TOWN)
    except PermissionDenied as denied:
        raise Http404 from denied
    if not can_see_town_mentoring(user, town):
        raise Http404
    return town


def town_officer_for(user: User | AnonymousUser, district_slug: str, town_slug: str) -> Town:
    """A town whose digital officer acts (asks for a mentor, marks interest): 403 for its other people."""
    town = town_mentoring_for(user, district_slug, town_slug)
    if not can(user, Action.EDIT_TOWN_DATA, town):
        raise PermissionDenied
    return town
