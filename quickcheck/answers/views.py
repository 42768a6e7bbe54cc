"""Pages of a town's Quick Check: answering (digital officer), reading (town, district), release and reopening."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
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

from evidence.downloads import evidence_file_response
from evidence.lookups import evidence_file_for
from evidence.models import OwnerKind
from evidence.pages import EvidenceBlock, evidence_block, evidence_delete_response, evidence_upload_response
from evidence.selectors import evidence_files_of
from quickcheck.answers.answer_io import answers_export, answers_import
from quickcheck.answers.lookups import answer_files_enter
from quickcheck.answers.selectors import (
    AssessmentView,
    FieldView,
    QuestionView,
    assessment_history,
    assessment_view,
)
from quickcheck.answers.services import (
    ANSWER_FIELDS,
    AnswerConflict,
    AnswerEdit,
    AnswerInput,
    Conflict,
    answer_field_label,
    answer_stored_input,
    answers_save,
    assessment_release,
    assessment_reopen,
)
from quickcheck.lookups import town_grid_enter
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.scoring import METHOD_TEXT

if TYPE_CHECKING:
    from tenants.models import Town


def _page_url(town: Town, grid: GridVersion, shown: str = "") -> str:
    url = reverse(
        "assessment-page", kwargs={"district_slug": town.district.slug, "town_slug": town.slug, "year": grid.year}
    )
    return f"{url}?zeigen={shown}" if shown else url


def _form_value(value: object) -> str:
    """A field's value as its input shows it, so what the page showed and what the form sent compare."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()  # a textarea sends its line breaks as CRLF
    return str(value)


def _fingerprint(data: AnswerInput) -> str:
    """What a question's inputs showed, a short hash per field: sent back with the form, it tells which
    fields the person changed, so only those are written (D55)."""
    return ".".join(
        hashlib.sha256(_form_value(getattr(data, name)).encode()).hexdigest()[:10] for name in ANSWER_FIELDS
    )


def _changed_fields(data: AnswerInput, base: str) -> frozenset[str]:
    shown = base.split(".")
    if len(shown) != len(ANSWER_FIELDS):  # no fingerprint (or a broken one): every field is written
        return frozenset(ANSWER_FIELDS)
    sent = _fingerprint(data).split(".")
    return frozenset(name for name, before, now in zip(ANSWER_FIELDS, shown, sent, strict=True) if before != now)


def _inputs_from_post(view: AssessmentView, post: Any) -> dict[GridQuestion, AnswerEdit]:
    """The answers the form sent (every question is on the page): the fields the person changed, and
    the version each question's inputs were based on."""
    answers = {}
    for item in view.question_views():
        code = item.question.code
        if f"{code}-present" not in post:
            continue  # a question the form did not show: leave it alone
        data = AnswerInput(
            current_level=whole_number(post.get(f"{code}-current", "")),
            target_level=whole_number(post.get(f"{code}-target", "")),
            not_applicable=post.get(f"{code}-na") == "1",
            not_applicable_reason=post.get(f"{code}-reason", ""),
            comment=post.get(f"{code}-comment", ""),
            evidence_url=post.get(f"{code}-evidence", ""),
        )
        answers[item.question] = AnswerEdit(
            data,
            _changed_fields(data, post.get(f"{code}-base", "")),
            whole_number(post.get(f"{code}-version", "")),
            confirm=post.get(f"{code}-confirm") == "1",
        )
    return answers


# The page's filters (D67): which questions it shows. Without a filter it shows all.
FILTER_OPEN = "offen"
FILTER_CARRIED_OVER = "vorjahr"
FILTERS = (FILTER_OPEN, FILTER_CARRIED_OVER)


def _shown_by_filter(item: QuestionView, shown: str) -> bool:
    if shown == FILTER_OPEN:
        return not item.is_complete
    if shown == FILTER_CARRIED_OVER:
        return item.is_carried_over
    return True


@dataclass(frozen=True)
class _Inputs:
    """What a question's inputs show, and the version and fingerprint the form sends back with them."""

    value: AnswerInput
    version: int
    base: str
    conflict: Conflict | None = None


def _shown(value: object) -> str:
    if value is None or value == "":
        return _("(leer)")
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return str(value)


def _inputs(
    view: AssessmentView, submitted: dict[GridQuestion, AnswerEdit] | None, post: Any, conflicts: dict[int, Conflict]
) -> dict[str, _Inputs]:
    """Per question: what was just sent (after a refusal, with the version it was based on) or what is
    stored. A question refused for a conflict shows the stored answer with the person's changes on
    top, and the stored version: saving again writes the person's changes over it."""
    inputs: dict[str, _Inputs] = {}
    for item in view.question_views():
        code = item.question.code
        stored = answer_stored_input(item.answer)
        conflict = conflicts.get(item.question.pk)
        edit = submitted.get(item.question) if submitted is not None else None
        if conflict is not None and edit is not None:
            current = answer_stored_input(conflict.current)
            mine = replace(current, **{name: getattr(edit.data, name) for name in edit.fields})
            inputs[code] = _Inputs(mine, conflict.current.version, _fingerprint(current), conflict)
        elif edit is not None:
            version = edit.version if edit.version is not None else (item.answer.version if item.answer else 0)
            inputs[code] = _Inputs(edit.data, version, post.get(f"{code}-base", "") or _fingerprint(stored))
        else:
            inputs[code] = _Inputs(stored, item.answer.version if item.answer else 0, _fingerprint(stored))
    return inputs


def _field_summary(field_view: FieldView) -> dict[str, Any]:
    """A field of action's score and how many of its questions are answered, "not applicable" among them."""
    return {
        "field": field_view.field,
        "score": field_view.score,
        "answered": sum(1 for item in field_view.questions if item.is_complete),
        "not_applicable": sum(1 for item in field_view.questions if item.answer and item.answer.not_applicable),
        "total": len(field_view.questions),
    }


def _sections(
    view: AssessmentView, inputs: dict[str, _Inputs], errors: dict[str, list[str]], shown: str = ""
) -> list[dict[str, Any]]:
    """Per field of action: its score, how many of its questions are answered, and the questions the
    filter ``shown`` lets through (and every question just refused) with what their inputs show and their errors."""
    refused = {key.split(".", 1)[0] for key in errors} | {code for code, item in inputs.items() if item.conflict}
    return [
        {
            **_field_summary(field_view),
            "questions": [
                {
                    "question": item.question,
                    "answer": item.answer,
                    "value": inputs[item.question.code].value,
                    "version": inputs[item.question.code].version,
                    "base": inputs[item.question.code].base,
                    "conflict": inputs[item.question.code].conflict,
                    "conflict_values": _conflict_values(inputs[item.question.code].conflict),
                    "is_complete": item.is_complete,
                    "is_carried_over": item.is_carried_over,
                    "errors": [
                        message
                        for key, items in errors.items()
                        if key == item.question.code or key.startswith(f"{item.question.code}.")
                        for message in items
                    ],
                }
                for item in field_view.questions
                if _shown_by_filter(item, shown) or item.question.code in refused
            ],
        }
        for field_view in view.fields
    ]


def _conflict_values(conflict: Conflict | None) -> list[tuple[str, str]]:
    """The stored values of the fields in conflict, labelled as the page labels them."""
    if conflict is None:
        return []
    return [(answer_field_label(name), _shown(getattr(conflict.current, name))) for name in conflict.fields]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.VIEW_TOWN)
    can_view_drafts = can(request.user, Action.VIEW_TOWN_DRAFTS, town)
    can_edit = can(request.user, Action.EDIT_TOWN_DATA, town)
    view = assessment_view(town=town, grid=grid, include_drafts=can_view_drafts)
    shown = request.GET.get("zeigen", "")
    shown = shown if shown in FILTERS else ""
    errors: dict[str, list[str]] = {}
    conflicts: dict[int, Conflict] = {}
    submitted = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        submitted = _inputs_from_post(view, request.POST)
        try:
            changed = answers_save(town=town, grid=grid, answers=submitted, actor=signed_in_user(request))
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        except AnswerConflict as refused:  # saved meanwhile in another tab or by someone else (D55)
            conflicts = {conflict.question.pk: conflict for conflict in refused.conflicts}
        else:
            messages.success(request, _("Entwurf gespeichert (%(count)s Antworten geändert).") % {"count": changed})
            return redirect(_page_url(town, grid, shown))
    editable = can_edit and not view.is_released and grid.is_open
    questions = view.question_views()
    sections = _sections(view, _inputs(view, submitted, request.POST, conflicts), errors, shown)
    context = {
        "town": town,
        "district": town.district,
        "grid": grid,
        "view": view,
        "sections": sections,
        "evidence_blocks": _evidence_blocks(town, grid, view, sections, editable),
        "shown": shown,
        "sections_shown": any(_shown_by_filter(item, shown) for item in questions) or bool(errors or conflicts),
        "filters": [
            ("", _("alle Fragen"), len(questions)),
            (FILTER_OPEN, _("unbeantwortet"), sum(1 for item in questions if not item.is_complete)),
            (FILTER_CARRIED_OVER, _("aus dem Vorjahr, ungeprüft"), view.carried_over_count),
        ],
        "errors": errors,
        "error_list": [f"{key}: {message}" if key else message for key, items in errors.items() for message in items],
        "conflict_list": [conflict.message for conflict in conflicts.values()],
        "editable": editable,
        "can_edit": can_edit,
        "can_view_drafts": can_view_drafts,
        "can_view_benchmark": not view.answers_visible and can(request.user, Action.VIEW_BENCHMARK, town.district),
        "can_reopen": view.is_released and grid.is_open and can(request.user, Action.REOPEN_RELEASE, town),
        "method_text": METHOD_TEXT,
        "import_form": ImportForm(),
        "levels": range(5),
    }
    status = 409 if conflicts else 400 if errors else 200
    return render(request, "quickcheck_answers/assessment_page.html", context, status=status)


def _evidence_blocks(
    town: Town, grid: GridVersion, view: AssessmentView, sections: list[dict[str, Any]], editable: bool
) -> list[EvidenceBlock]:
    """Each shown question's files (one query for all), set on its row; the blocks, for their forms."""
    if not view.answers_visible:
        return []
    rows = [row for section in sections for row in section["questions"]]
    files = evidence_files_of(kind=OwnerKind.ANSWER, owner_ids=[row["question"].pk for row in rows])
    base = {"district_slug": town.district.slug, "town_slug": town.slug, "year": grid.year}
    blocks = []
    for row in rows:
        code = row["question"].code

        def url_of(item: Any, purpose: str, code: str = code) -> str:
            name = "answer-evidence-file" if purpose == "download" else "answer-evidence-delete"
            return reverse(name, kwargs={**base, "code": code, "file_id": item.pk})

        row["evidence"] = evidence_block(
            key=code,
            files=files.get(row["question"].pk, []),
            upload_url=reverse("answer-evidence-upload", kwargs={**base, "code": code}),
            url_of=url_of,
            editable=editable,
        )
        blocks.append(row["evidence"])
    return blocks


def _question_url(town: Town, grid: GridVersion, code: str) -> str:
    return f"{_page_url(town, grid)}#frage-{code}"


@login_required
@require_POST
def answer_evidence_upload_page(
    request: HttpRequest, district_slug: str, town_slug: str, year: int, code: str
) -> HttpResponse:
    files = answer_files_enter(request.user, district_slug, town_slug, year, code, write=True)
    back = _question_url(files.town, files.grid, code)
    return evidence_upload_response(request, town=files.town, owner=files.owner, key=code, back_url=back)


@login_required
@require_safe
def answer_evidence_file_page(
    request: HttpRequest, district_slug: str, town_slug: str, year: int, code: str, file_id: int
) -> HttpResponse:
    files = answer_files_enter(request.user, district_slug, town_slug, year, code)
    return evidence_file_response(evidence_file_for(files.owner, file_id))


@login_required
@require_POST
def answer_evidence_delete_page(
    request: HttpRequest, district_slug: str, town_slug: str, year: int, code: str, file_id: int
) -> HttpResponse:
    files = answer_files_enter(request.user, district_slug, town_slug, year, code, write=True)
    item = evidence_file_for(files.owner, file_id)
    back = _question_url(files.town, files.grid, code)
    return evidence_delete_response(request, town=files.town, owner=files.owner, item=item, key=code, back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_release_page(request: HttpRequest, district_slug: str, town_slug: str, year: int) -> HttpResponse:
    """Release after a confirmation that shows what is released (D67); a POST without it shows the page."""
    town, grid = town_grid_enter(request.user, district_slug, town_slug, year, Action.EDIT_TOWN_DATA)
    problems: list[str] = []
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            assessment_release(town=town, grid=grid, actor=signed_in_user(request))
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Der Quick Check ist an den Kreis freigegeben."))
            return redirect(_page_url(town, grid))
    view = assessment_view(town=town, grid=grid, include_drafts=True)
    if view.is_released:
        return redirect(_page_url(town, grid))
    questions = view.question_views()
    context = {
        "town": town,
        "district": town.district,
        "grid": grid,
        "view": view,
        "problems": problems,
        "open_count": sum(1 for item in questions if not item.is_complete),
        "not_applicable_count": sum(1 for item in questions if item.answer and item.answer.not_applicable),
        "fields": [_field_summary(field_view) for field_view in view.fields],
        "releasable": grid.is_open and view.completeness.is_complete and not view.carried_over_count,
        "method_text": METHOD_TEXT,
    }
    return render(request, "quickcheck_answers/assessment_release.html", context, status=400 if problems else 200)


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
