"""Open data: the coordinator's setting, and the public pages, files and catalogue (no sign-in needed).

Public answers are the same for every visitor (nothing of the visitor is rendered: no name, no
messages, no form with a CSRF token), so an anonymous visitor gets ``Cache-Control: public`` and no
cookie; a signed-in visitor gets the site's private caching (``kreisagenda.headers``), since the
session middleware may renew the session cookie on that very answer (D100).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from kreisagenda.forms import form_errors_add
from kreisagenda.lookups import district_for, signed_in_user
from kreisagenda.permissions import Action

from opendata.catalogue import catalogue_graph, catalogue_jsonld, catalogue_turtle
from opendata.exports import dataset_csv, dataset_json
from opendata.forms import OpenDataForm
from opendata.lookups import open_district_for
from opendata.selectors import open_data_get, open_data_setting
from opendata.services import open_data_set

# Files and catalogue are German whatever the visitor's language (status labels come from translated choices).
DATA_LANGUAGE = "de"
PUBLIC_MAX_AGE = 300  # seconds: switching off takes effect at once here, in shared caches within 5 minutes
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
}


@login_required
@require_http_methods(["GET", "POST"])
def open_data_settings_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The coordinator switches the district's open data on or off and chooses its licence (D100)."""
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    setting = open_data_setting(district=district)
    form = OpenDataForm.for_setting(setting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            open_data_set(
                district=district,
                enabled=form.cleaned_data["enabled"],
                licence=form.cleaned_data["licence"],
                actor=signed_in_user(request),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Gespeichert: offene Daten des Kreises."))
            return redirect(reverse("district-home", args=[district.slug]) + "#offene-daten")
    return render(request, "opendata/settings.html", {"district": district, "setting": setting, "form": form})


def _public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _language_from_query(request: HttpRequest) -> None:
    """``?lang=en``: the page's language without a cookie (the site's switch posts a form with a CSRF token)."""
    language = request.GET.get("lang", "")
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


@require_safe
def public_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    setting = open_district_for(district_slug)
    _language_from_query(request)
    data = open_data_get(setting=setting)
    context = {
        "data": data,
        "district": data.district,
        "language": translation.get_language(),
        "languages": settings.LANGUAGES,
    }
    return _public(request, render(request, "opendata/public_home.html", context))


@require_safe
def public_dataset(request: HttpRequest, district_slug: str, dataset_key: str, file_format: str) -> HttpResponse:
    setting = open_district_for(district_slug)
    if file_format not in ("csv", "json"):
        raise Http404
    with translation.override(DATA_LANGUAGE):
        data = open_data_get(setting=setting)
    dataset = data.dataset(dataset_key)
    if dataset is None:
        raise Http404
    if file_format == "csv":
        content = dataset_csv(dataset, data)
    else:
        content = dataset_json(dataset, data, page_url=request.build_absolute_uri(f"/offen/{data.district.slug}/"))
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'inline; filename="{data.district.slug}-{dataset.key}.{file_format}"'
    return _public(request, response)


@require_safe
def public_catalogue(request: HttpRequest, district_slug: str, file_format: str) -> HttpResponse:
    setting = open_district_for(district_slug)
    if file_format not in ("jsonld", "ttl"):
        raise Http404
    with translation.override(DATA_LANGUAGE):
        graph = catalogue_graph(open_data_get(setting=setting), url=request.build_absolute_uri)
    content = catalogue_jsonld(graph) if file_format == "jsonld" else catalogue_turtle(graph)
    return _public(request, HttpResponse(content, content_type=CONTENT_TYPES[file_format]))
