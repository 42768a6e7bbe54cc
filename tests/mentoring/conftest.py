"""Helpers of the mentoring tests: the hooks' calls, a record between two towns, the synergies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from benchmarking.selectors import MentorPair, Synergies, comparison_get, synergies_get
from mentoring import hooks
from mentoring.models import Mentorship, MentorshipStatus
from mentoring.services import MentorshipInput, mentorship_create
from quickcheck.models import GridVersion
from tenants.models import Town
from tests.conftest import World


@pytest.fixture
def fired() -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Every call of mentoring's hooks during the test, by hook name."""
    calls: dict[str, list[tuple[Any, ...]]] = {}
    receivers: list[tuple[Any, Callable[..., None]]] = []
    for hook in (hooks.mentor_requested, hooks.mentoring_changed, hooks.request_declined, hooks.interest_declared):

        def receive(*args: Any, _name: str = hook.name) -> None:
            calls.setdefault(_name, []).append(args)

        hook.register(receive)
        receivers.append((hook, receive))
    yield calls
    for hook, receive in receivers:
        hook._receivers.remove(receive)


def synergies(world: World, grid: GridVersion) -> Synergies:
    return synergies_get(comparison=comparison_get(district=world.hoexter_district, year=grid.year))


def hoexter_pair(world: World, grid: GridVersion) -> MentorPair:
    """A mentor pair of the demo with Höxter learning (the demo has Höxter weak where others are strong)."""
    return next(p for p in synergies(world, grid).mentor_pairs if p.mentee.town_id == world.town_hoexter.pk)


def town(world: World, slug: str) -> Town:
    return Town.objects.get(district=world.hoexter_district, slug=slug)


def record(
    world: World, *, mentor: str = "warburg", mentee: str = "hoexter", field_key: str = "verwaltung"
) -> Mentorship:
    """A record between two towns of Höxter's district, as the coordination would make it."""
    return mentorship_create(
        district=world.hoexter_district,
        data=MentorshipInput(
            mentor_town=town(world, mentor),
            mentee_town=town(world, mentee),
            field_keys=(field_key,),
            goal="VERTRAULICH-Ziel der Patenschaft",
            status=MentorshipStatus.AGREED,
            mentor_contact_name="Jana Patin",
            mentor_contact_email="jana@warburg.example",
        ),
        actor=None,
    )
