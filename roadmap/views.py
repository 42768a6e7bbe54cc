"""Roadmap pages: a town's measures, the district's roadmap, joint projects, lighthouses, review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from kreisagenda.files import file_response, import_page_answer
from kreisagenda.forms import form_errors_add
from kreisagenda.lookups import district_for, signed_in_user, town_enter, town_entered_for, town_for
from kreisagenda.permissions import Action, can, can_edit_joint_project
from kreisagenda.tabular import table_format_named

from evidence.downloads import evidence_file_response
from evidence.lookups import evidence_file_for
from evidence.models import EvidenceFile, OwnerKind
from evidence.pages import EvidenceBlock, evidence_block, evidence_delete_response, evidence_upload_response
from evidence.selectors import evidence_files_of
from publishing.hooks import similar_published_for
from publishing.items import SimilarPublished
from roadmap import charts, progress, review
from roadmap.forms import MeasureForm, PlanForm, plan_initial, plan_question_levels
from roadmap.hooks import joint_project_page_sections, measure_page_sections
from roadmap.measures.lookups import measure_files_enter
from roadmap.measures.measure_io import measures_export, measures_import
from roadmap.measures.models import Measure
from roadmap.measures.selectors import TownRoadmap, measure_get, measure_history, town_roadmap
from roadmap.measures.services import measure_create, measure_delete, measure_update
from roadmap.models import Commitment, JointProject, ProjectStatus
from roadmap.rules import STATUS_RULES_TEXT
from roadmap.selectors import (
    DistrictRoadmap,
    RoadmapFilter,
    district_roadmap,
    joint_project_get,
    joint_project_links_of_town,
    joint_project_list,
    lighthouses,
    plan_context,
    published_measure_rows,
)
from roadmap.services import joint_project_create, joint_project_participants_set, joint_project_update
from shared_vision.selectors import fields_of_action_current
from tenants.models import District, Town

# The service names the questions "question_targets"; the form's field is "questions".
PLAN_FIELD_OF = {"question_targets": "questions"}


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
        "timeline": charts.timeline_figure(roadmap.rows, show_town=show_town, today=roadmap.today),
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


def _question_fact(form: PlanForm, code: str, label: object) -> str:
    level = form.question_level(code)
    expected = _("Stufe %(level)s") % {"level": level} if level else _("Soll der Kommune")
    return f"{label} ({expected})"


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
        elif bound.name == "questions" and isinstance(form, PlanForm):
            shown = "\n".join(_question_fact(form, str(code), choices.get(str(code), code)) for code in value or [])
        elif isinstance(value, list | tuple):
            shown = ", ".join(str(choices.get(str(item), item)) for item in value)
        elif value in (None, ""):
            shown = ""
        else:
            shown = str(choices.get(str(value), value))
        facts.append((str(bound.label), shown or "–"))
    return facts


def _typed(data: QueryDict, form_class: type[forms.Form]) -> dict[str, Any]:
    """A posted form's values as initial data: lists for fields with several values."""
    multiple = {name for name, field in form_class.base_fields.items() if isinstance(field, forms.MultipleChoiceField)}
    return {name: data.getlist(name) if name in multiple else data.get(name) for name in data}


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
    levels: dict[str, int | None] = {}
    if measure_id is not None:
        measure = measure_get(measure_id=measure_id)
        if measure is None:
            raise Http404
        initial = plan_initial(measure)
        levels = plan_question_levels(measure)
        initial["local_goal_ids"] = [g.pk for g in measure.local_goals.all()]
        linked = joint_project_links_of_town(town=town).get(measure.pk)
        initial["joint_project_id"] = linked.pk if linked else None
    if request.method == "POST" and "delete" in request.POST and measure is not None:
        measure_delete(town=town, measure=measure, actor=signed_in_user(request))
        messages.success(request, _("Maßnahme gelöscht."))
        return redirect("town-roadmap", district_slug=town.district.slug, town_slug=town.slug)
    checking = request.method == "POST" and ("similar" in request.POST or "join_project" in request.POST)
    similar: list[SimilarPublished] | None = None
    if checking:
        # Looking before saving (without JavaScript): the form comes back as typed, nothing is stored.
        initial = _typed(request.POST, MeasureForm)
        if "join_project" in request.POST:
            initial["joint_project_id"] = request.POST["join_project"]
        similar = similar_published_for(request.POST, town)
    form = MeasureForm(
        request.POST if request.method == "POST" and not checking else None,
        initial=initial,
        town=town,
        kept_goal_keys=measure.shared_goal_keys if measure else (),
        question_levels=levels,
    )
    if request.method == "POST" and not checking and form.is_valid():
        try:
            data = form.measure_input()
            if measure is None:
                measure_create(town=town, data=data, context=context, actor=signed_in_user(request))
            else:
                measure_update(town=town, measure=measure, data=data, context=context, actor=signed_in_user(request))
        except ValidationError as error:
            form_errors_add(form, error, field_of=PLAN_FIELD_OF)
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
            "similar": similar,
            "similar_url": reverse("api:similar", args=[town.district.slug, town.slug]) if can_edit else "",
            "sections": measure_page_sections.fire(request, town, measure) if measure else [],
            **_measure_evidence(town, measure, can_edit),
        },
        status=400 if request.method == "POST" and not checking else 200,
    )


MEASURE_EVIDENCE_KEY = "massnahme"  # the measure page's one block of files (its forms' ids)


def _measure_evidence(town: Town, measure: Measure | None, editable: bool) -> dict[str, Any]:
    """The measure's files and their forms (a new measure has none yet)."""
    if measure is None:
        return {"evidence": None, "evidence_blocks": []}
    block = _measure_evidence_block(town, measure, editable)
    return {"evidence": block, "evidence_blocks": [block]}


def _measure_evidence_block(town: Town, measure: Measure, editable: bool) -> EvidenceBlock:
    base = {"district_slug": town.district.slug, "town_slug": town.slug, "measure_id": measure.pk}

    def url_of(item: EvidenceFile, purpose: str) -> str:
        name = "measure-evidence-file" if purpose == "download" else "measure-evidence-delete"
        return reverse(name, kwargs={**base, "file_id": item.pk})

    return evidence_block(
        key=MEASURE_EVIDENCE_KEY,
        files=evidence_files_of(kind=OwnerKind.MEASURE, owner_ids=[measure.pk]).get(measure.pk, []),
        upload_url=reverse("measure-evidence-upload", kwargs=base),
        url_of=url_of,
        editable=editable,
    )


def _measure_files_url(town: Town, measure: Measure) -> str:
    return reverse("measure-page", args=[town.district.slug, town.slug, measure.pk]) + "#nachweise"


@login_required
@require_POST
def measure_evidence_upload_page(
    request: HttpRequest, district_slug: str, town_slug: str, measure_id: int
) -> HttpResponse:
    files = measure_files_enter(request.user, district_slug, town_slug, measure_id, write=True)
    back = _measure_files_url(files.town, files.measure)
    return evidence_upload_response(
        request, town=files.town, owner=files.owner, key=MEASURE_EVIDENCE_KEY, back_url=back
    )


@login_required
@require_safe
def measure_evidence_file_page(
    request: HttpRequest, district_slug: str, town_slug: str, measure_id: int, file_id: int
) -> HttpResponse:
    files = measure_files_enter(request.user, district_slug, town_slug, measure_id)
    return evidence_file_response(evidence_file_for(files.owner, file_id))


@login_required
@require_POST
def measure_evidence_delete_page(
    request: HttpRequest, district_slug: str, town_slug: str, measure_id: int, file_id: int
) -> HttpResponse:
    files = measure_files_enter(request.user, district_slug, town_slug, measure_id, write=True)
    item = evidence_file_for(files.owner, file_id)
    back = _measure_files_url(files.town, files.measure)
    return evidence_delete_response(
        request, town=files.town, owner=files.owner, item=item, key=MEASURE_EVIDENCE_KEY, back_url=back
    )


@login_required
@require_POST
def measures_import_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_entered_for(request.user, district_slug, town_slug, Action.EDIT_TOWN_DATA)
    actor = signed_in_user(request)
    return import_page_answer(
        request,
        run=lambda data, filename: measures_import(town=town, data=data, filename=filename, actor=actor),
        back_url=reverse("town-roadmap", args=[town.district.slug, town.slug]),
        context={"district": town.district},
    )


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
    district = district_for(request.user, district_slug, Action.VIEW_PUBLISHED_STRATEGY)
    return render(
        request,
        "roadmap/lighthouses.html",
        {
            "district": district,
            "rows": lighthouses(district=district),
            "field_names": _field_names(district),
            "district_home_visible": can(request.user, Action.VIEW_DISTRICT, district),
        },
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
@require_safe
def joint_projects_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_PUBLISHED_STRATEGY)
    return render(
        request,
        "roadmap/joint_projects.html",
        {
            "district": district,
            "projects": list(joint_project_list(district=district)),
            "field_names": _field_names(district),
            "can_manage": can(request.user, Action.MANAGE_STRATEGY, district),
            "district_home_visible": can(request.user, Action.VIEW_DISTRICT, district),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_project_new_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """Creating a joint project, on a page of its own: the form reads the vision, its goals, the grid's
    questions and every town, which the list that everyone reads should not pay for (D116)."""
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    form = PlanForm(request.POST or None, district=district)
    participants = ParticipantsForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid() and participants.is_valid():
        try:
            project = joint_project_create(
                district=district,
                plan=form.plan_input(),
                context=plan_context(district=district),
                lead_town=participants.lead(),
                participants=participants.participants(),
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            form_errors_add(form, error, field_of=PLAN_FIELD_OF)
        else:
            messages.success(request, _("Gemeinsames Projekt angelegt."))
            return redirect("joint-project-page", district_slug=district.slug, joint_project_id=project.pk)
    return render(
        request,
        "roadmap/joint_project_new.html",
        {
            "district": district,
            "form": form,
            "participants_form": participants,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_project_page(request: HttpRequest, district_slug: str, joint_project_id: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_PUBLISHED_STRATEGY)
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
        question_levels=plan_question_levels(project),
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
                    plan=form.plan_input(),
                    context=context,
                    actor=signed_in_user(request),
                )
            except ValidationError as error:
                form_errors_add(form, error, field_of=PLAN_FIELD_OF)
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
            "sections": joint_project_page_sections.fire(request, project),
            "district_home_visible": can(request.user, Action.VIEW_DISTRICT, district),
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
