"""Reading partners' proposals and what a partner may read of the district's strategy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from kreisagenda.permissions import Action, can, can_view_proposals

from accounts.models import Membership, Role
from partners.models import Proposal, ProposalStatus
from tenants.models import Town

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from tenants.models import District


def partner_membership(*, user: User | AnonymousUser, district: District) -> Membership | None:
    """The partner role ``user`` holds in ``district`` (with its organisation), if any."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user_id=user.pk, role=Role.PARTNER, district=district).first()


def _proposals(district: District) -> QuerySet[Proposal]:
    return Proposal.objects.filter(district=district).select_related("town", "joint_project")


def proposals_of_organisation(*, district: District, organisation: str) -> QuerySet[Proposal]:
    """A partner's view (D95): the proposals of its own organisation in the district, not others'."""
    return _proposals(district).filter(organisation=organisation)


def proposals_to_town(*, town: Town) -> QuerySet[Proposal]:
    return _proposals(town.district).filter(town=town)


def proposals_open_count(*, town: Town) -> int:
    return Proposal.objects.filter(town=town, status=ProposalStatus.OPEN).count()


def proposals_visible(*, user: User | AnonymousUser, district: District) -> QuerySet[Proposal]:
    """Every proposal of the district ``user`` may read (kreisagenda.permissions.can_view_proposals):
    the coordination all, a town's members those to their town, a partner its organisation's."""
    if can(user, Action.MANAGE_STRATEGY, district):
        return _proposals(district)
    own_towns = [town.pk for town in Town.objects.filter(district=district) if can_view_proposals(user, district, town)]
    condition = Q(town_id__in=own_towns) if own_towns else Q()
    membership = (
        partner_membership(user=user, district=district) if can(user, Action.PROPOSE_MEASURE, district) else None
    )
    if membership is not None:
        condition |= Q(organisation=membership.organisation)
    if not condition:
        return Proposal.objects.none()
    return _proposals(district).filter(condition)


def proposal_get(*, district: District, proposal_id: int) -> Proposal | None:
    return _proposals(district).filter(pk=proposal_id).first()
