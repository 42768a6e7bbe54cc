"""Hooks: how a lower app lets higher apps react to its events without importing them.

The lower app declares a hook next to its services (``quickcheck/answers/hooks.py``); a higher app
registers a receiver in its ``AppConfig.ready()``; the lower app's service fires the hook. So a
release can publish and record the roadmap while ``quickcheck`` imports neither ``publishing`` nor
``roadmap``. Receivers run in the caller's transaction, in the order they registered; whatever must
wait for the commit uses ``transaction.on_commit`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[P, R]] = []

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {len(self._receivers)} receivers)"

    def register(self, receiver: Callable[P, R]) -> Callable[P, R]:
        """Add ``receiver`` once (``ready()`` may run more than once, e.g. in tests)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def fire(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Call every receiver and return their answers, in registration order."""
        return [receiver(*args, **kwargs) for receiver in self._receivers]
