"""A bounded property-based run of the OpenAPI schema (schemathesis): every operation, with generated
parameters and bodies, sent over HTTP to the app served by gunicorn, as a town's digital officer and
as the district coordinator, each with an API key of their own (issue 13, item 10b).

No answer may be a server error (5xx), no answer may carry text planted where the person must not
look (another district's town and joint project; for the officer another town's unpublished register
entry; for both a town's draft answer), and the other district's town is unchanged at the end, row
for row. Path parameters are drawn from real slugs and ids of one's own and the other tenants as well
as generated ones, so the generator reaches real objects instead of 404s.

The run writes (generated bodies are often valid), so it works on a copy of the suite's database on a
server of its own (``tests/live.py``). It is derandomised: the same cases every run, so a failure is
reproducible; ``KREISAGENDA_FUZZ_EXAMPLES`` (default 6 per operation and person) widens it.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdf
import pytest
import schemathesis
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from kreisagenda.tenancy import town_schema

from accounts.models import User
from benchmarking.models import DuplicateFlag
from evidence.models import EvidenceFile
from mentoring.models import MentorRequest, Mentorship, ProjectInterest
from quickcheck.answers.models import Assessment
from reports.models import Report
from roadmap.measures.models import Measure
from roadmap.models import JointProject
from shared_vision.models import VisionVersion
from shared_vision.town_focus.models import LocalGoal
from solutions.models import Solution
from tests.conftest import World
from tests.helpers import api_key_for
from tests.live import DatabaseCopy, Server, connected_to, database_copy, server_start

EXAMPLES = int(os.environ.get("KREISAGENDA_FUZZ_EXAMPLES", "6"))
OTHER_DISTRICT = "FUZZ-VERTRAULICH-LIPPE-51c2"  # in Kreis Lippe: nobody of Höxter may see it
OTHER_TOWN = "FUZZ-VERTRAULICH-BRAKEL-9e04"  # Brakel's unpublished entries: not Höxter's officer
DRAFT = "FUZZ-VERTRAULICH-ENTWURF-3b7d"  # Brakel's draft answer: neither Höxter's officer nor the coordination
PEOPLE = {
    "officer_hoexter": ("digital@hoexter.example", (OTHER_DISTRICT, OTHER_TOWN, DRAFT)),
    "coordinator": ("koordination@kreis-hoexter.example", (OTHER_DISTRICT, DRAFT)),
}


def _schema() -> Any:
    """The schema as the app serves it at /api/v1/schema/, generated in-process for collection."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(generated)


schema = _schema()


@dataclass
class Live:
    copy: DatabaseCopy
    server: Server
    keys: dict[str, str]
    places: list[tuple[str, str]]
    path_values: dict[str, list[Any]]
    other_district_before: tuple[str, list[dict[str, Any]]]


def _plant(world: World) -> dict[str, list[Any]]:
    """The private texts, and real values for each path parameter from both districts."""
    lippe, hoexter = world.lippe_district, world.hoexter_district
    lippe_project = JointProject.objects.create(
        district=lippe, lead_town=world.town_detmold, title=OTHER_DISTRICT, field_key="verwaltung", status="idea"
    )
    with town_schema(world.town_detmold):
        Solution.objects.create(field_key="verwaltung", category="other", title=OTHER_DISTRICT, status="planned")
        LocalGoal.objects.create(field_key="verwaltung", text=OTHER_DISTRICT)
    ids: dict[str, list[Any]] = {"measure_id": [], "solution_id": [], "goal_id": [], "file_id": []}
    for town in (world.town_hoexter, world.town_brakel, world.town_detmold):
        with town_schema(town):
            if town == world.town_brakel:
                Solution.objects.create(field_key="verwaltung", category="other", title=OTHER_TOWN, status="planned")
                LocalGoal.objects.create(field_key="verwaltung", text=OTHER_TOWN)
                draft = Assessment.objects.filter(status="draft").order_by("-year").first()
                assert draft is not None, "Brakel's Quick Check is no longer a draft in the world"
                first = draft.answers.order_by("pk").values("pk")[:1]
                assert draft.answers.filter(pk__in=first).update(comment=DRAFT) == 1
            ids["measure_id"] += list(Measure.objects.values_list("pk", flat=True)[:3])
            ids["solution_id"] += list(Solution.objects.values_list("pk", flat=True)[:3])
            ids["goal_id"] += list(LocalGoal.objects.values_list("pk", flat=True)[:3])
            ids["file_id"] += list(EvidenceFile.objects.values_list("pk", flat=True)[:3])
    year = timezone.localdate().year
    return {
        "year": [year, year - 1],
        "code": ["VW-1", "DI-1"],
        "field_key": ["verwaltung", "bildung"],
        "file_format": ["csv", "xlsx", "pdf"],
        "number": sorted(set(VisionVersion.objects.values_list("number", flat=True))),
        "joint_project_id": [
            lippe_project.pk,
            *JointProject.objects.filter(district=hoexter).values_list("pk", flat=True)[:3],
        ],
        "report_id": list(Report.objects.values_list("pk", flat=True)[:4]),
        "flag_id": list(DuplicateFlag.objects.values_list("pk", flat=True)[:4]),
        "mentorship_id": list(Mentorship.objects.values_list("pk", flat=True)[:4]),
        "request_id": list(MentorRequest.objects.values_list("pk", flat=True)[:4]),
        "interest_id": list(ProjectInterest.objects.values_list("pk", flat=True)[:4]),
        **ids,
    }


def _other_district(copy: DatabaseCopy, world: World) -> tuple[str, list[dict[str, Any]]]:
    """Kreis Lippe's town, row for row, and its joint projects (in the shared schema)."""
    with connected_to(copy):
        projects: list[dict[str, Any]] = [
            dict(row) for row in JointProject.objects.filter(district=world.lippe_district).order_by("pk").values()
        ]
    return copy.schema_data(world.town_detmold.schema_name), projects


@pytest.fixture(scope="module")
def live(world: World, django_db_blocker: pytest.FixtureRequest) -> Iterator[Live]:
    with django_db_blocker.unblock(), database_copy() as copy:  # type: ignore[attr-defined]
        with connected_to(copy):
            path_values = _plant(world)
            keys = {label: api_key_for(User.objects.get(email=email)) for label, (email, _) in PEOPLE.items()}
        other_district_before = _other_district(copy, world)
        server = server_start(copy)
        try:
            places = [
                (world.hoexter_district.slug, world.town_hoexter.slug),
                (world.hoexter_district.slug, world.town_brakel.slug),
                (world.lippe_district.slug, world.town_detmold.slug),
            ]
            yield Live(copy, server, keys, places, path_values, other_district_before)
        finally:
            server.stop()


def _readable(content: bytes) -> str:
    """What a person can read in an answer: JSON or CSV as it is, an XLSX's sheets, a PDF's text."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    if content.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    return content.decode(errors="replace")


@pytest.mark.parametrize("label", list(PEOPLE))
@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_fails_or_crosses_tenants(case: Any, data: Any, label: str, live: Live) -> None:
    parameters = case.path_parameters or {}
    if "district_slug" in parameters:  # one's own town, another town of the district, or the other district
        district, town = data.draw(st.sampled_from(live.places), label="place")
        parameters["district_slug"] = district
        if "town_slug" in parameters:
            parameters["town_slug"] = town
    for name, generated in parameters.items():
        if live.path_values.get(name):  # mostly real values, now and then the generated one
            parameters[name] = data.draw(st.sampled_from([*live.path_values[name] * 3, generated]), label=name)
    response = case.call(base_url=live.server.base, headers={"Authorization": f"Token {live.keys[label]}"})
    reproduce = case.as_curl_command(headers={"Authorization": "Token …"})
    readable = _readable(response.content)
    assert response.status_code < 500, f"{response.status_code} for {reproduce}\n{readable[:2000]}"
    for secret in PEOPLE[label][1]:
        assert secret not in readable, f"{label} read {secret} through {reproduce}"


def test_the_run_left_the_other_district_as_it_was(
    live: Live, world: World, django_db_blocker: pytest.FixtureRequest
) -> None:
    """After the generated writes of both people (the test above runs first, in file order)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        assert _other_district(live.copy, world) == live.other_district_before
