"""The yearly review (Fortschreibung): what changed in a town from last year's Quick Check to this
year's, and what the measures finished in between were meant to change (METHOD_TEXT).

Reads only what towns released (``publishing`` snapshots) and the public grids: the district's
report needs no town schema, and a constant number of queries however many towns there are.

* Last year → this year: the field scores of the two released Quick Checks.
* Finished measures: done at this year's release and not yet done at last year's (or new since).
* Expected change: last year's answers, with each question a finished measure names raised to the
  level the measure expects (or, if it names none, to the town's target level of last year); the
  field score recomputed with the published method, minus last year's score. Questions are
  followed from grid to grid through their "replaces" links.
* Observed change: this year's field score minus last year's.
* Delayed: not done nor dropped at this year's release although its end quarter had passed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from publishing.models import (
    AnswerSnapshot,
    AssessmentSnapshot,
    FieldScoreSnapshot,
    MeasureStatusSnapshot,
    SnapshotStatus,
)
from quickcheck.models import GridQuestion
from quickcheck.scoring import ScoredAnswer, scores_compute
from roadmap.models import ProjectStatus
from roadmap.rules import is_delayed
from tenants.models import District, Town

METHOD_TEXT = _(
    "So entsteht der Jahresvergleich: Verglichen werden die freigegebenen Quick Checks des Vorjahrs und "
    "dieses Jahres. Als abgeschlossen zählen Maßnahmen, die bei der diesjährigen Freigabe abgeschlossen "
    "waren und bei der letztjährigen noch nicht. Erwartete Veränderung: Die Antworten des Vorjahrs, wobei "
    "jede Frage, die eine abgeschlossene Maßnahme verbessern sollte, auf die erwartete Stufe der Maßnahme "
    "(sonst auf das Soll des Vorjahrs) angehoben wird; daraus der Wert des Handlungsfelds nach der "
    "veröffentlichten Methode, minus dem Wert des Vorjahrs. Beobachtete Veränderung: Wert dieses Jahres "
    "minus Wert des Vorjahrs. Verzögert ist, was bei der Freigabe weder abgeschlossen noch verworfen war, "
    "obwohl sein End-Quartal vorbei war."
)


@dataclass(frozen=True)
class MeasureMention:
    measure_id: int
    title: str
    status: str
    end_quarter: str


@dataclass(frozen=True)
class FieldReview:
    field_key: str
    field_name: str
    last: Decimal | None
    this: Decimal | None
    expected_change: Decimal | None  # None: no finished measure names a question of the field
    measures_done: list[MeasureMention] = field(default_factory=list)
    measures_delayed: list[MeasureMention] = field(default_factory=list)

    @property
    def observed_change(self) -> Decimal | None:
        return None if self.last is None or self.this is None else self.this - self.last


@dataclass(frozen=True)
class TownReview:
    town: Town
    year: int
    previous_year: int
    released_last: bool
    released_this: bool
    overall_last: Decimal | None
    overall_this: Decimal | None
    fields: list[FieldReview]

    @property
    def overall_change(self) -> Decimal | None:
        return None if self.overall_last is None or self.overall_this is None else self.overall_this - self.overall_last

    @property
    def done_count(self) -> int:
        return len({m.measure_id for f in self.fields for m in f.measures_done})

    @property
    def delayed_count(self) -> int:
        return len({m.measure_id for f in self.fields for m in f.measures_delayed})


def _latest_released(district: District, year: int, town_ids: list[int] | None) -> dict[int, AssessmentSnapshot]:
    snapshots = AssessmentSnapshot.objects.filter(district=district, year=year)
    if town_ids is not None:
        snapshots = snapshots.filter(town_id__in=town_ids)
    latest = snapshots.order_by("town_id", "-version").distinct("town_id")
    return {s.town_id: s for s in latest if s.status == SnapshotStatus.RELEASED}


class _Lineage:
    """Questions of the district's grids, to follow a question from one year's grid to another's."""

    def __init__(self, district: District) -> None:
        rows = GridQuestion.objects.filter(grid__district=district).values_list(
            "pk", "grid__year", "code", "replaces_id", "weight"
        )
        self.year: dict[int, int] = {}
        self.code: dict[int, str] = {}
        self.back: dict[int, int] = {}
        self.forward: dict[int, int] = {}
        self.weight: dict[tuple[int, str], int] = {}  # (year, code) → the question's weight that year
        for pk, year, code, replaces_id, weight in rows:
            self.year[pk], self.code[pk] = year, code
            self.weight[(year, code)] = weight
            if replaces_id is not None:
                self.back[pk] = replaces_id
                self.forward[replaces_id] = pk

    def code_in(self, question_id: int, year: int) -> str | None:
        current: int | None = question_id
        while current is not None and current in self.year and self.year[current] != year:
            current = self.back.get(current) if self.year[current] > year else self.forward.get(current)
        return self.code.get(current) if current is not None else None


def reviews_get(*, district: District, year: int, town_ids: list[int] | None = None) -> list[TownReview]:
    """The review of ``year`` against ``year - 1`` for the district's towns (or only ``town_ids``)."""
    previous_year = year - 1
    this = _latest_released(district, year, town_ids)
    last = _latest_released(district, previous_year, town_ids)
    snapshot_ids = [s.pk for s in (*this.values(), *last.values())]
    scores: dict[int, dict[str, tuple[str, Decimal | None]]] = defaultdict(dict)
    for snapshot_id, key, name, current in (
        FieldScoreSnapshot.objects.filter(snapshot_id__in=snapshot_ids)
        .order_by("position")
        .values_list("snapshot_id", "field_key", "field_name", "current")
    ):
        scores[snapshot_id][key] = (name, current)
    answers: dict[int, list[AnswerSnapshot]] = defaultdict(list)
    for answer in AnswerSnapshot.objects.filter(snapshot_id__in=[s.pk for s in last.values()]):
        answers[answer.snapshot_id].append(answer)
    measures: dict[int, list[MeasureStatusSnapshot]] = defaultdict(list)
    for measure in MeasureStatusSnapshot.objects.filter(snapshot_id__in=snapshot_ids):
        measures[measure.snapshot_id].append(measure)
    lineage = _Lineage(district)
    towns = Town.objects.filter(pk__in=set(this) | set(last)).order_by("name")
    return [
        _town_review(town, year, this.get(town.pk), last.get(town.pk), scores, answers, measures, lineage)
        for town in towns
    ]


def _town_review(
    town: Town,
    year: int,
    this: AssessmentSnapshot | None,
    last: AssessmentSnapshot | None,
    scores: dict[int, dict[str, tuple[str, Decimal | None]]],
    answers: dict[int, list[AnswerSnapshot]],
    measures: dict[int, list[MeasureStatusSnapshot]],
    lineage: _Lineage,
) -> TownReview:
    this_scores = scores[this.pk] if this else {}
    last_scores = scores[last.pk] if last else {}
    this_measures = measures[this.pk] if this else []
    done_before = {m.measure_id for m in (measures[last.pk] if last else []) if m.status == ProjectStatus.DONE}
    finished = [m for m in this_measures if m.status == ProjectStatus.DONE and m.measure_id not in done_before]
    released_on = this.released_at.date() if this and this.released_at else None
    delayed = [
        m
        for m in this_measures
        if released_on and is_delayed(status=m.status, end_quarter=m.end_quarter, on=released_on)
    ]
    expected = _expected_scores(last, answers, finished, lineage) if last else {}
    field_names = {key: name for key, (name, _v) in {**last_scores, **this_scores}.items()}
    fields = []
    for key, name in field_names.items():
        last_value = last_scores.get(key, ("", None))[1]
        expected_value = expected.get(key)
        fields.append(
            FieldReview(
                field_key=key,
                field_name=name,
                last=last_value,
                this=this_scores.get(key, ("", None))[1],
                expected_change=(
                    expected_value - last_value if expected_value is not None and last_value is not None else None
                ),
                measures_done=[_mention(m) for m in finished if key in m.field_keys],
                measures_delayed=[_mention(m) for m in delayed if key in m.field_keys],
            )
        )
    return TownReview(
        town=town,
        year=year,
        previous_year=year - 1,
        released_last=last is not None,
        released_this=this is not None,
        overall_last=last.overall_current if last else None,
        overall_this=this.overall_current if this else None,
        fields=fields,
    )


def _mention(measure: MeasureStatusSnapshot) -> MeasureMention:
    return MeasureMention(
        measure_id=measure.measure_id, title=measure.title, status=measure.status, end_quarter=measure.end_quarter
    )


def _expected_scores(
    last: AssessmentSnapshot,
    answers: dict[int, list[AnswerSnapshot]],
    finished: list[MeasureStatusSnapshot],
    lineage: _Lineage,
) -> dict[str, Decimal | None]:
    """Field scores of last year had every question the finished measures name reached its level.

    Only fields with at least one such question are returned.
    """
    raised: dict[str, list[int | None]] = defaultdict(list)  # last year's code → expected levels (None: Soll)
    for measure in finished:
        for target in measure.question_targets:
            code = lineage.code_in(int(target["question_id"]), last.year)
            if code is not None:
                raised[code].append(target.get("expected_level"))
    touched_fields: set[str] = set()
    scored = []
    for answer in answers[last.pk]:
        weight = lineage.weight[(last.year, answer.question_code)]  # published codes are the grid's
        current = answer.current_level
        if answer.question_code in raised and not answer.not_applicable and current is not None:
            touched_fields.add(answer.field_key)
            goals = [level if level is not None else answer.target_level for level in raised[answer.question_code]]
            current = max([current, *[goal for goal in goals if goal is not None]])
        scored.append(
            ScoredAnswer(
                field_key=answer.field_key,
                weight=weight,
                current_level=current,
                target_level=answer.target_level,
                not_applicable=answer.not_applicable,
            )
        )
    scores = scores_compute(scored)
    return {key: scores.fields[key].current for key in touched_fields if key in scores.fields}
