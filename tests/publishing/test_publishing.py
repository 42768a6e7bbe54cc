"""The publish step: what reaches the district, when, and that repeating it changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kreisagenda.tenancy import public_schema_activate, town_schema_activate

from accounts.models import User
from publishing.models import (
    AnswerSnapshot,
    AssessmentProgress,
    AssessmentSnapshot,
    ItemSnapshot,
    PublishedItem,
    SnapshotStatus,
)
from publishing.services import assessment_publish, items_publish
from publishing.tasks import assessment_progress_publish_task, assessment_publish_task, items_publish_task
from quickcheck.answers.selectors import assessment_view
from quickcheck.answers.services import assessment_release, assessment_reopen
from quickcheck.models import GridVersion
from solutions.selectors import solutions_publishable
from solutions.services import SolutionInput, solution_create
from tenants.models import Town
from tests.conftest import World
from tests.helpers import PUBLISHED, town_unchanged, unchanged


def _snapshots(town: Town, grid: GridVersion) -> list[tuple[int, str]]:
    return list(
        AssessmentSnapshot.objects.filter(town=town, grid=grid).order_by("version").values_list("version", "status")
    )


def test_released_towns_are_published_once_and_drafts_not_at_all(world: World, grid: GridVersion) -> None:
    released = AssessmentSnapshot.objects.filter(grid=grid, status=SnapshotStatus.RELEASED)
    assert sorted(released.values_list("town__slug", flat=True)) == sorted(
        Town.objects.filter(district=world.hoexter_district)
        .exclude(slug__in=["brakel", "marienmuenster"])
        .values_list("slug", flat=True)
    )
    assert set(released.values_list("version", flat=True)) == {1}
    # Brakel (60 % draft) and Marienmünster (complete, not released) left nothing in public tables.
    assert _snapshots(world.town_brakel, grid) == []
    assert not AnswerSnapshot.objects.filter(snapshot__town__slug__in=["brakel", "marienmuenster"]).exists()


def test_the_snapshot_holds_what_the_town_released(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_hoexter)
    view = assessment_view(town=world.town_hoexter, grid=grid, include_drafts=False)
    snapshot = AssessmentSnapshot.objects.get(town=world.town_hoexter, grid=grid)
    assert (snapshot.overall_current, snapshot.overall_target) == (
        view.scores.overall_current,
        view.scores.overall_target,
    )
    assert [(f.field_key, f.current, f.target) for f in snapshot.field_scores.all()] == [
        (fv.field.key, fv.score.current, fv.score.target) for fv in view.fields
    ]
    assert {(a.question_code, a.current_level, a.target_level) for a in snapshot.answers.all()} == {
        (
            item.question.code,
            item.answer.current_level if item.answer else None,
            item.answer.target_level if item.answer else None,
        )
        for item in view.question_views()
    }
    assert (snapshot.population, snapshot.town_kind, snapshot.is_sample_data) == (29812, "town", True)


def test_publishing_twice_gives_one_snapshot(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_hoexter)
    first = assessment_publish(town=world.town_hoexter, grid=grid)
    again = assessment_publish(town=world.town_hoexter, grid=grid)
    # The task body, run twice more, as a redelivered message would.
    assessment_publish_task.run(town_id=world.town_hoexter.pk, grid_id=grid.pk)
    assessment_publish_task.run(town_id=world.town_hoexter.pk, grid_id=grid.pk)
    assert first is not None
    assert again is not None
    assert first.pk == again.pk
    assert _snapshots(world.town_hoexter, grid) == [(1, SnapshotStatus.RELEASED)]
    items_before = ItemSnapshot.objects.filter(town=world.town_hoexter).count()
    items_publish_task.run(town_id=world.town_hoexter.pk)
    items_publish_task.run(town_id=world.town_hoexter.pk)
    assert ItemSnapshot.objects.filter(town=world.town_hoexter).count() == items_before == 1


def test_release_and_reopen_enqueue_the_publish_step_which_versions_the_snapshot(
    world: World,
    grid: GridVersion,
    person: Callable[[str], User],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    town = Town.objects.get(slug="marienmuenster")
    town_schema_activate(town)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        assessment_release(town=town, grid=grid, actor=None)
    assert len(callbacks) == 1
    assert _snapshots(town, grid) == []  # nothing reaches the district before the task ran
    assessment_publish_task.run(town_id=town.pk, grid_id=grid.pk)
    assert _snapshots(town, grid) == [(1, SnapshotStatus.RELEASED)]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        assessment_reopen(town=town, grid=grid, reason="Bitte BI-2 prüfen", actor=person("coordinator"))
    # The publish step, and the reopening's instant mails (notifications).
    assert [c.__qualname__ for c in callbacks] == [
        "assessment_publish_later.<locals>.<lambda>",
        "mails_instant_later.<locals>.<lambda>",
    ]
    assessment_publish_task.run(town_id=town.pk, grid_id=grid.pk)
    assert _snapshots(town, grid) == [(1, SnapshotStatus.RELEASED), (2, SnapshotStatus.WITHDRAWN)]
    withdrawn = AssessmentSnapshot.objects.get(town=town, grid=grid, version=2)
    assert withdrawn.overall_current is None
    assert not withdrawn.field_scores.exists()

    assessment_release(town=town, grid=grid, actor=None)
    assessment_publish_task.run(town_id=town.pk, grid_id=grid.pk)
    versions = _snapshots(town, grid)
    assert versions[-1] == (3, SnapshotStatus.RELEASED)
    # The earlier versions are kept as they were: snapshots are never rewritten.
    assert AssessmentSnapshot.objects.get(town=town, grid=grid, version=1).field_scores.count() > 0


def test_an_unreleased_town_publishes_nothing(world: World, grid: GridVersion) -> None:
    town_schema_activate(world.town_brakel)
    assert assessment_publish(town=world.town_brakel, grid=grid) is None
    assert _snapshots(world.town_brakel, grid) == []


def test_publishing_needs_the_towns_own_schema(world: World, grid: GridVersion) -> None:
    with unchanged(*PUBLISHED), town_unchanged(world.town_hoexter), town_unchanged(world.town_brakel):
        town_schema_activate(world.town_brakel)
        with pytest.raises(RuntimeError, match="braucht deren Schema"):
            assessment_publish(town=world.town_hoexter, grid=grid)
        public_schema_activate()
        with pytest.raises(RuntimeError, match="braucht deren Schema"):
            items_publish(town=world.town_hoexter, items=[])  # would publish an empty register


def test_a_register_change_enqueues_the_publish_step(
    world: World, django_capture_on_commit_callbacks: Callable[..., object], person: Callable[[str], User]
) -> None:
    town_schema_activate(world.town_brakel)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        solution = solution_create(
            town=world.town_brakel,
            data=SolutionInput(
                field_key="mobilitaet", category="parking_sensors", title="Parksensoren", status="planned"
            ),
            valid_field_keys={"mobilitaet"},
            actor=person("officer_brakel"),
        )
    assert len(callbacks) == 1
    before = ItemSnapshot.objects.filter(town=world.town_brakel).order_by("-version").first()
    assert before is not None
    assert not PublishedItem.objects.filter(snapshot=before, item_id=solution.pk).exists()
    items_publish_task.run(town_id=world.town_brakel.pk)
    after = ItemSnapshot.objects.filter(town=world.town_brakel).order_by("-version").first()
    assert after is not None
    assert after.version == before.version + 1
    assert PublishedItem.objects.get(snapshot=after, item_id=solution.pk).title == "Parksensoren"
    assert len(solutions_publishable()) == after.items.count()


def test_a_progress_task_publishes_only_the_town_it_names(world: World, grid: GridVersion) -> None:
    """Sent while another town's schema is active, it counts the named town's answers, nobody else's."""
    brakel, hoexter = world.town_brakel, world.town_hoexter
    AssessmentProgress.objects.filter(town__in=[brakel, hoexter]).delete()
    town_schema_activate(hoexter)
    assessment_progress_publish_task.run(town_id=brakel.pk, grid_id=grid.pk)
    public_schema_activate()
    assert not AssessmentProgress.objects.filter(town=hoexter).exists()  # the active schema's town: untouched
    published = AssessmentProgress.objects.get(town=brakel)
    town_schema_activate(brakel)
    own = assessment_view(town=brakel, grid=grid, include_drafts=True)
    assert (published.town, published.answered, published.applicable) == (
        brakel,
        own.completeness.answered,
        own.completeness.applicable,
    )
    assert published.carried_over_unchecked == own.carried_over_count


def test_a_progress_task_refuses_a_grid_of_another_district(world: World, grid: GridVersion) -> None:
    lippe_grid = GridVersion.objects.create(district=world.lippe_district, year=grid.year, status="open")
    with unchanged(AssessmentProgress), pytest.raises(GridVersion.DoesNotExist):
        assessment_progress_publish_task.run(town_id=world.town_brakel.pk, grid_id=lippe_grid.pk)
