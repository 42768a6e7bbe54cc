"""The migrations that turn goal ids into goal keys (D60), run on a town's schema and on public: a
measure linked by id before is linked by key after; an id no goal has any more is dropped."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from kreisagenda.tenancy import town_schema

from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.models import JointProject
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from shared_vision.models import Goal
from shared_vision.selectors import vision_current
from tests.conftest import World

BEFORE, AFTER = ("measures", "0001_initial"), ("measures", "0002_shared_goal_keys")


def test_a_towns_measures_keep_their_goals_through_the_migration(world: World, db: None) -> None:
    vision = vision_current(district=world.hoexter_district)
    assert vision is not None
    goals = list(Goal.objects.filter(field__version=vision).order_by("field__position", "position")[:2])
    with town_schema(world.town_hoexter):
        measure = measure_create(
            town=world.town_hoexter,
            data=MeasureInput(plan=PlanInput(title="Vor der Migration", field_key="verwaltung")),
            context=plan_context(district=world.hoexter_district),
            actor=None,
        )
        MigrationExecutor(connection).migrate([BEFORE])  # the town's schema as it was before D60
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE measures_measure SET shared_goal_ids = %s WHERE id = %s",
                [[goals[1].pk, 99_999_999, goals[0].pk], measure.pk],
            )
        MigrationExecutor(connection).migrate([AFTER])
        migrated = Measure.objects.get(pk=measure.pk)
    assert migrated.shared_goal_keys == sorted([goals[0].key, goals[1].key])


def test_joint_projects_keep_their_goals_through_the_migration(world: World, db: None) -> None:
    vision = vision_current(district=world.hoexter_district)
    assert vision is not None
    goal = Goal.objects.filter(field__version=vision).order_by("field__position", "position").first()
    assert goal is not None
    project = JointProject.objects.create(district=world.hoexter_district, title="Vorher", field_key="verwaltung")
    with connection.cursor() as cursor:  # as a real migration finds it: nothing checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        MigrationExecutor(connection).migrate([("roadmap", "0002_joint_project_plan")])
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE roadmap_jointproject SET shared_goal_ids = %s WHERE id = %s", [[goal.pk], project.pk]
            )
        MigrationExecutor(connection).migrate([("roadmap", "0003_shared_goal_keys")])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are deferred
    project.refresh_from_db()
    assert project.shared_goal_keys == [goal.key]
