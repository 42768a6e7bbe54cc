"""What a town publishes about its register entries (and, with the roadmap, its measures)."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class PublishableItem:
    item_kind: str  # roadmap.models.ItemKind
    item_id: int
    field_key: str
    title: str
    stage: str  # benchmarking.models.ItemStage
    category: str = ""
    description: str = ""
    product: str = ""
    vendor: str = ""
    contract_end: datetime.date | None = None

    def content_hash(self) -> str:
        return content_hash(asdict(self))


def content_hash(content: object) -> str:
    """A stable hash of JSON-like content (dates and decimals as text)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
