"""Pages of the Quick-Check grid (district level)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from kreisagenda.files import ImportForm, file_response, import_problems_page
from kreisagenda.lookups import district_for, signed_in_user
from kreisagenda.permissions import Action, can
from kreisagenda.tabular import TableImportError, table_format_named

from quickcheck.content import GridRow
from quickcheck.grid_io import default_grid_rows, grid_export, grid_import
from quickcheck.lookups import grid_for
from quickcheck.models import Applicability, GridVersion
from quickcheck.scoring import METHOD_TEXT
from quickcheck.selectors import grid_fields_with_questions, grid_question_get, grids_of
from quickcheck.services import (
    grid_close,
    grid_create,
    grid_deadline_set,
    grid_open,
    grid_question_delete,
    grid_question_save,
)
from tenants.models import District
from tenants.selectors import district_towns


class GridCreateForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Erhebungsjahr"), min_value=2000, max_value=2100)
    start_from = forms.ChoiceField(
        label=gettext_lazy("Beginnen mit"),
        choices=[
            ("previous", gettext_lazy("Kopie des letzten Rasters (Fragen bleiben verknüpft)")),
            ("default", gettext_lazy("dem mitgelieferten Standardraster")),
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def grid_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug)
    can_manage = can(request.user, Action.MANAGE_STRATEGY, district)
    form = GridCreateForm(request.POST or None, initial={"year": timezone.localdate().year, "start_from": "previous"})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            rows = default_grid_rows() if form.cleaned_data["start_from"] == "default" else None
            try:
                grid = grid_create(
                    district=district, year=form.cleaned_data["year"], actor=signed_in_user(request), rows=rows
                )
            except ValidationError as error:
                for field, items in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, items)
            else:
                messages.success(request, _("Raster %(year)s angelegt (Entwurf).") % {"year": grid.year})
                return redirect("grid-page", district_slug=district.slug, year=grid.year)
    context = {"district": district, "grids": grids_of(district=district), "can_manage": can_manage, "form": form}
    return render(request, "quickcheck/grid_list.html", context, status=400 if form.errors else 200)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=gettext_lazy("Frist für die Freigabe"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Leer lassen, um die Frist zu entfernen."),
    )


def _grid_page(
    request: HttpRequest, district: District, grid: GridVersion, deadline_form: DeadlineForm | None = None
) -> HttpResponse:
    visible_towns = [town for town in district_towns(district=district) if can(request.user, Action.VIEW_TOWN, town)]
    can_manage = can(request.user, Action.MANAGE_STRATEGY, district)
    context = {
        "district": district,
        "grid": grid,
        "fields": grid_fields_with_questions(grid=grid),
        "can_edit": grid.is_draft and can_manage,
        "can_manage_campaign": can_manage and not grid.is_closed,
        "deadline_form": deadline_form or DeadlineForm(initial={"deadline": grid.deadline}),
        "import_form": ImportForm(),
        "method_text": METHOD_TEXT,
        "towns": visible_towns if not grid.is_draft else [],
    }
    status = 400 if deadline_form is not None and deadline_form.errors else 200
    return render(request, "quickcheck/grid_page.html", context, status=status)


@login_required
@require_safe
def grid_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    district = district_for(request.user, district_slug)
    return _grid_page(request, district, grid_for(district, year))


@login_required
@require_POST
def grid_deadline_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    """The coordinator sets or removes the campaign's deadline (D66)."""
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    grid = grid_for(district, year)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            grid = grid_deadline_set(grid=grid, deadline=form.cleaned_data["deadline"], actor=signed_in_user(request))
        except ValidationError as error:
            for field, items in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, items)
        else:
            if grid.deadline:
                messages.success(
                    request,
                    _("Frist der Erhebung %(year)s: %(date)s.")
                    % {"year": year, "date": date_format(grid.deadline, "SHORT_DATE_FORMAT")},
                )
            else:
                messages.success(request, _("Die Frist der Erhebung %(year)s ist entfernt.") % {"year": year})
            return redirect("grid-page", district_slug=district.slug, year=year)
    return _grid_page(request, district, grid, deadline_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def grid_close_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    """Closing a campaign, after a confirmation that says what closing means (D66)."""
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    grid = grid_for(district, year)
    if request.method == "POST":
        try:
            grid_close(grid=grid, actor=signed_in_user(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Erhebung %(year)s ist abgeschlossen.") % {"year": year})
        return redirect("grid-page", district_slug=district.slug, year=year)
    if not grid.is_open:
        return redirect("grid-page", district_slug=district.slug, year=year)
    return render(request, "quickcheck/grid_close.html", {"district": district, "grid": grid})


class QuestionForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Nr."), max_length=16)
    field_key = forms.ChoiceField(label=gettext_lazy("Handlungsfeld"))
    text = forms.CharField(label=gettext_lazy("Frage"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(
        label=gettext_lazy("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.TypedChoiceField(
        label=gettext_lazy("Gewicht"), coerce=int, choices=[(1, "1"), (2, "2"), (3, "3")], initial=2
    )
    applicability = forms.ChoiceField(label=gettext_lazy("Gilt für"), choices=Applicability.choices)
    level_0 = forms.CharField(label=gettext_lazy("Stufe 0"), max_length=300)
    level_1 = forms.CharField(label=gettext_lazy("Stufe 1"), max_length=300)
    level_2 = forms.CharField(label=gettext_lazy("Stufe 2"), max_length=300)
    level_3 = forms.CharField(label=gettext_lazy("Stufe 3"), max_length=300)
    level_4 = forms.CharField(label=gettext_lazy("Stufe 4"), max_length=300)
    replaces_code = forms.CharField(label=gettext_lazy("Ersetzt Nr. (Vorjahr)"), max_length=16, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def grid_question_page(request: HttpRequest, district_slug: str, year: int, code: str | None = None) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    grid = grid_for(district, year)
    question = grid_question_get(grid=grid, code=code) if code else None
    if code and question is None:
        raise Http404
    fields = grid_fields_with_questions(grid=grid)
    initial = {}
    if question is not None:
        initial = {
            "code": question.code,
            "field_key": question.field.key,
            "text": question.text,
            "help_text": question.help_text,
            "weight": question.weight,
            "applicability": question.applicability,
            **{f"level_{level}": text for level, text in question.levels},
            "replaces_code": question.replaces.code if question.replaces else "",
        }
    form = QuestionForm(request.POST or None, initial=initial)
    form.fields["field_key"].choices = [(f.key, f.name) for f in fields]  # type: ignore[attr-defined]
    if request.method == "POST" and "delete" in request.POST and question is not None:
        try:
            grid_question_delete(grid=grid, code=question.code)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Frage %(code)s entfernt.") % {"code": question.code})
        return redirect("grid-page", district_slug=district.slug, year=grid.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        names = {f.key: f.name for f in fields}
        row = GridRow(
            field_key=data["field_key"],
            field_name=names[data["field_key"]],
            code=data["code"],
            text=data["text"],
            help_text=data["help_text"],
            weight=data["weight"],
            applicability=Applicability(data["applicability"]),
            levels=(data["level_0"], data["level_1"], data["level_2"], data["level_3"], data["level_4"]),
            replaces_code=data["replaces_code"],
        )
        try:
            grid_question_save(grid=grid, row=row, original_code=question.code if question else None)
        except ValidationError as error:
            for field, items in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, items)
        else:
            messages.success(request, _("Frage %(code)s gespeichert.") % {"code": row.code})
            return redirect("grid-page", district_slug=district.slug, year=grid.year)
    context = {"district": district, "grid": grid, "question": question, "form": form}
    return render(request, "quickcheck/grid_question.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def grid_open_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    grid = grid_for(district, year)
    try:
        grid_open(grid=grid, actor=signed_in_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Erhebung %(year)s ist eröffnet; das Raster ist eingefroren.") % {"year": year})
    return redirect("grid-page", district_slug=district.slug, year=year)


@login_required
@require_POST
def grid_import_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    grid = grid_for(district, year)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte eine Datei auswählen."))
        return redirect("grid-page", district_slug=district.slug, year=year)
    upload = form.cleaned_data["file"]
    try:
        grid_import(grid=grid, data=upload.read(), filename=upload.name)
    except TableImportError as error:
        back_url = reverse("grid-page", kwargs={"district_slug": district.slug, "year": year})
        return import_problems_page(request, problems=error.problems, back_url=back_url, context={"district": district})
    messages.success(request, _("Raster aus %(file)s übernommen.") % {"file": upload.name})
    return redirect("grid-page", district_slug=district.slug, year=year)


@login_required
@require_safe
def grid_export_page(request: HttpRequest, district_slug: str, year: int, file_format: str) -> HttpResponse:
    district = district_for(request.user, district_slug)
    grid = grid_for(district, year)
    table_format = table_format_named(file_format)
    if table_format is None:
        raise Http404
    filename, content = grid_export(grid=grid, table_format=table_format)
    return file_response(filename, content, table_format)
