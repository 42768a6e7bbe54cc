"""What a town publishes about its register entries and its measures, as plain values."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PlanFacts:
    """A measure's place on the roadmap: shown in the district's roadmap, not compared for duplicates."""

    status: str
    priority: str
    other_field_keys: list[str]
    start_quarter: str
    end_quarter: str
    progress: int
    responsible_unit: str
    is_lighthouse: bool
    lesson_learned: str
    shared_goal_keys: list[str] = field(default_factory=list)  # goals of the Leitbild the measure serves (keys)


@dataclass(frozen=True)
class PublishableItem:
    item_kind: str  # publishing.models.ItemKind
    item_id: int
    field_key: str
    title: str
    stage: str  # publishing.models.ItemStage
    category: str = ""
    description: str = ""
    product: str = ""
    vendor: str = ""
    contract_end: datetime.date | None = None
    plan: PlanFacts | None = None
    # A register entry's cost in EUR a year (None: not known); shown with duplicate flags to estimate a
    # joint procurement's saving (D76), not compared: a new price does not reopen a dismissed flag.
    annual_cost: Decimal | None = None

    def content_hash(self) -> str:
        """What the duplicate check compares (a dismissed flag stays dismissed while it is unchanged)."""
        compared = asdict(self)
        del compared["plan"]
        del compared["annual_cost"]
        return content_hash(compared)

    def full_hash(self) -> str:
        full = asdict(self)
        if full["annual_cost"] is None:
            # Items without a cost hash as before the field existed: no town republishes for nothing.
            del full["annual_cost"]
        return content_hash(full)


def content_hash(content: object) -> str:
    """A stable hash of JSON-like content (dates and decimals as text)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class MeasureAtRelease:
    """A measure as it stood when its town released a Quick Check (published for the yearly review)."""

    measure_id: int
    title: str
    field_keys: list[str]
    status: str  # roadmap.models.ProjectStatus
    progress: int
    end_quarter: str
    question_targets: list[Any]


def items_digest(items: Sequence[PublishableItem]) -> str:
    """What an item snapshot's ``content_hash`` says of these items (in any order)."""
    ordered = sorted(items, key=lambda item: (item.item_kind, item.item_id))
    return content_hash([item.full_hash() for item in ordered])


@dataclass(frozen=True)
class SimilarPublished:
    """A published entry of another town, or a joint project, that resembles a draft (hook ``similar_published``)."""

    kind: str  # "measure", "solution" or "joint_project"
    title: str
    town_name: str  # "" for a joint project, or when the district keeps towns' names from each other
    field_key: str
    similarity: Decimal
    concepts: list[str]
    words: list[str]
    joint_project_id: int | None  # the joint project itself, or the one the entry belongs to
    joint_project_title: str
    joinable: bool  # the asking town leads or takes part in that project: it can link its entry
