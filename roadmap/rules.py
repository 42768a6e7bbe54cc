"""What makes a roadmap entry (a town's measure or a joint project) valid: the status rules.

One module for both kinds, used by the services, the import and the API alike. The rules, in the
words the pages show (STATUS_RULES_TEXT):

* Progress is 0–100 %. An idea stands at 0 %; 100 % means done, and done means 100 %.
* Anything planned, in progress, done or paused has a start quarter (it is on the timeline);
  the end quarter is not before the start quarter.
* Paused and dropped entries say why (status note).
* A lighthouse (Leuchtturm) is in progress or done and says what others can learn from it.
* Done and dropped are final: a done entry can only be taken up again (in progress) and a dropped
  one only revived as an idea.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roadmap.models import Priority, ProjectStatus
from roadmap.quarters import Quarter, quarter_label, quarter_parse
from shared_vision.selectors import field_key_problem, goal_key_problem

STATUS_RULES_TEXT = gettext_lazy(
    "Statusregeln: Eine Idee steht bei 0 %; 100 % heißt abgeschlossen und abgeschlossen heißt 100 %. "
    "Was geplant, in Umsetzung, abgeschlossen oder pausiert ist, hat ein Beginn-Quartal; das Ende liegt "
    "nicht vor dem Beginn. Pausierte und verworfene Vorhaben nennen einen Grund. Ein Leuchtturm ist in "
    "Umsetzung oder abgeschlossen und sagt, was andere daraus lernen können. Abgeschlossenes kann nur "
    "wieder aufgenommen (in Umsetzung), Verworfenes nur als Idee wiederbelebt werden."
)

NEEDS_START = {ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS, ProjectStatus.DONE, ProjectStatus.PAUSED}
NEEDS_REASON = {ProjectStatus.PAUSED, ProjectStatus.DROPPED}
LIGHTHOUSE_STATUSES = {ProjectStatus.IN_PROGRESS, ProjectStatus.DONE}
# From a final status only these lead on (any other change is free).
FINAL_NEXT = {
    ProjectStatus.DONE: {ProjectStatus.DONE, ProjectStatus.IN_PROGRESS},
    ProjectStatus.DROPPED: {ProjectStatus.DROPPED, ProjectStatus.IDEA},
}
LIMITS = {
    "title": 200,
    "status_note": 500,
    "funding_source": 200,
    "responsible_unit": 200,
    "responsible_person": 200,
    "digital_pilot": 200,
    "lesson_learned": 2000,
    "description": 10000,
}
MAX_BUDGET = Decimal("9999999999.99")


@dataclass(frozen=True)
class QuestionTarget:
    code: str  # a question of the grid in force
    expected_level: int | None = None  # None: the town's target level (Soll) counts


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_quarter: str = ""
    is_done: bool = False


@dataclass(frozen=True)
class PlanInput:
    """What a measure or a joint project says about itself (quarters as ``2027-Q3`` or as typed)."""

    title: str
    field_key: str
    status: str = ProjectStatus.IDEA
    priority: str = Priority.MEDIUM
    description: str = ""
    other_field_keys: tuple[str, ...] = ()
    shared_goal_keys: tuple[str, ...] = ()
    question_targets: tuple[QuestionTarget, ...] = ()
    status_note: str = ""
    start_quarter: str = ""
    end_quarter: str = ""
    budget_estimate: Decimal | None = None
    funding_source: str = ""
    responsible_unit: str = ""
    responsible_person: str = ""
    digital_pilot: str = ""
    progress: int = 0
    is_lighthouse: bool = False
    lesson_learned: str = ""
    milestones: tuple[MilestoneInput, ...] = ()


def plan_input_of(
    data: Mapping[str, Any], *, question_targets: tuple[QuestionTarget, ...], milestones: tuple[MilestoneInput, ...]
) -> PlanInput:
    """A plan from a page form's or an API serializer's cleaned data, which use PlanInput's names.

    Question targets and milestones come separately: the form reads them from text lines, the API
    from lists.
    """
    given = {name: data[name] for name in (f.name for f in fields(PlanInput)) if name in data}
    given["other_field_keys"] = tuple(given.get("other_field_keys", ()))
    given["shared_goal_keys"] = tuple(given.get("shared_goal_keys", ()))
    return PlanInput(**{**given, "question_targets": question_targets, "milestones": milestones})


@dataclass(frozen=True)
class PlanContext:
    """What the district's strategy offers an entry to refer to (read once per request or import)."""

    field_keys: set[str]
    goal_keys: set[str]  # the goals of the vision in force, by their stable key (D60)
    # Questions of the grid in force by code: (question id, field key)
    questions: dict[str, tuple[int, str]] = field(default_factory=dict)


def _quarter_problem(text: str) -> str | None:
    if text and quarter_parse(text) is None:
        return _("„%(value)s“ ist kein Quartal. Bitte als Qn/JJJJ angeben, z. B. Q3/2027.") % {"value": text}
    return None


def plan_input_validate(
    data: PlanInput,
    *,
    context: PlanContext,
    previous_status: str | None = None,
    previous_goal_keys: Iterable[str] = (),
) -> dict[str, list[str]]:
    """Problems by field name (``milestones.<n>.<field>`` for milestones); empty when valid.

    A goal is one of the vision in force, or one the entry named before (``previous_goal_keys``): a
    goal a new version no longer has stays linked until someone removes the link (D60).
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title.strip():
        add("title", _("Bitte einen Titel angeben."))
    for name, limit in LIMITS.items():
        if len(getattr(data, name)) > limit:
            add(name, _("Höchstens %(limit)s Zeichen.") % {"limit": limit})
    problem = field_key_problem(data.field_key, context.field_keys)
    if problem:
        add("field_key", problem)
    for key in data.other_field_keys:
        problem = field_key_problem(key, context.field_keys)
        if problem:
            add("other_field_keys", problem)
    kept = set(previous_goal_keys)
    for goal_key in data.shared_goal_keys:
        problem = None if goal_key in kept else goal_key_problem(goal_key, context.goal_keys)
        if problem:
            add("shared_goal_keys", problem)
    for target in data.question_targets:
        if target.code not in context.questions:
            add(
                "question_targets",
                _("Die Frage „%(code)s“ gibt es im aktuellen Quick-Check-Raster nicht.") % {"code": target.code},
            )
        if target.expected_level is not None and not 0 <= target.expected_level <= 4:
            add("question_targets", _("Die erwartete Stufe ist 0, 1, 2, 3 oder 4."))
    if data.priority not in Priority.values:
        add("priority", _("Unbekannte Priorität „%(value)s“.") % {"value": data.priority})
    if data.status not in ProjectStatus.values:
        add("status", _("Unbekannter Status „%(value)s“.") % {"value": data.status})
        return errors
    status = ProjectStatus(data.status)
    if previous_status in FINAL_NEXT and status not in FINAL_NEXT[ProjectStatus(previous_status)]:
        add(
            "status",
            _("Aus „%(old)s“ geht es nur nach „%(new)s“.")
            % {
                "old": ProjectStatus(previous_status).label,
                "new": " / ".join(
                    str(s.label) for s in FINAL_NEXT[ProjectStatus(previous_status)] if s != previous_status
                ),
            },
        )
    if not 0 <= data.progress <= 100:
        add("progress", _("Der Fortschritt liegt zwischen 0 und 100 %."))
    elif status == ProjectStatus.IDEA and data.progress != 0:
        add("progress", _("Eine Idee steht bei 0 % Fortschritt."))
    elif status == ProjectStatus.DONE and data.progress != 100:
        add("progress", _("Abgeschlossen heißt 100 % Fortschritt."))
    elif status != ProjectStatus.DONE and data.progress == 100:
        add("progress", _("100 % Fortschritt heißt abgeschlossen: bitte den Status „abgeschlossen“ wählen."))
    for name in ("start_quarter", "end_quarter"):
        problem = _quarter_problem(getattr(data, name))
        if problem:
            add(name, problem)
    start, end = quarter_parse(data.start_quarter), quarter_parse(data.end_quarter)
    if status in NEEDS_START and not data.start_quarter:
        add(
            "start_quarter",
            _("Bitte das Quartal angeben, in dem es beginnt (Status „%(status)s“).") % {"status": status.label},
        )
    if start and end and end < start:
        add(
            "end_quarter",
            _("Das Ende (%(end)s) liegt vor dem Beginn (%(start)s).") % {"end": end.label, "start": start.label},
        )
    if status in NEEDS_REASON and not data.status_note.strip():
        add("status_note", _("Bitte begründen, warum das Vorhaben „%(status)s“ ist.") % {"status": status.label})
    if data.is_lighthouse:
        if status not in LIGHTHOUSE_STATUSES:
            add("is_lighthouse", _("Ein Leuchtturm ist in Umsetzung oder abgeschlossen."))
        if not data.lesson_learned.strip():
            add("lesson_learned", _("Ein Leuchtturm sagt kurz, was andere daraus lernen können."))
    if data.budget_estimate is not None and not Decimal(0) <= data.budget_estimate <= MAX_BUDGET:
        add("budget_estimate", _("Die Kostenschätzung ist ein Betrag ab 0 Euro."))
    for number, milestone in enumerate(data.milestones, start=1):
        if not milestone.title.strip():
            add(f"milestones.{number}.title", _("Bitte den Meilenstein benennen."))
        elif len(milestone.title) > 200:
            add(f"milestones.{number}.title", _("Höchstens %(limit)s Zeichen.") % {"limit": 200})
        problem = _quarter_problem(milestone.due_quarter)
        if problem:
            add(f"milestones.{number}.due_quarter", problem)
    return errors


# Fields stored from PlanInput as they are (text stripped); the rest is converted in plan_values.
PLAIN_FIELDS = (
    "title",
    "description",
    "field_key",
    "priority",
    "status",
    "status_note",
    "budget_estimate",
    "funding_source",
    "responsible_unit",
    "responsible_person",
    "digital_pilot",
    "progress",
    "is_lighthouse",
    "lesson_learned",
)


def plan_values(plan: PlanInput, *, context: PlanContext) -> dict[str, object]:
    """A valid plan as the model fields of a measure or a joint project hold it."""
    values: dict[str, object] = {}
    for name in PLAIN_FIELDS:
        value = getattr(plan, name)
        values[name] = value.strip() if isinstance(value, str) else value
    values["other_field_keys"] = [key for key in dict.fromkeys(plan.other_field_keys) if key != plan.field_key]
    values["shared_goal_keys"] = sorted(set(plan.shared_goal_keys))
    values["question_targets"] = question_targets_stored(plan.question_targets, context=context)
    values["start_quarter"] = quarter_code(plan.start_quarter)
    values["end_quarter"] = quarter_code(plan.end_quarter)
    return values


def quarter_code(text: str) -> str:
    """The stored form of a valid quarter text ("" stays "")."""
    quarter = quarter_parse(text) if text else None
    return quarter.code if quarter else ""


def question_targets_stored(targets: Iterable[QuestionTarget], *, context: PlanContext) -> list[dict[str, object]]:
    """Targets as stored: the question's id (stable across the yearly review's links) and its code."""
    return [
        {"question_id": context.questions[t.code][0], "code": t.code, "expected_level": t.expected_level}
        for t in targets
    ]


def is_delayed(*, status: str, end_quarter: str, on: datetime.date) -> bool:
    """Still open after the quarter it should have ended in."""
    end = Quarter.from_code(end_quarter)
    return end is not None and status not in (ProjectStatus.DONE, ProjectStatus.DROPPED) and Quarter.of(on) > end


# --- the short text forms shared by the measure form and the measure file ----------------------

LIST_SPLIT = re.compile(r"[,;\r\n]+")
_TARGET = re.compile(r"^(?P<code>[^\s>]+)\s*(?:>\s*(?P<level>\d+))?$")
DONE_MARK = "✓"
_MILESTONE_SPLIT = re.compile(r"\r?\n|\r|\s+\|\s+")
_DONE_PREFIX = re.compile(r"^(?:✓|✔|\[[xX]\])\s*")
# A trailing bracket is the due quarter only if it holds a year (or nothing): "Schulung (Teil 2)" is a title.
_DUE_SUFFIX = re.compile(r"\s*\((?P<due>[^()]*\d{4}[^()]*|\s*)\)$")


def question_targets_parse(
    text: str, *, known_codes: Iterable[str] = ()
) -> tuple[tuple[QuestionTarget, ...], list[str]]:
    """``VW-1>3, IP-2``: question numbers (any case), each optionally with the expected level after ``>``.

    The level's range is a rule (plan_input_validate); here only what cannot be read is a problem.
    """
    codes = {code.casefold(): code for code in known_codes}
    targets: list[QuestionTarget] = []
    problems: list[str] = []
    for item in (part.strip() for part in LIST_SPLIT.split(text)):
        if not item:
            continue
        match = _TARGET.match(item)
        if match is None:
            problems.append(
                _("„%(value)s“ ist keine Frage. Bitte als Nummer oder Nummer>Stufe angeben, z. B. VW-1 oder VW-1>3.")
                % {"value": item}
            )
            continue
        code = codes.get(match["code"].casefold(), match["code"])
        targets.append(QuestionTarget(code=code, expected_level=int(match["level"]) if match["level"] else None))
    return tuple(targets), problems


def question_targets_text(targets: Iterable[Mapping[str, Any]]) -> str:
    return ", ".join(
        f"{t['code']}>{t['expected_level']}" if t.get("expected_level") is not None else str(t["code"]) for t in targets
    )


def milestones_parse(text: str) -> tuple[MilestoneInput, ...]:
    """One milestone per line (or separated by `` | ``): ``Titel (Q3/2027)``; a leading ✓ marks it reached."""
    milestones = []
    for part in _MILESTONE_SPLIT.split(text):
        item = part.strip()
        if not item:
            continue
        done = _DONE_PREFIX.match(item)
        if done:
            item = item[done.end() :]
        due = _DUE_SUFFIX.search(item)
        if due:
            item = item[: due.start()]
        milestones.append(
            MilestoneInput(title=item.strip(), due_quarter=due["due"].strip() if due else "", is_done=bool(done))
        )
    return tuple(milestones)


def milestone_text(title: str, due_quarter: str, is_done: bool) -> str:
    text = f"{DONE_MARK} {title}" if is_done else title
    if due_quarter:
        return f"{text} ({quarter_label(due_quarter)})"
    return f"{text} ()" if _DUE_SUFFIX.search(title) else text  # "()": the parentheses belong to the title


def milestones_text(milestones: Iterable[tuple[str, str, bool]]) -> str:
    """(title, quarter code, done), one per line, as form and file show them."""
    return "\n".join(milestone_text(title, due, done) for title, due, done in milestones)
