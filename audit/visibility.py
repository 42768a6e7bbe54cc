"""Which history entries speak of a town's drafts: apps name their actions here (in ready()).

The history is the town's; people who may not see its drafts (the district's coordination) see only
entries about what the town released or published, not "Antwort auf VW-1 geändert" (issue 13).
"""

from __future__ import annotations

_DRAFT_ACTIONS: set[str] = set()


def draft_actions_register(*actions: str) -> None:
    """Name actions whose entries reveal drafts (answers, priorities, local goals before release)."""
    _DRAFT_ACTIONS.update(actions)


def draft_actions() -> frozenset[str]:
    return frozenset(_DRAFT_ACTIONS)
