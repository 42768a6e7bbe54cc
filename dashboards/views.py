"""The homes: where a person lands, the district's page (the coordinator's Lagebild) and a town's page.

They draw on several apps, so they live above all of them (docs/architecture.md).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from kreisagenda.lookups import district_for, signed_in_user, town_enter_when_ready, town_for
from kreisagenda.permissions import (
    Action,
    can,
    can_see_town_mentoring,
    can_view_proposals,
    districts_visible_to,
    peer_names_visible,
    towns_visible_to,
)

from accounts.models import Membership, Role
from accounts.selectors import memberships_of
from benchmarking.selectors import Comparison
from benchmarking.statistics import METHOD_TEXT, RULE_TEXT
from dashboards.charts import heatmap_figure, standing_figure, trend_figure
from dashboards.selectors import conference_overview, lagebild_get, town_overview
from mentoring.selectors import (
    interests_open,
    mentee_fields_running,
    mentorships_of_town,
    open_request_fields,
    requests_open,
)
from opendata.forms import OpenDataForm
from opendata.selectors import open_data_setting
from partners.selectors import proposals_open_count
from quickcheck.selectors import grid_campaign_latest
from roadmap.charts import timeline_figure
from tenants.forms import PeerNamesForm
from tenants.selectors import district_role_holders, district_towns, town_recent_changes, town_role_holders


def _home_of(membership: Membership) -> str:
    if membership.role == Role.PARTNER and membership.district is not None:
        return reverse("partner-home", args=[membership.district.slug])
    if membership.role == Role.CONFERENCE_MEMBER and membership.district is not None:
        return reverse("conference-home", args=[membership.district.slug])
    if membership.town is not None:
        return reverse("town-home", args=[membership.town.district.slug, membership.town.slug])
    if membership.district is not None:
        return reverse("district-home", args=[membership.district.slug])
    return reverse("start")


def _heatmap(comparison: Comparison | None) -> str:
    """The strengths-and-weaknesses heatmap, each cell leading to the town's position that year."""
    if comparison is None or not comparison.towns:
        return ""
    district_slug, year = comparison.district.slug, comparison.year
    return heatmap_figure(
        comparison, position_url=lambda slug: reverse("town-position", args=[district_slug, slug, year])
    )


@login_required
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Where a person lands after login: the home of their one role, or the list of their districts and towns."""
    memberships = list(memberships_of(user=signed_in_user(request)))
    homes = {_home_of(m) for m in memberships if m.district is not None or m.town is not None}
    if len(memberships) == 1 and len(homes) == 1 and "liste" not in request.GET:
        return redirect(homes.pop())
    context = {
        "memberships": memberships,
        "districts": districts_visible_to(request.user),
        "towns": towns_visible_to(request.user).select_related("district"),
    }
    return render(request, "dashboards/start.html", context)


@login_required
@require_safe
def district_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The district's page: for the coordination and the conference the Lagebild, for everyone the members."""
    district = district_for(request.user, district_slug)
    towns = list(district_towns(district=district))
    can_view_benchmark = can(request.user, Action.VIEW_BENCHMARK, district)
    lagebild = lagebild_get(district=district) if can_view_benchmark else None
    open_data = open_data_setting(district=district)
    context = {
        "district": district,
        "towns": [(town, can(request.user, Action.VIEW_TOWN, town)) for town in towns],
        "role_holders": district_role_holders(district=district),
        "can_manage_towns": can(request.user, Action.MANAGE_TOWNS, district),
        "can_view_benchmark": can_view_benchmark,
        "can_decide_duplicates": can(request.user, Action.DECIDE_DUPLICATES, district),
        "can_manage_mentoring": can(request.user, Action.MANAGE_STRATEGY, district),
        "mentoring_waiting": (
            (requests_open(district=district).count(), interests_open(district=district).count())
            if can(request.user, Action.MANAGE_STRATEGY, district)
            else None
        ),
        "open_data": open_data,
        "open_data_form": (
            OpenDataForm.for_setting(open_data) if can(request.user, Action.MANAGE_STRATEGY, district) else None
        ),
        "can_view_proposals": can_view_proposals(request.user, district, None),
        "peer_names_form": (
            PeerNamesForm.for_district(district) if can(request.user, Action.MANAGE_STRATEGY, district) else None
        ),
        "total_population": sum(town.population for town in towns if town.kind == "town"),
        "grid": lagebild.board.grid if lagebild else grid_campaign_latest(district=district),
        "lagebild": lagebild,
        "heatmap": _heatmap(lagebild.comparison if lagebild else None),
        "rule_text": RULE_TEXT,
        "method_text": METHOD_TEXT,
    }
    return render(request, "dashboards/district_home.html", context)


@login_required
@require_safe
def conference_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The mayors' conference's joint Lagebild: the district over the years and what it does together."""
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    overview = conference_overview(district=district)
    context = {
        "district": district,
        "overview": overview,
        "trend": trend_figure(overview.trend, overview.field_names),
    }
    return render(request, "dashboards/conference_home.html", context)


@login_required
@require_safe
def presentation(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The joint Lagebild for a projector: one chart per slide, large type, driven by the keyboard."""
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    overview = conference_overview(district=district)
    context = {
        "district": district,
        "overview": overview,
        "comparison": overview.comparison,
        "trend": trend_figure(overview.trend, overview.field_names),
        "heatmap": _heatmap(overview.comparison),
    }
    return render(request, "dashboards/presentation.html", context)


@login_required
@require_safe
def town_home(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    """A town's page: its standing, priorities and gaps, its roadmap, this year's Quick Check, what
    concerns it in the district; its people and latest changes."""
    town = town_for(request.user, district_slug, town_slug)
    town_enter_when_ready(town)
    overview = None
    standing = timeline = ""
    if town.is_ready:
        overview = town_overview(
            town=town,
            include_drafts=can(request.user, Action.VIEW_TOWN_DRAFTS, town),
            names_visible=peer_names_visible(request.user, town.district),
        )
        standing = standing_figure(overview.fields, town_name=town.name)
        timeline = timeline_figure(overview.roadmap, show_town=False, today=overview.today)
    context = {
        "town": town,
        "overview": overview,
        "standing": standing,
        "timeline": timeline,
        "role_holders": town_role_holders(town=town),
        "audit_entries": town_recent_changes(
            town=town, include_drafts=can(request.user, Action.VIEW_TOWN_DRAFTS, town)
        ),
        "grid": overview.grid if overview else grid_campaign_latest(district=town.district),
        "can_view_drafts": can(request.user, Action.VIEW_TOWN_DRAFTS, town),
        "can_edit": can(request.user, Action.EDIT_TOWN_DATA, town),
        "can_see_mentoring": (can_see_mentoring := can_see_town_mentoring(request.user, town)),
        "mentorships": list(mentorships_of_town(town=town)) if can_see_mentoring else [],
        "requested_fields": open_request_fields(town=town) if can_see_mentoring else set(),
        "mentored_fields": mentee_fields_running(town=town) if can_see_mentoring else set(),
        "rule_text": RULE_TEXT,
        "open_proposals": (
            proposals_open_count(town=town) if can_view_proposals(request.user, town.district, town) else None
        ),
    }
    return render(request, "dashboards/town_home.html", context)
