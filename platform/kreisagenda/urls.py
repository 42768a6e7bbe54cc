"""The site: the platform's own pages and homes, each app's pages, and its API answers below /api/v1/.

Each app's urls.py has two lists, urlpatterns (pages) and api_urlpatterns (API, namespace "api").
"""

from __future__ import annotations

from types import ModuleType

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

import accounts.urls
import benchmarking.urls
import quickcheck.answers.urls
import quickcheck.urls
import roadmap.urls
import shared_vision.town_focus.urls
import shared_vision.urls
import solutions.urls
import tenants.urls
from kreisagenda import views
from kreisagenda.admin import operator_admin_site
from kreisagenda.routes import DISTRICT_PAGE, TOWN_PAGE

APPS: list[ModuleType] = [
    tenants.urls,
    shared_vision.urls,
    quickcheck.urls,
    quickcheck.answers.urls,
    shared_vision.town_focus.urls,
    roadmap.urls,
    solutions.urls,
    benchmarking.urls,
    accounts.urls,
]

api_v1: list[URLPattern | URLResolver] = [
    *(path("", include(app.api_urlpatterns)) for app in APPS),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", views.start, name="start"),
    path("anmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    *(path("", include(app.urlpatterns)) for app in APPS),
    # The homes draw on several apps; after the apps, so that ".../kommunen/neu/" stays the town form.
    path(f"{DISTRICT_PAGE}/", views.district_home, name="district-home"),
    path(f"{TOWN_PAGE}/", views.town_home, name="town-home"),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", operator_admin_site.urls),
]
