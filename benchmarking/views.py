"""Pages: the district's comparison, synergies and flags queue; a town's position against its peers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from kreisagenda.files import file_response
from kreisagenda.lookups import district_for, signed_in_user
from kreisagenda.numbers import whole_number
from kreisagenda.permissions import Action, can
from kreisagenda.tabular import table_format_named

from benchmarking.charts import comparison_figure, position_figure, procurement_figure
from benchmarking.exports import comparison_export, position_export
from benchmarking.hooks import flag_sections
from benchmarking.lookups import town_position_for
from benchmarking.models import SuggestedAction
from benchmarking.procurement import METHOD_TEXT as PROCUREMENT_METHOD_TEXT
from benchmarking.savings import method_text as savings_method_text
from benchmarking.savings import savings_estimate
from benchmarking.selectors import (
    comparison_get,
    comparison_year_latest,
    flag_get,
    flag_lead_towns,
    flag_pair_reasons,
    flags_decided,
    flags_open,
    procurement_calendar,
    size_class_comparison,
    synergies_get,
    thesaurus_of,
    thesaurus_terms_of,
)
from benchmarking.services import (
    duplicate_flag_confirm,
    duplicate_flag_dismiss,
    thesaurus_term_add,
    thesaurus_term_remove,
)
from benchmarking.similarity import METHOD_TEXT as DUPLICATES_METHOD_TEXT
from benchmarking.statistics import METHOD_TEXT, RULE_TEXT, SIZE_CLASS_LABELS, SizeClass
from roadmap.models import JointProject
from shared_vision.selectors import fields_of_action_current
from tenants.models import Town


def _common(comparison_year: int) -> dict[str, object]:
    return {"year": comparison_year, "rule_text": RULE_TEXT, "method_text": METHOD_TEXT}


@login_required
@require_GET
def comparison_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    year = comparison_year_latest(district=district)
    if year is None:
        raise Http404(_("Es gibt noch keine Erhebung."))
    return redirect("comparison-page", district_slug=district.slug, year=year)


@login_required
@require_GET
def comparison_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    comparison = comparison_get(district=district, year=year)
    by_size = size_class_comparison(year=year)
    return render(
        request,
        "benchmarking/comparison_page.html",
        {
            **_common(year),
            "district": district,
            "comparison": comparison,
            "figure": comparison_figure(comparison) if any(f.statistics for f in comparison.fields) else None,
            # From small to large, in the order the classes are declared.
            "size_classes": [
                (SIZE_CLASS_LABELS[size], by_size[size]) for size in SizeClass if by_size and size in by_size
            ],
            "size_classes_available": by_size is not None,
            "can_decide": can(request.user, Action.DECIDE_DUPLICATES, district),
        },
    )


@login_required
@require_GET
def comparison_export_page(request: HttpRequest, district_slug: str, year: int, file_format: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    table_format = table_format_named(file_format)
    if table_format is None:
        raise Http404
    comparison = comparison_get(district=district, year=year)
    return file_response(
        f"vergleich-{district.slug}-{year}.{table_format.value}",
        comparison_export(comparison, table_format),
        table_format,
    )


@login_required
@require_GET
def synergies_page(request: HttpRequest, district_slug: str, year: int) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.VIEW_BENCHMARK)
    comparison = comparison_get(district=district, year=year)
    return render(
        request,
        "benchmarking/synergies_page.html",
        {
            **_common(year),
            "district": district,
            "comparison": comparison,
            "field_names": comparison.field_names,
            "synergies": synergies_get(comparison=comparison),
            "can_manage": can(request.user, Action.MANAGE_STRATEGY, district),  # mentoring's buttons
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def flags_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = district_for(request.user, district_slug, Action.DECIDE_DUPLICATES)
    if request.method == "POST":
        flag_id = request.POST.get("flag", "")
        flag = flag_get(district=district, flag_id=number) if (number := whole_number(flag_id)) is not None else None
        if flag is None:
            raise Http404
        try:
            if request.POST.get("decision") == "dismiss":
                duplicate_flag_dismiss(flag=flag, reason=request.POST.get("reason", ""), actor=signed_in_user(request))
                messages.success(request, _("Hinweis verworfen."))
            else:
                project_id = request.POST.get("joint_project", "")
                lead = request.POST.get("lead_town", "")
                project = duplicate_flag_confirm(
                    flag=flag,
                    actor=signed_in_user(request),
                    joint_project=JointProject.objects.filter(district=district, pk=project_id).first()
                    if whole_number(project_id) is not None
                    else None,
                    title=request.POST.get("title", ""),
                    lead_town=Town.objects.filter(district=district, pk=lead).first()
                    if whole_number(lead) is not None
                    else None,
                )
                messages.success(
                    request, _("Hinweis bestätigt: gemeinsames Projekt „%(title)s“.") % {"title": project.title}
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("flags-page", district_slug=district.slug)
    field_names = {f.key: f.name for f in fields_of_action_current(district=district)}
    flags = list(flags_open(district=district))
    decided = list(flags_decided(district=district))
    sections: dict[int, list[SafeString]] = {}
    for answer in flag_sections.fire(request, district, [*flags, *decided]):
        for flag_pk, section in answer.items():
            sections.setdefault(flag_pk, []).append(section)
    return render(
        request,
        "benchmarking/flags_page.html",
        {
            "district": district,
            "flags": flags,
            "reasons": {flag.pk: flag_pair_reasons(flag) for flag in flags},
            "leads": {flag.pk: flag_lead_towns(flag) for flag in flags},
            "savings": {flag.pk: savings_estimate(flag.evidence) for flag in flags},
            "savings_method_text": savings_method_text(),
            "decided": decided,
            "sections": sections,
            "field_names": field_names,
            "projects": JointProject.objects.filter(district=district).order_by("title"),
            "method_text": DUPLICATES_METHOD_TEXT,
            "action_texts": {
                SuggestedAction.JOINT_PROCUREMENT: _(
                    "Gemeinsam beschaffen: eine Ausschreibung für alle beteiligten Kommunen."
                ),
                SuggestedAction.REUSE: _(
                    "Nachnutzen: Die Kommune, die die Lösung schon einsetzt, teilt Erfahrungen und Verträge."
                ),
                SuggestedAction.LEAD_TOWN: _(
                    "Federführung vereinbaren: Eine Kommune setzt um, die anderen schließen sich an."
                ),
            },
        },
    )


@login_required
@require_GET
def town_position_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    position = town_position_for(request.user, district_slug, town_slug, year)
    town = position.town
    return render(
        request,
        "benchmarking/town_position.html",
        {
            **_common(year),
            "town": town,
            "position": position,
            "size_label": SIZE_CLASS_LABELS[position.size_class],
            "figure": position_figure(position) if any(f.field.statistics for f in position.fields) else None,
        },
    )


@login_required
@require_GET
def town_position_export_page(
    request: HttpRequest, district_slug: str, town_slug: str, year: int, file_format: str
) -> HttpResponse:
    table_format = table_format_named(file_format)
    if table_format is None:
        raise Http404
    position = town_position_for(request.user, district_slug, town_slug, year)
    town = position.town
    return file_response(
        f"vergleich-{town.slug}-{year}.{table_format.value}", position_export(position, table_format), table_format
    )


@login_required
@require_http_methods(["GET", "POST"])
def thesaurus_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The duplicate check's thesaurus: the shipped concepts and the district's own words for them."""
    district = district_for(request.user, district_slug, Action.DECIDE_DUPLICATES)
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                term_id = whole_number(request.POST.get("remove", ""))
                thesaurus_term_remove(district=district, term_id=term_id if term_id is not None else 0)
                messages.success(request, _("Wort entfernt; die Hinweise sind neu berechnet."))
            else:
                entry = thesaurus_term_add(
                    district=district,
                    concept_key=request.POST.get("concept_key", ""),
                    concept_label=request.POST.get("concept_label", ""),
                    term=request.POST.get("term", ""),
                    actor=signed_in_user(request),
                )
                messages.success(
                    request,
                    _("„%(term)s“ gehört jetzt zum Begriff „%(label)s“; die Hinweise sind neu berechnet.")
                    % {"term": entry.term, "label": entry.concept_label},
                )
            return redirect("thesaurus-page", district_slug=district.slug)
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {"term": error.messages}
    thesaurus = thesaurus_of(district=district)
    response = render(
        request,
        "benchmarking/thesaurus_page.html",
        {
            "district": district,
            "thesaurus": thesaurus,
            "concepts": sorted(thesaurus.concepts.values(), key=lambda concept: concept.label.casefold()),
            "own_terms": thesaurus_terms_of(district=district),
            "problems": problems,
            "posted": request.POST if problems else {},
        },
    )
    if problems:
        response.status_code = 400
    return response


@login_required
@require_GET
def procurement_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The coordinator's procurement calendar: who buys what when, and windows for joint tenders."""
    district = district_for(request.user, district_slug, Action.DECIDE_DUPLICATES)
    today = timezone.localdate()
    calendars = procurement_calendar(district=district, today=today)
    field_names = {f.key: f.name for f in fields_of_action_current(district=district)}
    return render(
        request,
        "benchmarking/procurement_page.html",
        {
            "district": district,
            "calendars": calendars,
            "chart": procurement_figure(calendars, today=today),
            "field_names": field_names,
            "today": today,
            "method_text": PROCUREMENT_METHOD_TEXT,
        },
    )
