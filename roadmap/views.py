"""Roadmap pages: a town's measures, the district's roadmap, joint projects, lighthouses, review."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from kreisagenda.files import ImportForm, file_response, import_problems_page
from kreisagenda.lookups import district_for, signed_in_user, town_enter, town_entered_for, town_for
from kreisagenda.permissions import Action, can, can_edit_joint_project
from kreisagenda.tabular import TableImportError, table_format_named

from roadmap import charts, progress, review
from roadmap.measures.measure_io import measures_export, measures_import
from roadmap.measures.models import Measure
from roadmap.measures.selectors import TownRoadmap, measure_get, measure_history, town_roadmap
from roadmap.measures.services import MeasureInput, measure_create, measure_delete, measure_update
from roadmap.models import Commitment, JointProject, Priority, ProjectStatus
from roadmap.quarters import quarter_label
from roadmap.rules import (
    STATUS_RULES_TEXT,
    PlanContext,
    PlanInput,
    milestones_parse,
    milestones_text,
    plan_input_of,
    question_targets_parse,
    question_targets_text,
)
from roadmap.selectors import (
    DistrictRoadmap,
    RoadmapFilter,
    district_roadmap,
    goal_links,
    goals_current,
    joint_project_get,
    joint_project_links_of_town,
    joint_project_list,
    joint_projects_of_town,
    lighthouses,
    plan_context,
    published_measure_rows,
)
from roadmap.services import joint_project_create, joint_project_participants_set, joint_project_update
from shared_vision.selectors import fields_of_action_current
from shared_vision.town_focus.models import LocalGoal
from tenants.models import District, Town

MILESTONE_HELP = gettext_lazy("Ein Meilenstein je Zeile: „Titel (Q3/2027)“. Ein ✓ am Zeilenanfang: erreicht.")
QUESTION_HELP = gettext_lazy(
    "Nummern der Quick-Check-Fragen, die das Vorhaben verbessern soll, durch Kommas getrennt; die erwartete "
    "Stufe nach „>“, z. B. „VW-1>3, VW-4“ (ohne Stufe zählt das Soll der Kommune)."
)
QUARTER_HELP = gettext_lazy("z. B. Q3/2027")
REMOVED_GOALS_LABEL = gettext_lazy("Nicht mehr im Leitbild")
REMOVED_GOAL_MARK = gettext_lazy("nicht mehr im Leitbild")


class PlanForm(forms.Form):
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
    questions = forms.CharField(label=gettext_lazy("Quick-Check-Fragen"), required=False, help_text=QUESTION_HELP)
    priority = forms.ChoiceField(label=gettext_lazy("Priorität"), choices=Priority.choices, initial=Priority.MEDIUM)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ProjectStatus.choices)
    status_note = forms.CharField(
        label=gettext_lazy("Begründung zum Status"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("nötig bei „pausiert“ und „verworfen“"),
    )
    start_quarter = forms.CharField(
        label=gettext_lazy("Beginn (Quartal)"), max_length=20, required=False, help_text=QUARTER_HELP
    )
    end_quarter = forms.CharField(
        label=gettext_lazy("Ende (Quartal)"), max_length=20, required=False, help_text=QUARTER_HELP
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

    def __init__(self, *args: Any, district: District, kept_goal_keys: Sequence[str] = (), **kwargs: Any) -> None:
        """``kept_goal_keys``: the goals the entry names now; those the vision in force no longer has
        are offered ticked, marked "nicht mehr im Leitbild", so saving keeps them (D60)."""
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

    def plan_input(self, context: PlanContext) -> PlanInput:
        data = self.cleaned_data
        targets, problems = question_targets_parse(data["questions"], known_codes=context.questions)
        if problems:
            raise ValidationError({"questions": problems})
        return plan_input_of(data, question_targets=targets, milestones=milestones_parse(data["milestones"]))


class MeasureForm(PlanForm):
    local_goal_ids = forms.TypedMultipleChoiceField(
        label=gettext_lazy("lokale Ziele"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    joint_project_id = forms.TypedChoiceField(
        label=gettext_lazy("Teil des gemeinsamen Projekts"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, district=town.district, **kwargs)  # the town's schema active
        self.fields["local_goal_ids"].choices = [(g.pk, g.text) for g in LocalGoal.objects.order_by("field_key", "pk")]  # type: ignore[attr-defined]
        self.fields["joint_project_id"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (p.pk, p.title) for p in joint_projects_of_town(town=town)
        ]

    def measure_input(self, context: PlanContext) -> MeasureInput:
        return MeasureInput(
            plan=self.plan_input(context),
            local_goal_ids=tuple(self.cleaned_data["local_goal_ids"]),
            joint_project_id=self.cleaned_data["joint_project_id"],
        )


def plan_initial(entry: Measure | JointProject) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(entry, name)
        for name in PlanForm.base_fields
        if name not in ("questions", "milestones", "start_quarter", "end_quarter")
    }
    initial["questions"] = question_targets_text(entry.question_targets)
    initial["milestones"] = milestones_text((m.title, m.due_quarter, m.is_done) for m in entry.milestones.all())
    for name in ("start_quarter", "end_quarter"):
        initial[name] = quarter_label(getattr(entry, name))
    return initial


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        target = name.split(".")[0]
        target = {"question_targets": "questions"}.get(target, target)
        for message in errors:
            form.add_error(target if target in form.fields else None, message)


def _field_names(district: District) -> dict[str, str]:
    return {f.key: f.name for f in fields_of_action_current(district=district)}


def _roadmap_context(
    roadmap: TownRoadmap | DistrictRoadmap,
    roadmap_filter: RoadmapFilter,
    field_names: dict[str, str],
    *,
    show_town: bool,
) -> dict[str, object]:
    """What a town's and the district's roadmap pages show alike: rows, filter, timeline, progress."""
    return {
        "roadmap": roadmap,
        "filter": roadmap_filter,
        "field_names": field_names,
        "statuses": ProjectStatus.choices,
        "rollup_rows": [(field_names.get(k, k), f) for k, f in roadmap.rollup.fields.items()],
        "timeline": charts.timeline_figure(roadmap.rows, show_town=show_town),
        "progress_chart": charts.progress_figure(roadmap.rollup, field_names),
        "method_text": progress.METHOD_TEXT,
    }


# --- a town's roadmap -------------------------------------------------------------------------


@login_required
@require_safe
def town_roadmap_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN)
    field_names = _field_names(town.district)
    town_enter(town)
    roadmap_filter = RoadmapFilter.from_query(request.GET)
    roadmap = town_roadmap(town=town, roadmap_filter=roadmap_filter)
    context = {
        **_roadmap_context(roadmap, roadmap_filter, field_names, show_town=False),
        "town": town,
        "can_edit": can(request.user, Action.EDIT_TOWN_DATA, town),
        "rules_text": STATUS_RULES_TEXT,
    }
    return render(request, "roadmap/town_roadmap.html", context)


def _facts(form: forms.Form) -> list[tuple[str, str]]:
    """A form's values as a reader sees them: choices by their labels, yes/no, "–" for nothing."""
    facts = []
    for bound in form:
        value = bound.value()
        choices: dict[str, object] = {}
        for key, label in getattr(bound.field, "choices", None) or []:
            if isinstance(label, list | tuple):  # a group (goals by field of action)
                choices.update((str(item), item_label) for item, item_label in label)
            else:
                choices[str(key)] = label
        if isinstance(bound.field, forms.BooleanField):
            shown = _("ja") if value else _("nein")
        elif isinstance(value, list | tuple):
            shown = ", ".join(str(choices.get(str(item), item)) for item in value)
        elif value in (None, ""):
            shown = ""
        else:
            shown = str(choices.get(str(value), value))
        facts.append((str(bound.label), shown or "–"))
    return facts


@login_required
@require_http_methods(["GET", "POST"])
def measure_page(
    request: HttpRequest, district_slug: str, town_slug: str, measure_id: int | None = None
) -> HttpResponse:
    # The town's people and the coordination read a measure; only the digital officer changes it.
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN)
    can_edit = can(request.user, Action.EDIT_TOWN_DATA, town)
    if not can_edit and (request.method == "POST" or measure_id is None):
        raise PermissionDenied
    context = plan_context(district=town.district)
    town_enter(town)
    measure = None
    initial: dict[str, Any] = {}
    if measure_id is not None:
        measure = measure_get(measure_id=measure_id)
        if measure is None:
            raise Http404
        initial = plan_initial(measure)
        initial["local_goal_ids"] = [g.pk for g in measure.local_goals.all()]
        linked = joint_project_links_of_town(town=town).get(measure.pk)
        initial["joint_project_id"] = linked.pk if linked else None
    if request.method == "POST" and "delete" in request.POST and measure is not None:
        measure_delete(town=town, measure=measure, actor=signed_in_user(request))
        messages.success(request, _("Maßnahme gelöscht."))
        return redirect("town-roadmap", district_slug=town.district.slug, town_slug=town.slug)
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        town=town,
        kept_goal_keys=measure.shared_goal_keys if measure else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.measure_input(context)
            if measure is None:
                measure_create(town=town, data=data, context=context, actor=signed_in_user(request))
            else:
                measure_update(town=town, measure=measure, data=data, context=context, actor=signed_in_user(request))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Maßnahme gespeichert. Der Kreis sieht die Änderung nach der Veröffentlichung.")
            )
            return redirect("town-roadmap", district_slug=town.district.slug, town_slug=town.slug)
    return render(
        request,
        "roadmap/measure_page.html",
        {
            "town": town,
            "measure": measure,
            "form": form,
            "can_edit": can_edit,
            "facts": [] if can_edit else _facts(form),
            "rules_text": STATUS_RULES_TEXT,
            "history": list(measure_history(measure_id=measure.pk, limit=50)) if measure else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def measures_import_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_entered_for(request.user, district_slug, town_slug, Action.EDIT_TOWN_DATA)
    back = redirect("town-roadmap", district_slug=town.district.slug, town_slug=town.slug)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte eine Datei auswählen."))
        return back
    upload = form.cleaned_data["file"]
    try:
        counts = measures_import(town=town, data=upload.read(), filename=upload.name, actor=signed_in_user(request))
    except TableImportError as error:
        return import_problems_page(
            request, problems=error.problems, back_url=back.url, context={"district": town.district}
        )
    messages.success(
        request,
        _("%(file)s eingelesen: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert.")
        % {"file": upload.name, **counts},
    )
    return back


@login_required
@require_safe
def measures_export_page(request: HttpRequest, district_slug: str, town_slug: str, file_format: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN)
    table_format = table_format_named(file_format)
    if table_format is None:
        raise Http404
    town_enter(town)
    return file_response(*measures_export(town=town, table_format=table_format), table_format)


# --- the district ---------------------------------------------------------------------------


@login_required
@require_safe
def district_roadmap_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    field_names = _field_names(district)
    roadmap_filter = RoadmapFilter.from_query(request.GET)
    roadmap = district_roadmap(district=district, roadmap_filter=roadmap_filter)
    context = {**_roadmap_context(roadmap, roadmap_filter, field_names, show_town=True), "district": district}
    return render(request, "roadmap/district_roadmap.html", context)


@login_required
@require_safe
def lighthouses_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_DISTRICT)
    return render(
        request,
        "roadmap/lighthouses.html",
        {"district": district, "rows": lighthouses(district=district), "field_names": _field_names(district)},
    )


class ParticipantsForm(forms.Form):
    lead_town = forms.TypedChoiceField(label=gettext_lazy("Federführung"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, district: District, project: JointProject | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.towns = list(Town.objects.filter(district=district).order_by("name"))
        self.fields["lead_town"].choices = [("", "–")] + [(t.pk, t.name) for t in self.towns]  # type: ignore[attr-defined]
        current = {p.town_id: p.commitment for p in project.participants.all()} if project else {}
        for town in self.towns:
            self.fields[f"town_{town.pk}"] = forms.ChoiceField(
                label=town.name,
                required=False,
                choices=[("", _("nicht beteiligt")), *Commitment.choices],
                initial=current.get(town.pk, ""),
            )

    def participants(self) -> dict[Town, str]:
        return {t: self.cleaned_data[f"town_{t.pk}"] for t in self.towns if self.cleaned_data.get(f"town_{t.pk}")}

    def lead(self) -> Town | None:
        return next((t for t in self.towns if t.pk == self.cleaned_data.get("lead_town")), None)


@login_required
@require_http_methods(["GET", "POST"])
def joint_projects_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_DISTRICT)
    can_manage = can(request.user, Action.MANAGE_STRATEGY, district)
    form = PlanForm(request.POST or None, district=district)
    participants = ParticipantsForm(request.POST or None, district=district)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid() and participants.is_valid():
            context = plan_context(district=district)
            try:
                project = joint_project_create(
                    district=district,
                    plan=form.plan_input(context),
                    context=context,
                    lead_town=participants.lead(),
                    participants=participants.participants(),
                    actor=signed_in_user(request),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Gemeinsames Projekt angelegt."))
                return redirect("joint-project-page", district_slug=district.slug, joint_project_id=project.pk)
    return render(
        request,
        "roadmap/joint_projects.html",
        {
            "district": district,
            "projects": list(joint_project_list(district=district)),
            "field_names": _field_names(district),
            "form": form,
            "participants_form": participants,
            "can_manage": can_manage,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_project_page(request: HttpRequest, district_slug: str, joint_project_id: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_DISTRICT)
    project = joint_project_get(district=district, joint_project_id=joint_project_id)
    if project is None:
        raise Http404
    can_edit = can_edit_joint_project(request.user, project)
    can_manage = can(request.user, Action.MANAGE_STRATEGY, district)
    posted = request.POST if request.method == "POST" else None
    form = PlanForm(
        posted if "plan" in request.POST else None,
        initial=plan_initial(project),
        district=district,
        kept_goal_keys=project.shared_goal_keys,
    )
    participants = ParticipantsForm(
        posted if "participants" in request.POST else None,
        initial={"lead_town": project.lead_town_id},
        district=district,
        project=project,
    )
    if request.method == "POST":
        if "plan" in request.POST and can_edit and form.is_valid():
            context = plan_context(district=district)
            try:
                joint_project_update(
                    joint_project=project,
                    plan=form.plan_input(context),
                    context=context,
                    actor=signed_in_user(request),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Projekt gespeichert."))
                return redirect("joint-project-page", district_slug=district.slug, joint_project_id=project.pk)
        elif "participants" in request.POST and can_manage and participants.is_valid():
            joint_project_participants_set(
                joint_project=project,
                participants=participants.participants(),
                lead_town=participants.lead(),
                actor=signed_in_user(request),
            )
            messages.success(request, _("Beteiligte gespeichert."))
            return redirect("joint-project-page", district_slug=district.slug, joint_project_id=project.pk)
        elif not (can_edit or can_manage):
            raise PermissionDenied
    linked = published_measure_rows(district=district, joint_project_id=project.pk)
    return render(
        request,
        "roadmap/joint_project.html",
        {
            "district": district,
            "project": project,
            "linked": linked,
            "field_names": _field_names(district),
            "form": form,
            "participants_form": participants,
            "can_edit": can_edit,
            "facts": [] if can_edit else _facts(form),
            "can_manage": can_manage,
            "rules_text": STATUS_RULES_TEXT,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the yearly review ----------------------------------------------------------------------


@login_required
@require_safe
def district_review_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    return render(
        request,
        "roadmap/review.html",
        {
            "district": district,
            "year": year,
            "reviews": review.reviews_get(district=district, year=year),
            "method_text": review.METHOD_TEXT,
        },
    )


@login_required
@require_safe
def town_review_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN)
    return render(
        request,
        "roadmap/review.html",
        {
            "district": town.district,
            "town": town,
            "year": year,
            "reviews": review.reviews_get(district=town.district, year=year, town_ids=[town.pk]),
            "method_text": review.METHOD_TEXT,
        },
    )
