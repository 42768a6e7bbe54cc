"""Joint projects from the synergies: a shared gap becomes one joint project with the gap's towns, once;
towns declare interest in a joint project and the coordination adds them in one step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from mentoring.models import ProjectInterest, SharedGapProject
from quickcheck.models import GridVersion
from roadmap.models import Commitment, JointProject, JointProjectTown, ProjectStatus
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create
from tests.conftest import World
from tests.helpers import unchanged
from tests.mentoring.conftest import synergies, town

pytestmark = pytest.mark.django_db

GAP = "/kreise/kreis-hoexter/synergien/gemeinsames-projekt/"


def _gap_form(grid: GridVersion, world: World) -> tuple[dict[str, str], set[int], str]:
    gaps = synergies(world, grid).shared_gaps
    assert gaps, "the demo has a shared gap (at least 3 towns weak in one field, or wanting one target)"
    gap = gaps[0]
    form = {
        "year": str(grid.year),
        "field_key": gap.field_key,
        "question_code": gap.question_code,
        "target_level": str(gap.target_level or 0),
    }
    return form, {t.town_id for t in gap.towns}, gap.field_key


def test_a_shared_gap_becomes_one_joint_project_with_its_towns(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    form, towns, field_key = _gap_form(grid, world)
    coordinator = client_as("coordinator")
    page = coordinator.get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/synergien/").content.decode()
    assert f'action="{GAP}"' in page
    before = set(JointProject.objects.values_list("pk", flat=True))
    answer = coordinator.post(GAP, form)
    (new,) = JointProject.objects.exclude(pk__in=before)
    assert answer.status_code == 302
    assert answer["Location"] == f"/kreise/kreis-hoexter/projekte/{new.pk}/"
    assert (new.field_key, new.status, new.lead_town_id) == (field_key, ProjectStatus.IDEA, None)
    participants = dict(JointProjectTown.objects.filter(joint_project=new).values_list("town_id", "commitment"))
    assert participants == dict.fromkeys(towns, Commitment.INTERESTED)

    # Pressed again (page or API): the same project, nothing duplicated, nobody removed.
    JointProjectTown.objects.filter(joint_project=new, town_id=min(towns)).update(commitment=Commitment.COMMITTED)
    with unchanged(JointProject.objects.all(), JointProjectTown.objects.all(), SharedGapProject.objects.all()):
        assert coordinator.post(GAP, form)["Location"] == f"/kreise/kreis-hoexter/projekte/{new.pk}/"
        again = api_as("coordinator").post(
            "/api/v1/districts/kreis-hoexter/shared-gap-projects/",
            {**form, "year": grid.year, "target_level": int(form["target_level"])},
            format="json",
        )
        assert again.status_code == 200
        assert (again.json()["joint_project_id"], again.json()["created"]) == (new.pk, False)


def test_only_the_coordination_makes_a_project_and_only_of_a_real_gap(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    form, _towns, _field = _gap_form(grid, world)
    with unchanged(JointProject.objects.all(), JointProjectTown.objects.all(), SharedGapProject.objects.all()):
        assert client_as("conference").post(GAP, form).status_code == 403
        assert client_as("officer_hoexter").post(GAP, form).status_code == 403
        assert client_as("coordinator_lippe").post(GAP, form).status_code == 404
        url = "/api/v1/districts/kreis-hoexter/shared-gap-projects/"
        assert api_as("conference").post(url, {**form, "year": grid.year}, format="json").status_code == 403
        no_gap = api_as("coordinator").post(url, {"year": grid.year, "field_key": "gibt-es-nicht"}, format="json")
        assert no_gap.status_code == 400
        assert list(no_gap.json()) == ["field_key"]


def _project(world: World, *towns: str) -> JointProject:
    return joint_project_create(
        district=world.hoexter_district,
        plan=PlanInput(title="Gemeinsames Rechenzentrum", field_key="infrastruktur"),
        context=plan_context(district=world.hoexter_district),
        lead_town=town(world, towns[0]),
        participants={town(world, slug): Commitment.COMMITTED for slug in towns},
        actor=None,
    )


def test_a_town_declares_interest_and_the_coordination_adds_it(
    world: World, client_as: Callable[[str], Client], fired: dict[str, list[Any]]
) -> None:
    project = _project(world, "warburg")
    page = "/kreise/kreis-hoexter/kommunen/hoexter/patenschaften/"
    officer = client_as("officer_hoexter")
    assert f'data-open-project="{project.pk}"' in officer.get(page).content.decode()
    with unchanged(ProjectInterest.objects.all()):
        assert client_as("viewer_hoexter").post(page, {"joint_project": str(project.pk)}).status_code == 403
        assert client_as("officer_brakel").post(page, {"joint_project": str(project.pk)}).status_code == 404
        assert client_as("coordinator").post(page, {"joint_project": str(project.pk)}).status_code == 403
    assert officer.post(page, {"joint_project": str(project.pk), "message": "Wir machen mit"}).status_code == 302
    interest = ProjectInterest.objects.get(joint_project=project, town=world.town_hoexter)
    assert fired["interest_declared"] == [(interest,)]
    with unchanged(ProjectInterest.objects.all()):
        twice = officer.post(page, {"joint_project": str(project.pk)})
        assert twice.status_code == 400
        assert "Gemeinsames Projekt: Die Kommune hat ihr Interesse schon bekundet." in twice.content.decode()

    coordinator = client_as("coordinator")
    mentoring = "/kreise/kreis-hoexter/patenschaften/"
    assert f'data-interest="{interest.pk}"' in coordinator.get(mentoring).content.decode()
    with unchanged(JointProjectTown.objects.all(), ProjectInterest.objects.all()):
        assert client_as("conference").post(mentoring, {"accept_interest": str(interest.pk)}).status_code == 403
        assert officer.post(mentoring, {"accept_interest": str(interest.pk)}).status_code == 403
    assert coordinator.post(mentoring, {"accept_interest": str(interest.pk)}).status_code == 302
    taking_part = dict(JointProjectTown.objects.filter(joint_project=project).values_list("town__slug", "commitment"))
    assert taking_part == {"warburg": Commitment.COMMITTED, "hoexter": Commitment.INTERESTED}
    interest.refresh_from_db()
    assert interest.added_at is not None
    assert f'data-interest="{interest.pk}"' not in coordinator.get(mentoring).content.decode()
    assert f'data-open-project="{project.pk}"' not in officer.get(page).content.decode()  # now part of it
    with unchanged(ProjectInterest.objects.all()):  # part of the project: no interest to declare
        assert officer.post(page, {"joint_project": str(project.pk)}).status_code == 400


def test_interest_through_the_api(world: World, api_as: Callable[[str], APIClient]) -> None:
    project = _project(world, "warburg")
    url = "/api/v1/districts/kreis-hoexter/towns/hoexter/project-interests/"
    officer = api_as("officer_hoexter")
    with unchanged(ProjectInterest.objects.all()):
        assert api_as("viewer_hoexter").post(url, {"joint_project_id": project.pk}, format="json").status_code == 403
        unknown = officer.post(url, {"joint_project_id": 987654}, format="json")
        assert unknown.status_code == 400
        assert list(unknown.json()) == ["joint_project_id"]
    created = officer.post(url, {"joint_project_id": project.pk}, format="json")
    assert created.status_code == 201
    listed = api_as("coordinator").get("/api/v1/districts/kreis-hoexter/project-interests/").json()
    assert [row["town"] for row in listed if row["joint_project_id"] == project.pk] == ["hoexter"]
    accept = f"/api/v1/districts/kreis-hoexter/project-interests/{created.json()['id']}/accept/"
    with unchanged(JointProjectTown.objects.all()):
        assert officer.post(accept).status_code == 403
    accepted = api_as("coordinator").post(accept)
    assert accepted.status_code == 200
    assert accepted.json()["added_at"] is not None
    assert JointProjectTown.objects.filter(joint_project=project, town=world.town_hoexter).exists()
