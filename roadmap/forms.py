"""The forms of a measure and a joint project, and how their page lays them out (D62).

Checkbox groups are fieldsets with a legend, in columns; Quick-Check questions are chosen from a list
grouped by field of action, each with its expected level; quarters are chosen, not typed. The page
works without JavaScript; ``measure-form.js`` adds a filter over the questions and moves the focus
to the error summary.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput
from roadmap.models import JointProject, Priority, ProjectStatus
from roadmap.quarters import Quarter
from roadmap.rules import PlanInput, QuestionTarget, milestones_parse, milestones_text, plan_input_of
from roadmap.selectors import goal_links, goals_current, joint_projects_of_town, plan_questions
from shared_vision.selectors import fields_of_action_current
from shared_vision.town_focus.models import LocalGoal
from tenants.models import District, Town

MILESTONE_HELP = gettext_lazy("Ein Meilenstein je Zeile: „Titel (Q3/2027)“. Ein ✓ am Zeilenanfang: erreicht.")
QUESTION_HELP = gettext_lazy(
    "Die Fragen, die das Vorhaben verbessern soll, mit der Stufe, die es erreichen soll (ohne Stufe zählt das "
    "Soll der Kommune)."
)
REMOVED_GOALS_LABEL = gettext_lazy("Nicht mehr im Leitbild")
REMOVED_GOAL_MARK = gettext_lazy("nicht mehr im Leitbild")
UNKNOWN_QUESTIONS_LABEL = gettext_lazy("Nicht im aktuellen Quick-Check-Raster")
LEVELS = ("0", "1", "2", "3", "4")
QUARTER_YEARS_BEFORE, QUARTER_YEARS_AFTER = 3, 10  # the years a quarter can be chosen from, around today


def quarter_choices(*, today: datetime.date, keep: Sequence[str] = ()) -> list[tuple[str, Any]]:
    """Quarters to choose from, grouped by year: from three years back to ten ahead, and those in ``keep``."""
    quarters = {
        Quarter(year, number)
        for year in range(today.year - QUARTER_YEARS_BEFORE, today.year + QUARTER_YEARS_AFTER + 1)
        for number in (1, 2, 3, 4)
    }
    quarters.update(quarter for quarter in (Quarter.from_code(code) for code in keep) if quarter)
    years: dict[int, list[tuple[str, str]]] = {}
    for quarter in sorted(quarters):
        years.setdefault(quarter.year, []).append((quarter.code, quarter.label))
    return [("", _("– kein Quartal –")), *((str(year), options) for year, options in years.items())]


@dataclass(frozen=True)
class QuestionRow:
    code: str
    text: str
    checked: bool
    level: str  # "" (the town's target counts) or "0"–"4"
    box_id: str
    level_id: str


@dataclass(frozen=True)
class QuestionGroup:
    label: str
    rows: list[QuestionRow]

    @property
    def checked_count(self) -> int:
        return sum(row.checked for row in self.rows)


@dataclass(frozen=True)
class ChoiceGroup:
    label: str  # "" for a group without a legend of its own
    boxes: list[Any]  # BoundWidgets


@dataclass(frozen=True)
class FormRow:
    """One field as the page shows it: kind is "text", "check", "choices" or "questions"."""

    kind: str
    bound: forms.BoundField
    groups: list[Any] = field(default_factory=list)

    @property
    def first_id(self) -> str:
        """The id the error summary links to: the field, or the first box of a group."""
        if self.kind == "choices" and self.groups and self.groups[0].boxes:
            return str(self.groups[0].boxes[0].id_for_label)
        if self.kind == "questions":
            checked = [row.box_id for group in self.groups for row in group.rows if row.checked]
            return checked[0] if checked else str(self.bound.auto_id)
        return str(self.bound.id_for_label or self.bound.auto_id)


def _flat(choices: Sequence[tuple[Any, Any]]) -> list[str]:
    """The group label of every choice, in the order the widget renders them ("" outside a group)."""
    labels: list[str] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            labels.extend(str(key) for _choice in label)
        else:
            labels.append("")
    return labels


class PlanForm(forms.Form):
    levels = LEVELS  # the expected levels a question can be given
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    field_key = forms.ChoiceField(label=gettext_lazy("Handlungsfeld"))
    other_field_keys = forms.MultipleChoiceField(
        label=gettext_lazy("weitere Handlungsfelder"), required=False, widget=forms.CheckboxSelectMultiple
    )
    shared_goal_keys = forms.MultipleChoiceField(
        label=gettext_lazy("Ziele des Leitbilds"), required=False, widget=forms.CheckboxSelectMultiple
    )
    questions = forms.MultipleChoiceField(
        label=gettext_lazy("Quick-Check-Fragen"),
        required=False,
        help_text=QUESTION_HELP,
        widget=forms.CheckboxSelectMultiple,
    )
    priority = forms.ChoiceField(label=gettext_lazy("Priorität"), choices=Priority.choices, initial=Priority.MEDIUM)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ProjectStatus.choices)
    status_note = forms.CharField(
        label=gettext_lazy("Begründung zum Status"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("nötig bei „pausiert“ und „verworfen“"),
    )
    start_quarter = forms.ChoiceField(
        label=gettext_lazy("Beginn (Quartal)"),
        required=False,
        help_text=gettext_lazy("nötig bei „geplant“, „in Umsetzung“, „abgeschlossen“ und „pausiert“"),
    )
    end_quarter = forms.ChoiceField(
        label=gettext_lazy("Ende (Quartal)"),
        required=False,
        help_text=gettext_lazy("nicht vor dem Beginn"),
    )
    progress = forms.IntegerField(label=gettext_lazy("Fortschritt (%)"), min_value=0, max_value=100, initial=0)
    budget_estimate = forms.DecimalField(
        label=gettext_lazy("Kostenschätzung (EUR)"), required=False, min_value=Decimal(0), decimal_places=2
    )
    funding_source = forms.CharField(label=gettext_lazy("Finanzierung / Förderung"), max_length=200, required=False)
    responsible_unit = forms.CharField(label=gettext_lazy("Zuständige Stelle"), max_length=200, required=False)
    responsible_person = forms.CharField(label=gettext_lazy("Ansprechperson"), max_length=200, required=False)
    digital_pilot = forms.CharField(label=gettext_lazy("Digitallotse"), max_length=200, required=False)
    milestones = forms.CharField(
        label=gettext_lazy("Meilensteine"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=MILESTONE_HELP,
    )
    is_lighthouse = forms.BooleanField(
        label=gettext_lazy("Leuchtturm: als gutes Beispiel allen Kommunen des Kreises zeigen"), required=False
    )
    lesson_learned = forms.CharField(
        label=gettext_lazy("Erfahrung für andere (Lesson learned)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        district: District,
        kept_goal_keys: Sequence[str] = (),
        question_levels: dict[str, int | None] | None = None,
        **kwargs: Any,
    ) -> None:
        """``kept_goal_keys``: the goals the entry names now; those the vision in force no longer has
        are offered ticked, marked "nicht mehr im Leitbild", so saving keeps them (D60).
        ``question_levels``: the questions the entry names now with their expected levels."""
        super().__init__(*args, **kwargs)
        fields = [(f.key, f.name) for f in fields_of_action_current(district=district)]
        self.fields["field_key"].choices = fields  # type: ignore[attr-defined]
        self.fields["other_field_keys"].choices = fields  # type: ignore[attr-defined]
        goals: dict[str, list[tuple[str, str]]] = {}
        for goal in goals_current(district=district):
            goals.setdefault(goal.field.name, []).append((goal.key, goal.text))
        current = {key for group in goals.values() for key, _text in group}
        removed = [key for key in kept_goal_keys if key not in current]
        if removed:
            named = goal_links(district=district, keys=removed, current_keys=current)
            goals[str(REMOVED_GOALS_LABEL)] = [
                (key, f"{named[key].text or key} ({REMOVED_GOAL_MARK})") for key in removed
            ]
        self.fields["shared_goal_keys"].choices = list(goals.items())  # type: ignore[attr-defined]
        self.question_levels = question_levels or {}
        questions = plan_questions(district=district)
        self.question_texts = {code: text for _name, group in questions for code, text in group}
        # A question the grid in force no longer has stays visible (ticked), so saving says so.
        unknown = [(code, code) for code in self.question_levels if code not in self.question_texts]
        if unknown:
            questions.append((str(UNKNOWN_QUESTIONS_LABEL), unknown))
        self.fields["questions"].choices = [  # type: ignore[attr-defined]
            (name, [(code, f"{code} – {text}" if text != code else code) for code, text in group])
            for name, group in questions
        ]
        stored = [self.initial.get(name, "") for name in ("start_quarter", "end_quarter")]
        for name in ("start_quarter", "end_quarter"):
            self.fields[name].choices = quarter_choices(today=timezone.localdate(), keep=stored)  # type: ignore[attr-defined]

    def question_level(self, code: str) -> str:
        """The expected level shown for a question: as sent, or as stored."""
        if self.is_bound:
            return str(self.data.get(f"level-{code}", "")).strip()
        level = self.question_levels.get(code)
        return "" if level is None else str(level)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code in cleaned.get("questions", []):
            if self.question_level(code) not in ("", *LEVELS):
                self.add_error("questions", _("Die erwartete Stufe ist 0, 1, 2, 3 oder 4."))
                break
        return cleaned

    def question_targets(self) -> tuple[QuestionTarget, ...]:
        return tuple(
            QuestionTarget(code=code, expected_level=int(level) if (level := self.question_level(code)) else None)
            for code in self.cleaned_data["questions"]
        )

    def plan_input(self) -> PlanInput:
        data = self.cleaned_data
        return plan_input_of(
            data, question_targets=self.question_targets(), milestones=milestones_parse(data["milestones"])
        )

    # --- how the page lays the form out ---------------------------------------------------------

    def question_groups(self) -> list[QuestionGroup]:
        bound = self["questions"]
        value = {str(code) for code in bound.value() or []}
        groups = []
        for name, group in self.fields["questions"].choices:  # type: ignore[attr-defined]
            rows = [
                QuestionRow(
                    code=str(code),
                    text=str(label),
                    checked=str(code) in value,
                    level=self.question_level(str(code)),
                    box_id=f"{bound.auto_id}-{code}",
                    level_id=f"{bound.auto_id}-{code}-level",
                )
                for code, label in group
            ]
            groups.append(QuestionGroup(label=str(name), rows=rows))
        return groups

    def layout(self) -> list[FormRow]:
        rows = []
        for bound in self:
            widget = bound.field.widget
            if bound.name == "questions":
                rows.append(FormRow("questions", bound, list(self.question_groups())))
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                labels = _flat(bound.field.choices)  # type: ignore[attr-defined]
                groups: list[ChoiceGroup] = []
                for label, box in zip(labels, bound.subwidgets, strict=True):
                    if not groups or groups[-1].label != label:
                        groups.append(ChoiceGroup(label=label, boxes=[]))
                    groups[-1].boxes.append(box)
                rows.append(FormRow("choices", bound, groups))
            elif isinstance(widget, forms.CheckboxInput):
                rows.append(FormRow("check", bound))
            else:
                rows.append(FormRow("text", bound))
        return rows

    def error_links(self) -> list[tuple[str, str, str]]:
        """(id to link to, label, message) for each problem, in the order of the form."""
        return [
            (row.first_id, str(row.bound.label), str(message)) for row in self.layout() for message in row.bound.errors
        ]


class MeasureForm(PlanForm):
    local_goal_ids = forms.TypedMultipleChoiceField(
        label=gettext_lazy("lokale Ziele"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    joint_project_id = forms.TypedChoiceField(
        label=gettext_lazy("Teil des gemeinsamen Projekts"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, district=town.district, **kwargs)  # the town's schema active
        field_names = {f.key: f.name for f in fields_of_action_current(district=town.district)}
        local_goals: dict[str, list[tuple[int, str]]] = {}
        for goal in LocalGoal.objects.order_by("field_key", "pk"):
            local_goals.setdefault(field_names.get(goal.field_key, goal.field_key), []).append((goal.pk, goal.text))
        self.fields["local_goal_ids"].choices = list(local_goals.items())  # type: ignore[attr-defined]
        self.fields["joint_project_id"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (p.pk, p.title) for p in joint_projects_of_town(town=town)
        ]

    def measure_input(self) -> MeasureInput:
        return MeasureInput(
            plan=self.plan_input(),
            local_goal_ids=tuple(self.cleaned_data["local_goal_ids"]),
            joint_project_id=self.cleaned_data["joint_project_id"],
        )


def plan_initial(entry: Measure | JointProject) -> dict[str, Any]:
    """A measure's or a joint project's values as the form starts with them."""
    initial: dict[str, Any] = {
        name: getattr(entry, name)
        for name in PlanForm.base_fields
        if name not in ("questions", "milestones", "start_quarter", "end_quarter")
    }
    initial["questions"] = [str(t["code"]) for t in entry.question_targets]
    initial["milestones"] = milestones_text((m.title, m.due_quarter, m.is_done) for m in entry.milestones.all())
    for name in ("start_quarter", "end_quarter"):
        initial[name] = getattr(entry, name)
    return initial


def plan_question_levels(entry: Measure | JointProject) -> dict[str, int | None]:
    return {str(t["code"]): t.get("expected_level") for t in entry.question_targets}
