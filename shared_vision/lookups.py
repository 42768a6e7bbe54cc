"""The Leitbild version a URL names, for pages and the API alike."""

from __future__ import annotations

from django.http import Http404

from shared_vision.models import VisionVersion
from shared_vision.selectors import vision_get
from tenants.models import District


def vision_version_for(district: District, number: int) -> VisionVersion:
    version = vision_get(district=district, number=number)
    if version is None:
        raise Http404
    return version
