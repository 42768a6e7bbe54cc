"""Finding what a public open-data URL names: a district that publishes open data now, else 404 (D100)."""

from __future__ import annotations

from django.http import Http404

from opendata.models import OpenDataSetting
from opendata.selectors import open_district_get


def open_district_for(slug: str) -> OpenDataSetting:
    """Anyone may read a district's open data while it is switched on; unknown or off is 404, not 403:
    whether a district exists or once published is nothing an anonymous visitor learns."""
    setting = open_district_get(slug=slug)
    if setting is None:
        raise Http404
    return setting
