"""Helpers for the partners' tests: a proposal as a partner writes it, and hooks' calls collected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from accounts.models import Membership, Role, User
from partners.hooks import proposal_decided, proposal_submitted
from partners.models import Proposal
from partners.services import ProposalInput, proposal_submit
from shared_vision.selectors import vision_current
from tenants.models import Town
from tests.conftest import World


def goal_key(world: World, field_key: str = "umwelt") -> str:
    vision = vision_current(district=world.hoexter_district)
    assert vision is not None
    return next(f for f in vision.fields.all() if f.key == field_key).goals.all()[0].key


@pytest.fixture
def propose(world: World, person: Callable[[str], User]) -> Callable[..., Proposal]:
    """A proposal of ``label`` (a partner of Höxter) to ``town`` (None: the district)."""

    def make(label: str = "partner", town: Town | None = None, title: str = "Ladesäulen an Rathäusern") -> Proposal:
        membership = Membership.objects.get(user=person(label), role=Role.PARTNER, district=world.hoexter_district)
        return proposal_submit(
            district=world.hoexter_district,
            partner=membership,
            data=ProposalInput(
                title=title,
                description="Die Stadtwerke bauen und betreiben Ladesäulen an allen Rathäusern.",
                field_key="umwelt",
                goal_keys=(goal_key(world),),
                town=town,
            ),
        )

    return make


@pytest.fixture
def fired() -> Iterator[dict[str, list[Any]]]:
    """Every call of the partners' hooks during the test, by hook."""
    calls: dict[str, list[Any]] = {"submitted": [], "decided": []}

    def on_submitted(proposal: Proposal) -> None:
        calls["submitted"].append((proposal.pk, proposal.status, proposal.town_id))

    def on_decided(proposal: Proposal) -> None:
        calls["decided"].append((proposal.pk, proposal.status, proposal.decision_reason))

    proposal_submitted.register(on_submitted)
    proposal_decided.register(on_decided)
    yield calls
    proposal_submitted._receivers.remove(on_submitted)
    proposal_decided._receivers.remove(on_decided)
