"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of mentoring."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_API, TOWN_PAGE

from mentoring import apis, views

urlpatterns = [
    path(f"{DISTRICT_PAGE}/patenschaften/", views.mentoring_page, name="mentoring-page"),
    path(f"{DISTRICT_PAGE}/patenschaften/neu/", views.mentorship_new_page, name="mentorship-new"),
    path(f"{DISTRICT_PAGE}/patenschaften/<int:mentorship_id>/", views.mentorship_page, name="mentorship-page"),
    path(f"{DISTRICT_PAGE}/synergien/gemeinsames-projekt/", views.shared_gap_project_page, name="shared-gap-project"),
    path(f"{TOWN_PAGE}/patenschaften/", views.town_mentoring_page, name="town-mentoring"),
    path(f"{TOWN_PAGE}/patenschaften/anfragen/", views.mentor_request_page, name="mentor-request"),
]

api_urlpatterns = [
    path(f"{DISTRICT_API}/mentorships/", apis.MentorshipListCreateApi.as_view(), name="mentorship-list"),
    path(
        f"{DISTRICT_API}/mentorships/<int:mentorship_id>/", apis.MentorshipDetailApi.as_view(), name="mentorship-detail"
    ),
    path(f"{DISTRICT_API}/mentor-requests/", apis.DistrictRequestsApi.as_view(), name="mentor-request-list"),
    path(
        f"{DISTRICT_API}/mentor-requests/<int:request_id>/decline/",
        apis.RequestDeclineApi.as_view(),
        name="mentor-request-decline",
    ),
    path(f"{DISTRICT_API}/project-interests/", apis.DistrictInterestsApi.as_view(), name="project-interest-list"),
    path(
        f"{DISTRICT_API}/project-interests/<int:interest_id>/accept/",
        apis.InterestAcceptApi.as_view(),
        name="project-interest-accept",
    ),
    path(f"{DISTRICT_API}/shared-gap-projects/", apis.SharedGapProjectApi.as_view(), name="shared-gap-project-api"),
    path(f"{TOWN_API}/mentorships/", apis.TownMentorshipsApi.as_view(), name="town-mentorship-list"),
    path(f"{TOWN_API}/mentor-requests/", apis.TownRequestsApi.as_view(), name="town-mentor-request-list"),
    path(f"{TOWN_API}/project-interests/", apis.TownInterestsApi.as_view(), name="town-project-interest-list"),
]
