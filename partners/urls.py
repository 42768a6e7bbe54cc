"""Partners' pages and API: the partner's home, the lists to decide, one proposal (D94–D96)."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_PAGE

from partners import apis, views

urlpatterns = [
    path(f"{DISTRICT_PAGE}/partner/", views.partner_home, name="partner-home"),
    path(f"{DISTRICT_PAGE}/vorschlaege/", views.district_proposals_page, name="district-proposals"),
    path(f"{DISTRICT_PAGE}/vorschlaege/<int:proposal_id>/", views.proposal_page, name="proposal-page"),
    path(f"{TOWN_PAGE}/vorschlaege/", views.town_proposals_page, name="town-proposals"),
]

api_urlpatterns = [
    path(f"{DISTRICT_API}/published-vision/", apis.PublishedVisionApi.as_view(), name="published-vision"),
    path(f"{DISTRICT_API}/proposals/", apis.ProposalListCreateApi.as_view(), name="proposal-list"),
    path(f"{DISTRICT_API}/proposals/<int:proposal_id>/", apis.ProposalDetailApi.as_view(), name="proposal-detail"),
    path(
        f"{DISTRICT_API}/proposals/<int:proposal_id>/accept/", apis.ProposalAcceptApi.as_view(), name="proposal-accept"
    ),
    path(
        f"{DISTRICT_API}/proposals/<int:proposal_id>/decline/",
        apis.ProposalDeclineApi.as_view(),
        name="proposal-decline",
    ),
]
