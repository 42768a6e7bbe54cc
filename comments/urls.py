"""Pages (urlpatterns) and API answers (api_urlpatterns, below /api/v1/) of the comments: one list and
one comment per item — a town's measure, a joint project, a duplicate flag."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE, TOWN_API, TOWN_PAGE

from comments import apis, views
from comments.models import CommentKind

MEASURE = {"kind": CommentKind.MEASURE.value}
JOINT_PROJECT = {"kind": CommentKind.JOINT_PROJECT.value}
FLAG = {"kind": CommentKind.FLAG.value}

urlpatterns = [
    path(f"{TOWN_PAGE}/roadmap/<int:measure_id>/kommentare/", views.comments_page, MEASURE, name="measure-comments"),
    path(
        f"{TOWN_PAGE}/roadmap/<int:measure_id>/kommentare/<int:comment_id>/",
        views.comment_page,
        MEASURE,
        name="measure-comment",
    ),
    path(
        f"{DISTRICT_PAGE}/projekte/<int:joint_project_id>/kommentare/",
        views.comments_page,
        JOINT_PROJECT,
        name="joint_project-comments",
    ),
    path(
        f"{DISTRICT_PAGE}/projekte/<int:joint_project_id>/kommentare/<int:comment_id>/",
        views.comment_page,
        JOINT_PROJECT,
        name="joint_project-comment",
    ),
    path(
        f"{DISTRICT_PAGE}/doppelstrukturen/<int:flag_id>/kommentare/", views.comments_page, FLAG, name="flag-comments"
    ),
    path(
        f"{DISTRICT_PAGE}/doppelstrukturen/<int:flag_id>/kommentare/<int:comment_id>/",
        views.comment_page,
        FLAG,
        name="flag-comment",
    ),
]

api_urlpatterns = [
    path(
        f"{TOWN_API}/measures/<int:measure_id>/comments/",
        apis.CommentListCreateApi.as_view(),
        MEASURE,
        name="measure-comments",
    ),
    path(
        f"{TOWN_API}/measures/<int:measure_id>/comments/<int:comment_id>/",
        apis.CommentDetailApi.as_view(),
        MEASURE,
        name="measure-comment",
    ),
    path(
        f"{DISTRICT_API}/joint-projects/<int:joint_project_id>/comments/",
        apis.CommentListCreateApi.as_view(),
        JOINT_PROJECT,
        name="joint_project-comments",
    ),
    path(
        f"{DISTRICT_API}/joint-projects/<int:joint_project_id>/comments/<int:comment_id>/",
        apis.CommentDetailApi.as_view(),
        JOINT_PROJECT,
        name="joint_project-comment",
    ),
    path(
        f"{DISTRICT_API}/duplicates/<int:flag_id>/comments/",
        apis.CommentListCreateApi.as_view(),
        FLAG,
        name="flag-comments",
    ),
    path(
        f"{DISTRICT_API}/duplicates/<int:flag_id>/comments/<int:comment_id>/",
        apis.CommentDetailApi.as_view(),
        FLAG,
        name="flag-comment",
    ),
]
