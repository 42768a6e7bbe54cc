"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of a town's focus."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import TOWN_API, TOWN_PAGE

from shared_vision.town_focus import apis, views

urlpatterns = [
    path(f"{TOWN_PAGE}/schwerpunkte/", views.focus_page, name="focus-page"),
]

api_urlpatterns = [
    path(f"{TOWN_API}/focus/", apis.TownFocusApi.as_view(), name="focus"),
    path(f"{TOWN_API}/focus/priorities/<slug:field_key>/", apis.FieldPriorityApi.as_view(), name="focus-priority"),
    path(f"{TOWN_API}/focus/goals/", apis.LocalGoalCreateApi.as_view(), name="focus-goal-create"),
    path(f"{TOWN_API}/focus/goals/<int:goal_id>/", apis.LocalGoalDetailApi.as_view(), name="focus-goal-detail"),
]
