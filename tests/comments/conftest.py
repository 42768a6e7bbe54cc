"""A measure of Höxter, a joint project and a duplicate flag of Kreis Höxter (and of Lippe), to comment on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from kreisagenda.tenancy import town_schema

from accounts.models import User
from benchmarking.models import DuplicateFlag
from comments.hooks import comment_posted
from comments.items import CommentItem
from comments.lookups import flag_item, joint_project_item, measure_item
from comments.models import CommentBase
from roadmap.measures.models import Measure
from roadmap.models import JointProject
from tests.conftest import World

SECRET = "Nur-fuer-Hoexter-4711"  # a comment text that must never reach anyone who cannot see the item


@pytest.fixture
def measure(world: World) -> Measure:
    with town_schema(world.town_hoexter):
        return Measure.objects.create(title="Bürgerportal ausbauen", field_key="verwaltung")


@pytest.fixture
def project(world: World) -> JointProject:
    return JointProject.objects.create(
        district=world.hoexter_district, lead_town=world.town_hoexter, title="E-Akte gemeinsam", field_key="prozesse"
    )


@pytest.fixture
def flag(world: World) -> DuplicateFlag:
    return DuplicateFlag.objects.create(
        district=world.hoexter_district,
        field_key="verwaltung",
        member_key="m" * 64,
        fingerprint="f" * 64,
        similarity="0.800",
        suggested_action="joint_procurement",
        evidence={
            "items": [
                {
                    "town_id": town.pk,
                    "town_name": town.name,
                    "item_kind": "solution",
                    "item_id": 1,
                    "title": "Ratsinfo",
                    "category": "other",
                    "product": "",
                    "vendor": "",
                    "stage": "in_use",
                    "contract_end": None,
                    "annual_cost": None,
                }
                for town in (world.town_hoexter, world.town_brakel)
            ],
            "pairs": [{"first": 0, "second": 1, "similarity": "0.800", "concepts": [], "words": ["ratsinfo"]}],
        },
    )


@pytest.fixture
def measure_thread(world: World, measure: Measure) -> CommentItem:
    return measure_item(world.town_hoexter, measure)


@pytest.fixture
def project_thread(project: JointProject) -> CommentItem:
    return joint_project_item(project)


@pytest.fixture
def flag_thread(world: World, flag: DuplicateFlag) -> CommentItem:
    return flag_item(flag, world.hoexter_district)


@dataclass
class Posted:
    calls: list[tuple[CommentItem, CommentBase, User, list[User]]] = field(default_factory=list)

    def __call__(self, item: CommentItem, comment: CommentBase, author: User, mentioned: list[User]) -> None:
        self.calls.append((item, comment, author, list(mentioned)))


@pytest.fixture
def posted() -> Iterator[Posted]:
    """A receiver of ``comment_posted`` that collects its calls (removed afterwards)."""
    receiver = Posted()
    comment_posted.register(receiver)
    try:
        yield receiver
    finally:
        comment_posted._receivers.remove(receiver)


def in_schema(item: CommentItem, action: Callable[[], Any]) -> Any:
    """Run a service for ``item`` where the page would: in the town's schema for a measure."""
    if item.town is None:
        return action()
    with town_schema(item.town):
        return action()
