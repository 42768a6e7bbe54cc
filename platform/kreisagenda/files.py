"""Files on pages: the import form, the page that lists an import's problems, and downloads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from kreisagenda.tabular import Problem, TableFormat


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
