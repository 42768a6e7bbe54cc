"""Files on pages: the import form, the page that lists an import's problems, and downloads."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kreisagenda.tabular import Problem, TableFormat, TableImportError


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Datei (.xlsx oder .csv)"))


def file_response(filename: str, content: bytes, table_format: TableFormat) -> HttpResponse:
    response = HttpResponse(content, content_type=table_format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_problems_page(
    request: HttpRequest, *, problems: Sequence[Problem], back_url: str, context: Mapping[str, object] | None = None
) -> HttpResponse:
    """400 with every problem of a refused file, each named by file, sheet, row and column."""
    page = {**(context or {}), "problems": problems, "back_url": back_url}
    return render(request, "kreisagenda/import_problems.html", page, status=400)


def import_page_answer(
    request: HttpRequest,
    *,
    run: Callable[[bytes, str], Mapping[str, int]],
    back_url: str,
    context: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The answer to a page's upload: ``run(data, filename)`` imports all or nothing and returns the
    counts created, updated, unchanged; back to ``back_url`` with them, or the problems page (400)."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte eine Datei auswählen."))
        return HttpResponseRedirect(back_url)
    upload = form.cleaned_data["file"]
    try:
        counts = run(upload.read(), upload.name)
    except TableImportError as error:
        return import_problems_page(request, problems=error.problems, back_url=back_url, context=context)
    messages.success(
        request,
        _("%(file)s eingelesen: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert.")
        % {"file": upload.name, **counts},
    )
    return HttpResponseRedirect(back_url)
