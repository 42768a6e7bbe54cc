"""Each event notifies exactly the right people: by role, in their own town or district, nobody of
another town or district, and nobody who could not see the item (kreisagenda.permissions)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone
from kreisagenda.tenancy import town_schema

from accounts.models import Role, User
from accounts.services import membership_grant, user_create
from benchmarking.hooks import duplicate_flags_raised
from benchmarking.models import DuplicateFlag
from benchmarking.services import duplicate_flags_refresh
from notifications.events import deadlines_remind, measures_late_remind, reminder_stage, synergies_notify
from notifications.models import Notification
from notifications.tasks import synergies_notify_task
from publishing.hooks import assessment_published
from publishing.models import AssessmentSnapshot, ItemKind, ItemSnapshot, PublishedItem
from publishing.services import assessment_publish
from quickcheck.answers.services import assessment_release, assessment_reopen
from quickcheck.grid_io import default_grid_rows
from quickcheck.models import GridVersion
from quickcheck.services import grid_create, grid_open
from roadmap.models import Commitment, JointProject
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create, joint_project_update
from tenants.models import Town
from tests.conftest import PEOPLE, World
from tests.factories import comparison_grid, published_snapshot, unprovisioned_town
from tests.notifications.conftest import recipients

pytestmark = pytest.mark.django_db


def email(label: str) -> str:
    return PEOPLE[label][0]


def test_opening_a_campaign_tells_the_towns_people_and_the_other_coordinators_of_that_district_only(
    world: World, person: Callable[[str], User]
) -> None:
    grid = grid_create(
        district=world.hoexter_district, year=timezone.localdate().year + 3, actor=None, rows=default_grid_rows()
    )
    grid_open(grid=grid, actor=None)
    key = f"campaign_opened:{grid.pk}"
    assert recipients(key=key) == {
        email("coordinator"),
        email("officer_hoexter"),
        email("viewer_hoexter"),
        email("officer_brakel"),
    }
    mine = Notification.objects.get(key=key, recipient=person("officer_brakel"))
    assert mine.town == world.town_brakel
    assert mine.url == f"/kreise/kreis-hoexter/kommunen/brakel/quick-check/{grid.year}/"
    assert "Quick-Check-Erhebung" in mine.title


def test_the_coordinator_who_opens_the_campaign_is_not_told_of_it(world: World, person: Callable[[str], User]) -> None:
    grid = grid_create(
        district=world.hoexter_district, year=timezone.localdate().year + 3, actor=None, rows=default_grid_rows()
    )
    grid_open(grid=grid, actor=person("coordinator"))
    assert email("coordinator") not in recipients(key=f"campaign_opened:{grid.pk}")
    assert email("officer_hoexter") in recipients(key=f"campaign_opened:{grid.pk}")


@pytest.mark.parametrize(
    ("days_left", "stage"), [(20, None), (15, None), (14, 14), (4, 14), (3, 3), (0, 3), (-1, None)]
)
def test_the_reminder_due_follows_the_days_left(days_left: int, stage: int | None) -> None:
    assert reminder_stage(days_left) == stage


def test_deadline_reminders_go_to_towns_not_released_once_each(world: World, grid: GridVersion) -> None:
    today = timezone.localdate()
    GridVersion.objects.filter(pk=grid.pk).update(deadline=today + datetime.timedelta(days=14))
    published_snapshot(town=world.town_hoexter, grid=grid, fields={"verwaltung": "50"}, version=90)  # released
    published_snapshot(town=world.town_brakel, grid=grid, fields={}, version=90, status="withdrawn")
    made = deadlines_remind(today=today)
    key = f"campaign_deadline:{grid.pk}:{(today + datetime.timedelta(days=14)).isoformat()}:14"
    assert recipients(key=key) == {email("officer_brakel")}  # Höxter released; nobody of Lippe
    assert {n.key for n in made} == {key}
    assert "14 Tage" in made[0].title
    assert deadlines_remind(today=today) == []  # the beat task running again sends nothing
    assert Notification.objects.filter(key=key).count() == 1
    later = deadlines_remind(today=today + datetime.timedelta(days=11))  # 3 days left: the second reminder
    assert {n.key for n in later} == {key.replace(":14", ":3")}
    assert deadlines_remind(today=today + datetime.timedelta(days=12)) == []


def test_a_reopening_tells_the_coordinators_and_the_towns_people_with_the_reason_a_release_the_coordinators(
    world: World, grid: GridVersion
) -> None:
    town = world.town_hoexter
    before = set(Notification.objects.values_list("pk", flat=True))
    with town_schema(town):
        assessment_reopen(town=town, grid=grid, reason="Bitte Breitband-Zahlen prüfen", actor=None)
    reopened = Notification.objects.exclude(pk__in=before)
    assert {n.recipient.email for n in reopened} == {
        email("coordinator"),
        email("officer_hoexter"),
        email("viewer_hoexter"),
    }
    assert all(n.kind == "assessment_reopened" and n.town == town for n in reopened)
    assert all("Bitte Breitband-Zahlen prüfen" in n.body for n in reopened)
    before = set(Notification.objects.values_list("pk", flat=True))
    with town_schema(town):
        assessment_release(town=town, grid=grid, actor=None)
    released = Notification.objects.exclude(pk__in=before)
    assert [(n.kind, n.recipient.email) for n in released] == [("assessment_released", email("coordinator"))]
    assert released[0].title == f"Höxter hat den Quick Check {grid.year} freigegeben"


def _flag(world: World) -> DuplicateFlag:
    items = [
        {
            "town_id": world.town_hoexter.pk,
            "town_name": "Höxter",
            "item_kind": ItemKind.MEASURE,
            "item_id": 7,
            "title": "Ratsinformationssystem erneuern",
        },
        {
            "town_id": world.town_brakel.pk,
            "town_name": "Brakel",
            "item_kind": ItemKind.SOLUTION,
            "item_id": 9,
            "title": "Ratsinfo-System",
        },
    ]
    return DuplicateFlag.objects.create(
        district=world.hoexter_district,
        field_key="verwaltung",
        member_key="test-member",
        fingerprint="test-fingerprint",
        similarity="0.800",
        suggested_action="joint_procurement",
        evidence={"items": items, "pairs": []},
    )


def test_a_new_duplicate_flag_tells_the_coordinators_and_the_officers_of_the_towns_involved(world: World) -> None:
    world.hoexter_district.towns_see_peer_names = False
    world.hoexter_district.save()
    flag = _flag(world)
    duplicate_flags_raised.fire(world.hoexter_district, [flag])
    key = f"duplicate_flag:{flag.pk}"
    assert recipients(key=key) == {email("coordinator"), email("officer_hoexter"), email("officer_brakel")}
    brakel = Notification.objects.get(key=key, recipient__email=email("officer_brakel"))
    assert brakel.url == "/kreise/kreis-hoexter/kommunen/brakel/loesungen/9/"
    assert brakel.town == world.town_brakel
    assert "Höxter" not in brakel.body  # towns do not see peers' names unless the district allows it
    assert "1 andere Kommunen" in brakel.body
    duplicate_flags_raised.fire(world.hoexter_district, [flag])  # a second refresh: nothing new
    assert Notification.objects.filter(key=key).count() == 3


def test_peers_are_named_to_the_towns_where_the_district_shows_their_names(world: World) -> None:
    world.hoexter_district.towns_see_peer_names = True
    world.hoexter_district.save()
    flag = _flag(world)
    duplicate_flags_raised.fire(world.hoexter_district, [flag])
    assert (
        "Höxter"
        in Notification.objects.get(key=f"duplicate_flag:{flag.pk}", recipient__email=email("officer_brakel")).body
    )


def test_the_flag_refresh_fires_the_hook_with_the_flags_it_created_and_only_those(world: World) -> None:
    raised: list[DuplicateFlag] = []
    receiver = lambda district, flags: raised.extend(flags)  # noqa: E731
    duplicate_flags_raised.register(receiver)
    try:
        DuplicateFlag.objects.filter(district=world.hoexter_district).delete()
        current = duplicate_flags_refresh(district=world.hoexter_district)
        assert current, "the demo's published items hold duplicates"
        assert {f.pk for f in raised} == {f.pk for f in current}
        raised.clear()
        duplicate_flags_refresh(district=world.hoexter_district)
        assert raised == []
    finally:
        duplicate_flags_raised._receivers.remove(receiver)


def test_new_synergies_tell_the_officers_of_the_towns_in_them_once(world: World) -> None:
    district = world.lippe_district
    district.towns_see_peer_names = False
    district.save()
    grid = comparison_grid(district=district, year=2031, field_keys=["verwaltung"])
    scores = {"Lemgo": "90", "Blomberg": "30", "Horn": "60", "Lage": "62"}
    towns: dict[str, Town] = {}
    for number, (name, score) in enumerate(scores.items()):
        town = unprovisioned_town(district=district, name=name, ags=f"0576680{number}", population=20000)
        published_snapshot(town=town, grid=grid, fields={"verwaltung": score})
        officer = user_create(email=f"digital@{name.lower()}.example", full_name=name, password=None)
        membership_grant(user=officer, role=Role.TOWN_DIGITAL_OFFICER, town=town)
        viewer = user_create(email=f"bm@{name.lower()}.example", full_name=name, password=None)
        membership_grant(user=viewer, role=Role.TOWN_VIEWER, town=town)
        towns[name] = town
    made = synergies_notify(district=district, year=2031)
    assert {n.recipient.email for n in made} == {"digital@lemgo.example", "digital@blomberg.example"}
    mentee = next(n for n in made if n.recipient.email == "digital@blomberg.example")
    assert mentee.town == towns["Blomberg"]
    assert "Lemgo" not in mentee.body
    assert "Eine andere Kommune" in mentee.body
    assert mentee.url == "/kreise/kreis-lippe/kommunen/blomberg/vergleich/2031/"
    assert synergies_notify(district=district, year=2031) == []
    assert not Notification.objects.filter(recipient__email=email("officer_detmold"), kind="synergy").exists()


def _publish_measure(town: Town, *, item_id: int, end_quarter: str, status: str, version: int) -> None:
    snapshot = ItemSnapshot.objects.create(
        district=town.district, town=town, version=version, content_hash=f"t{version}"
    )
    PublishedItem.objects.create(
        snapshot=snapshot,
        item_kind=ItemKind.MEASURE,
        item_id=item_id,
        field_key="verwaltung",
        title="E-Akte einführen",
        stage="procurement",
        item_hash="x",
        status=status,
        end_quarter=end_quarter,
    )


def test_a_late_measure_tells_the_towns_digital_officer_once_per_lateness(world: World) -> None:
    town = world.town_hoexter
    today = datetime.date(2030, 5, 1)
    Notification.objects.filter(kind="measure_late").delete()
    ItemSnapshot.objects.filter(district=world.hoexter_district).exclude(town=town).delete()
    _publish_measure(town, item_id=4711, end_quarter="2029-Q4", status="in_progress", version=900)
    made = measures_late_remind(today=today)
    assert [(n.recipient.email, n.key) for n in made] == [
        (email("officer_hoexter"), f"measure_late:{town.pk}:4711:2029-Q4")
    ]
    assert made[0].url == "/kreise/kreis-hoexter/kommunen/hoexter/roadmap/4711/"
    assert measures_late_remind(today=today) == []  # once per measure and lateness
    _publish_measure(town, item_id=4711, end_quarter="2030-Q1", status="in_progress", version=901)  # moved, late again
    assert [n.key for n in measures_late_remind(today=today)] == [f"measure_late:{town.pk}:4711:2030-Q1"]
    _publish_measure(town, item_id=4711, end_quarter="2030-Q1", status="done", version=902)
    assert measures_late_remind(today=datetime.date(2031, 1, 1)) == []


def test_a_joint_project_change_tells_the_participant_towns_officers_but_not_who_changed_it(
    world: World, person: Callable[[str], User]
) -> None:
    district = world.hoexter_district
    context = plan_context(district=district)
    before = set(Notification.objects.values_list("pk", flat=True))
    project = joint_project_create(
        district=district,
        plan=PlanInput(title="Gemeinsames Bürgerportal", field_key="verwaltung"),
        context=context,
        lead_town=world.town_hoexter,
        participants={world.town_brakel: Commitment.INTERESTED},
        actor=person("coordinator"),
    )
    created = Notification.objects.exclude(pk__in=before)
    assert {n.recipient.email for n in created} == {email("officer_hoexter"), email("officer_brakel")}
    assert all(n.url == f"/kreise/kreis-hoexter/projekte/{project.pk}/" for n in created)
    before = set(Notification.objects.values_list("pk", flat=True))
    joint_project_update(
        joint_project=JointProject.objects.get(pk=project.pk),
        plan=PlanInput(title="Gemeinsames Bürgerportal", field_key="verwaltung", description="Neu"),
        context=context,
        actor=person("officer_hoexter"),
    )
    changed = Notification.objects.exclude(pk__in=before)
    assert [(n.recipient.email, n.kind) for n in changed] == [(email("officer_brakel"), "joint_project_changed")]
    assert "Plan geändert" in changed[0].title


def test_a_published_release_fires_its_hook_and_looks_for_new_synergies_after_the_commit(
    world: World,
    grid: GridVersion,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    town = world.town_hoexter
    seen: list[AssessmentSnapshot] = []
    sent: list[dict[str, int]] = []
    monkeypatch.setattr(synergies_notify_task, "delay", lambda **kwargs: sent.append(kwargs))
    assessment_published.register(seen.append)
    try:
        with town_schema(town):
            assessment_reopen(town=town, grid=grid, reason="Prüfen", actor=None)
            assessment_release(town=town, grid=grid, actor=None)
            with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
                snapshot = assessment_publish(town=town, grid=grid)
    finally:
        assessment_published._receivers.remove(seen.append)
    assert snapshot is not None
    assert seen == [snapshot]
    assert sent == [{"district_id": world.hoexter_district.pk, "year": grid.year}]


def test_the_demo_seed_leaves_notifications_from_its_releases_and_its_campaign(
    world: World, person: Callable[[str], User]
) -> None:
    coordinator = Notification.objects.filter(recipient=person("coordinator"))
    assert coordinator.filter(kind="assessment_released").count() >= 5
    assert Notification.objects.filter(recipient=person("officer_brakel"), kind="campaign_opened").exists()
