"""The content of a vision version as plain values: what forms, the API and the default file exchange."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_VISION_FILE = Path(__file__).resolve().parent / "data" / "default-vision.json"


@dataclass(frozen=True)
class GoalContent:
    """A goal's text and its stable key; no key: a new goal, or one known by its text (D60)."""

    text: str
    key: str = ""

    @classmethod
    def from_value(cls, value: object) -> GoalContent:
        """A goal as files and the API give it: ``{"key": …, "text": …}`` or only its text."""
        if isinstance(value, dict):
            return cls(text=str(value.get("text", "")), key=str(value.get("key") or ""))
        return cls(text=str(value))


@dataclass(frozen=True)
class FieldContent:
    key: str
    name: str
    description: str = ""
    goals: tuple[GoalContent, ...] = ()


@dataclass(frozen=True)
class VisionContent:
    title: str
    vision_text: str = ""
    principles: tuple[str, ...] = ()
    fields: tuple[FieldContent, ...] = field(default_factory=tuple)
    # The strategy frame (D82): the district's definition of digitalisation, its challenges.
    definition: str = ""
    challenges: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VisionContent:
        return cls(
            title=str(data.get("title", "")),
            vision_text=str(data.get("vision_text", "")),
            principles=tuple(str(text) for text in data.get("principles", [])),
            definition=str(data.get("definition", "")),
            challenges=tuple(str(text) for text in data.get("challenges", [])),
            fields=tuple(
                FieldContent(
                    key=str(item.get("key", "")),
                    name=str(item.get("name", "")),
                    description=str(item.get("description", "")),
                    goals=tuple(GoalContent.from_value(goal) for goal in item.get("goals", [])),
                )
                for item in data.get("fields", [])
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "vision_text": self.vision_text,
            "principles": list(self.principles),
            "definition": self.definition,
            "challenges": list(self.challenges),
            "fields": [
                {
                    "key": f.key,
                    "name": f.name,
                    "description": f.description,
                    "goals": [{"key": g.key, "text": g.text} for g in f.goals],
                }
                for f in self.fields
            ],
        }


def default_vision_content() -> VisionContent:
    """The product's proposal for a district starting out (German; see data/default-vision.json)."""
    return VisionContent.from_dict(json.loads(DEFAULT_VISION_FILE.read_text(encoding="utf-8")))
