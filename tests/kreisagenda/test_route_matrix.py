"""Every route of the site and the API, asked by people of one tenant with another tenant's names and ids.

Generated from the URL resolver, so a new page or endpoint is in it the day it is added: each route that
names a district (and each that names a town) is requested with GET, POST, PUT, PATCH and DELETE by
people of another district (and, for a town's routes, of another town of the same district), with real
ids of the other tenant's objects. No answer may succeed (2xx) or redirect anywhere but the sign-in, none
may fail (5xx), no body may carry the other tenant's planted private text, and the other tenant's data,
the shared tables and the set of schemas stay exactly as they were (issue 13, item 10a).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from mentoring.models import MentorRequest, Mentorship, ProjectInterest
from partners.models import Proposal
from publishing.models import AssessmentSnapshot, ItemSnapshot
from reports.models import Report
from reports.services import report_request
from roadmap.models import JointProject
from shared_vision.models import VisionVersion
from solutions.models import Solution
from tenants.models import District, Town
from tests.conftest import World
from tests.helpers import schemas_unchanged, town_unchanged, unchanged

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
SECRET = "VERTRAULICH-{slug}-7f3a"  # planted in each target town: must never reach the prober


def _routes(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


# Routes that name a district: the tenant-scoped ones (the rest — sign-in, language, lists of one's
# own districts, the schema and API docs — are the same for everyone).
DISTRICT_ROUTES = sorted({route for route in _routes() if "<slug:district_slug>" in route})
TOWN_ROUTES = [route for route in DISTRICT_ROUTES if "<slug:town_slug>" in route]


@dataclass(frozen=True)
class Target:
    district: District
    town: Town
    ids: dict[str, str]


def _target(district: District, town: Town) -> Target:
    """The other tenant's real objects, so a refusal is about access and not about a missing id."""
    with town_schema(town):
        solution = Solution.objects.create(
            field_key="verwaltung", category="other", title=SECRET.format(slug=town.slug), status="planned"
        )
    project = JointProject.objects.filter(district=district).first() or JointProject.objects.create(
        district=district,
        lead_town=town,
        title=SECRET.format(slug=district.slug),
        field_key="verwaltung",
        status="idea",
    )
    report = report_request(district=district, town=town, user=None)
    vision = VisionVersion.objects.filter(district=district).order_by("number").first()
    proposal = Proposal.objects.create(
        district=district,
        town=town,
        organisation=SECRET.format(slug=town.slug),
        organisation_kind="stadtwerk",
        title=SECRET.format(slug=town.slug),
        description=SECRET.format(slug=town.slug),
        field_key="verwaltung",
    )
    return Target(
        district=district,
        town=town,
        ids={
            "district_slug": district.slug,
            "town_slug": town.slug,
            "year": str(timezone.localdate().year),
            "number": str(vision.number if vision else 1),
            "code": "VW-1",
            "field_key": "verwaltung",
            "file_format": "csv",
            "solution_id": str(solution.pk),
            "measure_id": "1",
            "goal_id": "1",
            "joint_project_id": str(project.pk),
            "report_id": str(report.pk),
            "flag_id": "1",
            "comment_id": "1",
            "file_id": "1",
            "mentorship_id": _id(Mentorship.objects.filter(district=district)),
            "request_id": _id(MentorRequest.objects.filter(district=district)),
            "interest_id": _id(ProjectInterest.objects.filter(joint_project__district=district)),
            "proposal_id": str(proposal.pk),
        },
    )


def _id(queryset: QuerySet[Any]) -> str:
    """A real object's id where the tenant has one (the demo's mentoring), else one that is not there."""
    return str(queryset.values_list("pk", flat=True).first() or 1)


def _path(route: str, target: Target) -> str:
    return "/" + PARAMETER.sub(lambda match: target.ids[match.group(2)], route)


def _probe(client: Client, path: str, secret: str) -> list[str]:
    problems = []
    for method in METHODS:
        answer = (
            getattr(client, method)(path, {}, format="json")
            if isinstance(client, APIClient)
            else (getattr(client, method)(path))
        )
        status = answer.status_code
        location = answer.get("Location", "")
        if 200 <= status < 300 or (300 <= status < 400 and not location.startswith("/anmelden/")) or status >= 500:
            problems.append(f"{method.upper()} {path} → {status} {location}")
        if secret in answer.content.decode(errors="replace"):
            problems.append(f"{method.upper()} {path} shows the other tenant's private text")
    return problems


def _clients(
    label: str, person: Callable[[str], object], api_as: Callable[[str], APIClient]
) -> tuple[Client, APIClient]:
    page = Client(raise_request_exception=False)
    page.force_login(person(label))  # type: ignore[arg-type]
    api = api_as(label)
    api.raise_request_exception = False
    return page, api


def _matrix(
    routes: list[str],
    labels: list[str],
    target: Target,
    person: Callable[[str], object],
    api_as: Callable[[str], APIClient],
) -> list[str]:
    secret = SECRET.format(slug=target.town.slug)
    problems: list[str] = []
    shared = (
        AssessmentSnapshot.objects.all(),
        ItemSnapshot.objects.all(),
        JointProject.objects.all(),
        Report.objects.all(),
        Mentorship.objects.all(),
        MentorRequest.objects.all(),
        ProjectInterest.objects.all(),
        Proposal.objects.all(),
    )
    with schemas_unchanged(), town_unchanged(target.town), unchanged(*shared):
        for label in labels:
            page, api = _clients(label, person, api_as)
            for route in routes:
                client = api if route.startswith("api/") else page
                problems += [f"{label}: {problem}" for problem in _probe(client, _path(route, target), secret)]
    return problems


def test_the_route_list_is_complete_enough_to_mean_something() -> None:
    assert len(DISTRICT_ROUTES) > 80
    assert any(route.startswith("api/") for route in TOWN_ROUTES)


def test_people_of_another_district_get_nothing_of_hoexter_through_any_route(
    world: World, person: Callable[[str], object], api_as: Callable[[str], APIClient]
) -> None:
    target = _target(world.hoexter_district, world.town_hoexter)
    problems = _matrix(
        DISTRICT_ROUTES, ["coordinator_lippe", "officer_detmold", "partner_lippe", "no_role"], target, person, api_as
    )
    assert not problems, "\n".join(problems)


def test_people_of_hoexter_get_nothing_of_lippe_through_any_route(
    world: World, person: Callable[[str], object], api_as: Callable[[str], APIClient]
) -> None:
    target = _target(world.lippe_district, world.town_detmold)
    labels = ["coordinator", "conference", "officer_hoexter", "viewer_hoexter", "partner"]
    problems = _matrix(DISTRICT_ROUTES, labels, target, person, api_as)
    assert not problems, "\n".join(problems)


def test_another_town_of_the_same_district_gets_nothing_through_a_towns_routes(
    world: World, person: Callable[[str], object], api_as: Callable[[str], APIClient]
) -> None:
    target = _target(world.hoexter_district, world.town_hoexter)
    problems = _matrix(TOWN_ROUTES, ["officer_brakel", "partner"], target, person, api_as)
    assert not problems, "\n".join(problems)
