from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.apis import MyMembershipsApi
from kreisagenda.admin import operator_admin_site
from kreisagenda.views import start
from tenants import apis as tenant_apis
from tenants import views as tenant_views

api_v1 = [
    path("districts/", tenant_apis.DistrictListApi.as_view(), name="district-list"),
    path("districts/<slug:district_slug>/", tenant_apis.DistrictDetailApi.as_view(), name="district-detail"),
    path("districts/<slug:district_slug>/towns/", tenant_apis.TownListCreateApi.as_view(), name="town-list"),
    path(
        "districts/<slug:district_slug>/towns/<slug:town_slug>/",
        tenant_apis.TownDetailApi.as_view(),
        name="town-detail",
    ),
    path("me/memberships/", MyMembershipsApi.as_view(), name="my-memberships"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", start, name="start"),
    path("anmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("kreise/<slug:district_slug>/", tenant_views.district_home, name="district-home"),
    path("kreise/<slug:district_slug>/kommunen/neu/", tenant_views.town_create_page, name="town-create"),
    path("kreise/<slug:district_slug>/kommunen/<slug:town_slug>/", tenant_views.town_home, name="town-home"),
    path(
        "kreise/<slug:district_slug>/kommunen/<slug:town_slug>/status/",
        tenant_views.town_status,
        name="town-status",
    ),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", operator_admin_site.urls),
]
