"""Template helpers for campaigns: one way to say where a campaign stands, on every page that names it."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from quickcheck.models import GridVersion
from quickcheck.selectors import CampaignStatus, campaign_status

register = template.Library()


@register.simple_tag
def campaign_state(campaign: GridVersion | CampaignStatus | None) -> SafeString:
    """Status, deadline and days left of a campaign (D66) as one short line, to stand inside a sentence.

    Takes a grid (counted from today) or a status a selector worked out for a given day.
    """
    status = campaign_status(grid=campaign) if isinstance(campaign, GridVersion) else campaign
    # The template's own escaping made it safe; strip() drops the file's last line break.
    return mark_safe(render_to_string("quickcheck/_campaign_status.html", {"status": status}).strip())  # noqa: S308
