"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of a person's account.

Signing in and out are the platform's pages (kreisagenda.urls).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from accounts import apis

urlpatterns: list[URLPattern] = []

api_urlpatterns = [
    path("me/memberships/", apis.MyMembershipsApi.as_view(), name="my-memberships"),
]
