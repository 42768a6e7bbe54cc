"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of the shared vision."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE

from shared_vision import apis, views

urlpatterns = [
    path(f"{DISTRICT_PAGE}/leitbild/", views.vision_home, name="vision-home"),
    path(f"{DISTRICT_PAGE}/leitbild/neu/", views.vision_new, name="vision-new"),
    path(f"{DISTRICT_PAGE}/leitbild/<int:number>/", views.vision_page, name="vision-page"),
    path(f"{DISTRICT_PAGE}/leitbild/<int:number>/bearbeiten/", views.vision_edit, name="vision-edit"),
    path(f"{DISTRICT_PAGE}/leitbild/<int:number>/beschluss/", views.vision_adopt_page, name="vision-adopt"),
    path(
        f"{DISTRICT_PAGE}/leitbild/<int:number>/ratsbeschluss/<slug:town_slug>/",
        views.council_adoption_page,
        name="council-adoption",
    ),
]

api_urlpatterns = [
    path(f"{DISTRICT_API}/vision/", apis.VisionListCreateApi.as_view(), name="vision-list"),
    path(f"{DISTRICT_API}/vision/<int:number>/", apis.VisionDetailApi.as_view(), name="vision-detail"),
    path(f"{DISTRICT_API}/vision/<int:number>/adopt/", apis.VisionAdoptApi.as_view(), name="vision-adopt"),
    path(
        f"{DISTRICT_API}/vision/<int:number>/council-adoptions/",
        apis.CouncilAdoptionsApi.as_view(),
        name="vision-council-adoptions",
    ),
]
