"""The town's solution register: list, add, change, remove (the town's digital officer writes)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from kreisagenda.files import file_response, import_page_answer
from kreisagenda.lookups import signed_in_user, town_enter, town_entered_for, town_for
from kreisagenda.permissions import Action, can
from kreisagenda.tabular import table_format_named

from publishing.hooks import similar_published_for
from publishing.items import SimilarPublished
from shared_vision.selectors import fields_of_action_current
from solutions.models import MAX_ANNUAL_COST, Solution, SolutionCategory, SolutionStatus
from solutions.selectors import solution_get, solution_list
from solutions.services import SolutionInput, solution_create, solution_delete, solution_update
from solutions.solution_io import solutions_export, solutions_import
from tenants.models import Town


class SolutionForm(forms.Form):
    field_key = forms.ChoiceField(label=gettext_lazy("Handlungsfeld"))
    category = forms.ChoiceField(label=gettext_lazy("Kategorie"), choices=SolutionCategory.choices)
    title = forms.CharField(label=gettext_lazy("Bezeichnung / Zweck"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    product = forms.CharField(label=gettext_lazy("Produkt"), max_length=120, required=False)
    vendor = forms.CharField(label=gettext_lazy("Anbieter"), max_length=120, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=SolutionStatus.choices)
    contract_end = forms.DateField(
        label=gettext_lazy("Vertragsende"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    annual_cost = forms.DecimalField(
        label=gettext_lazy("Jährliche Kosten (EUR)"),
        help_text=gettext_lazy(
            "Was die Kommune im Jahr dafür zahlt (Lizenzen, Betrieb, Wartung), z. B. 12.500,50. Leer: nicht bekannt."
        ),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_ANNUAL_COST,
        decimal_places=2,
        localize=True,
    )

    def __init__(self, *args: object, field_choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["field_key"].choices = field_choices  # type: ignore[attr-defined]

    def solution_input(self) -> SolutionInput:
        return SolutionInput(**self.cleaned_data)


def _field_choices(town: Town) -> list[tuple[str, str]]:
    return [(f.key, f.name) for f in fields_of_action_current(district=town.district)]


def _save(request: HttpRequest, town: Town, form: SolutionForm, solution: Solution | None) -> bool:
    keys = {key for key, _name in _field_choices(town)}
    if not form.is_valid():
        return False
    try:
        if solution is None:
            solution_create(town=town, data=form.solution_input(), valid_field_keys=keys, actor=signed_in_user(request))
        else:
            solution_update(
                town=town,
                solution=solution,
                data=form.solution_input(),
                valid_field_keys=keys,
                actor=signed_in_user(request),
            )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def register_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN)
    can_edit = can(request.user, Action.EDIT_TOWN_DATA, town)
    choices = _field_choices(town)
    town_enter(town)
    checking = request.method == "POST" and "similar" in request.POST
    similar: list[SimilarPublished] | None = None
    if checking:
        if not can_edit:
            raise PermissionDenied
        # Looking before saving (without JavaScript): the form comes back as typed, nothing is stored.
        similar = similar_published_for(request.POST, town)
    form = SolutionForm(
        request.POST if request.method == "POST" and not checking else None,
        initial=request.POST.dict() if checking else None,
        field_choices=choices,
    )
    if request.method == "POST" and not checking:
        if not can_edit:
            raise PermissionDenied
        if _save(request, town, form, None):
            messages.success(request, _("Eintrag gespeichert. Der Kreis sieht die Änderung nach der Veröffentlichung."))
            return redirect("register-page", district_slug=town.district.slug, town_slug=town.slug)
    return render(
        request,
        "solutions/register_page.html",
        {
            "town": town,
            "solutions": list(solution_list()),
            "field_names": dict(choices),
            "form": form,
            "can_edit": can_edit,
            "similar": similar,
            "similar_url": reverse("api:similar", args=[town.district.slug, town.slug]) if can_edit else "",
        },
        status=400 if request.method == "POST" and not checking else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_page(request: HttpRequest, district_slug: str, town_slug: str, solution_id: int) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.EDIT_TOWN_DATA)
    choices = _field_choices(town)
    town_enter(town)
    solution = solution_get(solution_id=solution_id)
    if solution is None:
        raise Http404
    if request.method == "POST" and "delete" in request.POST:
        solution_delete(town=town, solution=solution, actor=signed_in_user(request))
        messages.success(request, _("Eintrag entfernt."))
        return redirect("register-page", district_slug=town.district.slug, town_slug=town.slug)
    initial = {name: getattr(solution, name) for name in SolutionForm.base_fields}
    form = SolutionForm(request.POST or None, initial=initial, field_choices=choices)
    if request.method == "POST" and _save(request, town, form, solution):
        messages.success(request, _("Eintrag gespeichert. Der Kreis sieht die Änderung nach der Veröffentlichung."))
        return redirect("register-page", district_slug=town.district.slug, town_slug=town.slug)
    return render(
        request,
        "solutions/solution_page.html",
        {"town": town, "solution": solution, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def solutions_import_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    town = town_entered_for(request.user, district_slug, town_slug, Action.EDIT_TOWN_DATA)
    actor = signed_in_user(request)
    return import_page_answer(
        request,
        run=lambda data, filename: solutions_import(town=town, data=data, filename=filename, actor=actor),
        back_url=reverse("register-page", args=[town.district.slug, town.slug]),
        context={"district": town.district},
    )


@login_required
@require_safe
def solutions_export_page(request: HttpRequest, district_slug: str, town_slug: str, file_format: str) -> HttpResponse:
    town = town_for(request.user, district_slug, town_slug, Action.VIEW_TOWN)
    table_format = table_format_named(file_format)
    if table_format is None:
        raise Http404
    town_enter(town)
    return file_response(*solutions_export(town=town, table_format=table_format), table_format)
