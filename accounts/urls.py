"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of a person's account.

Signing in and out are the platform's pages (kreisagenda.urls).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from accounts import apis, views

urlpatterns: list[URLPattern] = [
    path("konto/api-zugaenge/", views.api_tokens_page, name="api-tokens"),
    path("konto/api-zugaenge/<int:token_id>/widerrufen/", views.api_token_revoke_page, name="api-token-revoke"),
]

api_urlpatterns = [
    path("me/memberships/", apis.MyMembershipsApi.as_view(), name="my-memberships"),
]
