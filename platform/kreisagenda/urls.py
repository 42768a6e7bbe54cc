"""The site: login, each app's pages (the homes last), and its API answers below /api/v1/.

Each app's urls.py has two lists, urlpatterns (pages) and api_urlpatterns (API, namespace "api").
"""

from __future__ import annotations

from types import ModuleType

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import accounts.urls
import benchmarking.urls
import comments.urls
import dashboards.urls
import mentoring.urls
import notifications.urls
import opendata.urls
import partners.urls
import quickcheck.answers.urls
import quickcheck.urls
import reports.urls
import roadmap.urls
import shared_vision.town_focus.urls
import shared_vision.urls
import solutions.urls
import tenants.urls
from kreisagenda.admin import operator_admin_site
from kreisagenda.sessions import SignInView

APPS: list[ModuleType] = [
    tenants.urls,
    shared_vision.urls,
    quickcheck.urls,
    quickcheck.answers.urls,
    shared_vision.town_focus.urls,
    roadmap.urls,
    solutions.urls,
    benchmarking.urls,
    comments.urls,
    mentoring.urls,
    opendata.urls,
    accounts.urls,
    reports.urls,
    partners.urls,
    notifications.urls,
    dashboards.urls,  # last: the town home's path would take ".../kommunen/neu/" from tenants
]

api_v1: list[URLPattern | URLResolver] = [
    *(path("", include(app.api_urlpatterns)) for app in APPS),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start script as a file: no inline script (Content-Security-Policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:api-schema"), name="api-docs"),
]


def favicon(_request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico where a page names no icon (files, the API): the app's own icon."""
    return HttpResponsePermanentRedirect(static("kreisagenda/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("anmelden/", SignInView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    *(path("", include(app.urlpatterns)) for app in APPS),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", operator_admin_site.urls),
]

# Without the database too: 503 with Retry-After while it is away (kreisagenda.errors).
handler500 = "kreisagenda.errors.server_error"
