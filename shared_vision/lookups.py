"""The Leitbild version a URL names, for pages and the API alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from kreisagenda.permissions import can_record_council_adoption

from shared_vision.models import VisionVersion
from shared_vision.selectors import vision_get
from tenants.models import District, Town
from tenants.selectors import town_get

if TYPE_CHECKING:
    from accounts.models import User


def vision_version_for(district: District, number: int) -> VisionVersion:
    version = vision_get(district=district, number=number)
    if version is None:
        raise Http404
    return version


def council_town_for(user: User | AnonymousUser, district: District, town_slug: str) -> Town:
    """The district's town a URL names, for recording its council's adoption (D82): 404 when the
    district has no such town, 403 when ``user`` may not record for it."""
    town = town_get(district_slug=district.slug, town_slug=town_slug)
    if town is None:
        raise Http404
    if not can_record_council_adoption(user, town):
        raise PermissionDenied
    return town
