"""Pages of a town's Quick Check: answering (digital officer), reading (town, district), release and reopening."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from kreisagenda.files import ImportForm, file_response, import_problems_page
from kreisagenda.lookups import signed_in_user
from kreisagenda.numbers import whole_number
from kreisagenda.permissions import Action, can
from kreisagenda.tabular import TableImportError, table_format_named

from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.selectors import AssessmentView, assessment_history, assessment_view
from quickcheck.answers.services import AnswerInput, answers_save, assessment_release, assessment_reopen
from quickcheck.lookups import town_grid_enter
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.scoring import METHOD_TEXT

if TYPE_CHECKING:
    from tenants.models import Town


def _page_url(town: Town, grid: GridVersion) -> str:
    return reverse(
        "assessment-page", kwargs={"district_slug": town.district.slug, "town_slug": town.slug, "year": grid.year}
    )


def _level(value: str) -> int | None:
    return whole_number(value)


def _inputs_from_post(view: AssessmentView, post: Any) -> dict[GridQuestion, AnswerInput]:
    """The answers the form sent (every question is on the page)."""
    answers = {}
    for item in view.question_views():
        code = item.question.code
        if f"{code}-present" not in post:
            continue  # a question the form did not show: leave it alone
        answers[item.question] = AnswerInput(
            current_level=_level(post.get(f"{code}-current", "")),
            target_level=_level(post.get(f"{code}-target", "")),
            not_applicable=post.get(f"{code}-na") == "1",
            not_applicable_reason=post.get(f"{code}-reason", ""),
            comment=post.get(f"{code}-comment", ""),
            evidence_url=post.get(f"{code}-evidence", ""),
        )
    return answers


def _values(view: AssessmentView, submitted: dict[GridQuestion, AnswerInput] | None) -> dict[str, AnswerInput]:
    """What each question's inputs show: what was just sent (after an error) or what is stored."""
    values: dict[str, AnswerInput] = {}
    for item in view.question_views():
        if submitted is not None and item.question in submitted:
            values[item.question.code] = submitted[item.question]
        elif item.answer is not None:
            a = item.answer
            values[item.question.code] = AnswerInput(
                current_level=a.current_level,
                target_level=a.target_level,
                not_applicable=a.not_applicable,
                not_applicable_reason=a.not_applicable_reason,
                comment=a.comment,
                evidence_url=a.evidence_url,
            )
        else:
            values[item.question.code] = AnswerInput()
    return values


def _sections(
    view: AssessmentView, values: dict[str, AnswerInput], errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Per field of action: its score and its questions with what their inputs show and their errors."""
    return [
        {
            "field": field_view.field,
            "score": field_view.score,
            "questions": [
                {
                    "question": item.question,
                    "answer": item.answer,
                    "value": values[item.question.code],
                    "is_complete": item.is_complete,
                    "errors": [
                        message
                        for key, items in errors.items()
                        if key == item.question.code or key.startswith(f"{item.question.code}.")
                        for message in items
                    ],
                }
                for item in field_view.questions
            ],
        }
        for field_view in view.fields
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.VIEW_TOWN)
    can_view_drafts = can(request.user, Action.VIEW_TOWN_DRAFTS, town)
    can_edit = can(request.user, Action.EDIT_TOWN_DATA, town)
    view = assessment_view(town=town, grid=grid, include_drafts=can_view_drafts)
    errors: dict[str, list[str]] = {}
    submitted = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        submitted = _inputs_from_post(view, request.POST)
        try:
            changed = answers_save(town=town, grid=grid, answers=submitted, actor=signed_in_user(request))
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        else:
            messages.success(request, _("Entwurf gespeichert (%(count)s Antworten geändert).") % {"count": changed})
            return redirect(_page_url(town, grid))
    editable = can_edit and not view.is_released
    context = {
        "town": town,
        "district": town.district,
        "grid": grid,
        "view": view,
        "sections": _sections(view, _values(view, submitted), errors),
        "errors": errors,
        "error_list": [f"{key}: {message}" if key else message for key, items in errors.items() for message in items],
        "editable": editable,
        "can_edit": can_edit,
        "can_view_drafts": can_view_drafts,
        "can_reopen": view.is_released and can(request.user, Action.REOPEN_RELEASE, town),
        "method_text": METHOD_TEXT,
        "import_form": ImportForm(),
        "levels": range(5),
    }
    return render(request, "quickcheck_answers/assessment_page.html", context, status=400 if errors else 200)


@login_required
@require_POST
def assessment_release_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
    try:
        assessment_release(town=town, grid=grid, actor=signed_in_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Der Quick Check ist an den Kreis freigegeben."))
    return redirect(_page_url(town, grid))


@login_required
@require_POST
def assessment_reopen_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.REOPEN_RELEASE)
    try:
        assessment_reopen(town=town, grid=grid, reason=request.POST.get("reason", ""), actor=signed_in_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Freigabe ist zurückgenommen; die Kommune kann wieder bearbeiten."))
    return redirect(_page_url(town, grid))


@login_required
@require_safe
def assessment_history_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.VIEW_TOWN_DRAFTS)
    context = {"town": town, "district": town.district, "grid": grid, "entries": assessment_history(year=year)}
    return render(request, "quickcheck_answers/assessment_history.html", context)


@login_required
@require_POST
def assessment_import_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte eine Datei auswählen."))
        return redirect(_page_url(town, grid))
    upload = form.cleaned_data["file"]
    try:
        changed = answers_import(
            town=town, grid=grid, data=upload.read(), filename=upload.name, actor=signed_in_user(request)
        )
    except TableImportError as error:
        context = {"district": town.district}
        return import_problems_page(request, problems=error.problems, back_url=_page_url(town, grid), context=context)
    messages.success(
        request, _("%(count)s Antworten aus %(file)s übernommen.") % {"count": changed, "file": upload.name}
    )
    return redirect(_page_url(town, grid))


@login_required
@require_safe
def assessment_export_page(
    request: HttpRequest, district_slug: str, town_slug: str, year: int, file_format: str
) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.VIEW_TOWN)
    table_format = table_format_named(file_format)
    if table_format is None:
        raise Http404
    include_drafts = can(request.user, Action.VIEW_TOWN_DRAFTS, town)
    exported = answers_export(town=town, grid=grid, include_drafts=include_drafts, table_format=table_format)
    if exported is None:
        raise Http404  # the district sees released answers only
    return file_response(*exported, table_format)
