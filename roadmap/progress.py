"""How progress rolls up from measures to fields of action and to the district (METHOD_TEXT).

* An entry counts when it is planned, in progress, done or paused: ideas are not decided yet and
  dropped entries are off the roadmap.
* The progress of a field of action is the plain mean of the progress (0–100 %) of the entries
  counted in it. An entry with several fields of action counts in each of them.
* A town's overall progress is the mean over its counted measures, each once.
* The district's progress takes the towns' measures and the joint projects, each once; a town's
  measure linked to a joint project is part of that project and is not counted a second time.
* Rounded once, to one decimal, halves up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from kreisagenda.numbers import rounded_once

from roadmap.models import ProjectStatus

COUNTED = frozenset({ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS, ProjectStatus.DONE, ProjectStatus.PAUSED})

METHOD_TEXT = _(
    "So rechnen wir den Fortschritt: Es zählen Vorhaben, die geplant, in Umsetzung, abgeschlossen oder "
    "pausiert sind – Ideen sind noch nicht entschieden, Verworfenes steht nicht mehr auf der Roadmap. Der "
    "Fortschritt eines Handlungsfelds ist der einfache Mittelwert der Fortschritte (0–100 %) seiner "
    "Vorhaben; ein Vorhaben mit mehreren Handlungsfeldern zählt in jedem. Der Gesamtfortschritt zählt "
    "jedes Vorhaben einmal. Für den Kreis zählen die Maßnahmen der Kommunen und die gemeinsamen Projekte; "
    "eine Maßnahme, die zu einem gemeinsamen Projekt gehört, zählt als Teil des Projekts nicht doppelt. "
    "Gerundet wird einmal, auf eine Nachkommastelle."
)


@dataclass(frozen=True)
class ProgressEntry:
    field_keys: Sequence[str]
    status: str
    progress: int


@dataclass(frozen=True)
class ProgressFigure:
    counted: int
    done: int
    mean: Decimal | None  # None: nothing counted


@dataclass(frozen=True)
class Rollup:
    fields: dict[str, ProgressFigure]
    overall: ProgressFigure


def _figure(entries: list[ProgressEntry]) -> ProgressFigure:
    counted = [entry for entry in entries if entry.status in COUNTED]
    if not counted:
        return ProgressFigure(counted=0, done=0, mean=None)
    mean = Fraction(sum(entry.progress for entry in counted), len(counted))
    return ProgressFigure(
        counted=len(counted),
        done=sum(1 for entry in counted if entry.status == ProjectStatus.DONE),
        mean=rounded_once(mean),
    )


def progress_rollup(entries: Iterable[ProgressEntry], *, field_order: Iterable[str] = ()) -> Rollup:
    """Per field of action (in ``field_order``, then any other field named) and overall."""
    items = list(entries)
    by_field: dict[str, list[ProgressEntry]] = {key: [] for key in field_order}
    for entry in items:
        for key in dict.fromkeys(entry.field_keys):
            by_field.setdefault(key, []).append(entry)
    return Rollup(fields={key: _figure(group) for key, group in by_field.items()}, overall=_figure(items))
