"""Finding the partner, the proposal or the town a URL names, with the access check (D95)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from kreisagenda.lookups import district_for, town_enter, town_for
from kreisagenda.permissions import Action, can_decide_proposal, can_view_proposals

from partners.models import Proposal
from partners.selectors import partner_membership, proposal_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import Membership, User
    from tenants.models import District, Town


def partner_for(user: User | AnonymousUser, district_slug: str) -> tuple[District, Membership]:
    """A partner's district and its membership there (the organisation it speaks for)."""
    district = district_for(user, district_slug, Action.PROPOSE_MEASURE)
    membership = partner_membership(user=user, district=district)
    if membership is None:  # an operator passes PROPOSE_MEASURE's check no more than anybody else
        raise PermissionDenied
    return district, membership


def proposal_readable(user: User | AnonymousUser, proposal: Proposal) -> bool:
    """The coordination, the addressed town's members, and the partners of the proposing organisation."""
    if can_view_proposals(user, proposal.district, proposal.town):
        return True
    membership = partner_membership(user=user, district=proposal.district)
    return membership is not None and membership.organisation == proposal.organisation


def proposal_for(user: User | AnonymousUser, district_slug: str, proposal_id: int) -> Proposal:
    district = district_for(user, district_slug, Action.VIEW_PUBLISHED_STRATEGY)
    proposal = proposal_get(district=district, proposal_id=proposal_id)
    if proposal is None:
        raise Http404
    if not proposal_readable(user, proposal):
        raise PermissionDenied
    return proposal


def proposal_decidable_for(user: User | AnonymousUser, district_slug: str, proposal_id: int) -> Proposal:
    """A proposal ``user`` may accept or decline; a town's schema entered for the measure it becomes."""
    proposal = proposal_for(user, district_slug, proposal_id)
    if not can_decide_proposal(user, proposal.district, proposal.town):
        raise PermissionDenied
    if proposal.town is not None:
        town_enter(proposal.town)
    return proposal


def proposals_town_for(user: User | AnonymousUser, district_slug: str, town_slug: str) -> Town:
    """A town whose proposals ``user`` may read (its own members and the coordination)."""
    town = town_for(user, district_slug, town_slug)
    if not can_view_proposals(user, town.district, town):
        raise PermissionDenied
    return town
