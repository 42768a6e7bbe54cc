"""Writing joint projects (public schema) and linking towns' measures to them.

The coordinator creates projects and decides who takes part; the lead town's digital officer keeps
the project's plan up to date; each town links its own measures to a project it takes part in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import actor_label
from publishing.models import ItemKind
from roadmap.hooks import ProjectChange, joint_project_changed, joint_project_items_changed
from roadmap.models import Commitment, JointProject, JointProjectItem, JointProjectMilestone, JointProjectTown
from roadmap.rules import PlanContext, PlanInput, plan_input_validate, plan_values, quarter_code

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import District, Town


def _milestones_replace(project: JointProject, plan: PlanInput) -> None:
    project.milestones.all().delete()
    JointProjectMilestone.objects.bulk_create(
        JointProjectMilestone(
            joint_project=project,
            position=position,
            title=m.title.strip(),
            due_quarter=quarter_code(m.due_quarter),
            is_done=m.is_done,
        )
        for position, m in enumerate(plan.milestones, start=1)
    )


def _towns_check(district: District, towns: Iterable[Town | None]) -> None:
    for town in towns:
        if town is not None and town.district_id != district.pk:
            raise ValidationError({"towns": [_("%(town)s gehört nicht zum Kreis.") % {"town": town.name}]})


@transaction.atomic
def joint_project_create(
    *,
    district: District,
    plan: PlanInput,
    context: PlanContext,
    lead_town: Town | None,
    participants: dict[Town, str] | None = None,
    actor: User | None,
    sample: bool = False,
) -> JointProject:
    errors = plan_input_validate(plan, context=context)
    if errors:
        raise ValidationError(errors)
    _towns_check(district, [lead_town, *(participants or {})])
    project = JointProject.objects.create(
        district=district,
        lead_town=lead_town,
        created_by_label=actor_label(actor),
        updated_by_label=actor_label(actor),
        is_sample_data=sample,
        **plan_values(plan, context=context),
    )
    _milestones_replace(project, plan)
    _participants_write(joint_project=project, participants=participants or {}, actor=actor)
    joint_project_changed.fire(project, ProjectChange.CREATED, actor)
    return project


@transaction.atomic
def joint_project_update(
    *, joint_project: JointProject, plan: PlanInput, context: PlanContext, actor: User | None
) -> JointProject:
    """The plan of a project (the lead town's officer may do this too; the lead and towns stay)."""
    project = JointProject.objects.select_for_update().get(pk=joint_project.pk)
    errors = plan_input_validate(
        plan, context=context, previous_status=project.status, previous_goal_keys=project.shared_goal_keys
    )
    if errors:
        raise ValidationError(errors)
    for name, value in plan_values(plan, context=context).items():
        setattr(project, name, value)
    project.updated_by_label = actor_label(actor)
    project.save()
    _milestones_replace(project, plan)
    joint_project_changed.fire(project, ProjectChange.PLAN, actor)
    return project


@transaction.atomic
def joint_project_participants_set(
    *, joint_project: JointProject, participants: dict[Town, str], actor: User | None, lead_town: Town | None = None
) -> JointProject:
    """Who takes part (committed or interested). Links of towns that leave are removed with them."""
    _participants_write(joint_project=joint_project, participants=participants, actor=actor, lead_town=lead_town)
    joint_project_changed.fire(joint_project, ProjectChange.PARTICIPANTS, actor)
    return joint_project


def _participants_write(
    *, joint_project: JointProject, participants: dict[Town, str], actor: User | None, lead_town: Town | None = None
) -> None:
    _towns_check(joint_project.district, [lead_town, *participants])
    for town, commitment in participants.items():
        if commitment not in Commitment.values:
            raise ValidationError(
                {
                    "participants": [
                        _("Unbekannte Beteiligung „%(value)s“ (%(town)s).") % {"value": commitment, "town": town.name}
                    ]
                }
            )
    if lead_town is not None and lead_town != joint_project.lead_town:
        joint_project.lead_town = lead_town
        joint_project.updated_by_label = actor_label(actor)
        joint_project.save(update_fields=["lead_town", "updated_by_label", "updated_at"])
    if joint_project.lead_town is not None:
        participants = {**participants, joint_project.lead_town: Commitment.COMMITTED}  # the lead is committed
    keep_ids = {town.pk for town in participants}
    JointProjectTown.objects.filter(joint_project=joint_project).exclude(town_id__in=keep_ids).delete()
    removed_links = JointProjectItem.objects.filter(joint_project=joint_project).exclude(town_id__in=keep_ids)
    had_links = removed_links.exists()
    removed_links.delete()
    for town, commitment in participants.items():
        JointProjectTown.objects.update_or_create(
            joint_project=joint_project, town=town, defaults={"commitment": commitment}
        )
    if had_links:
        joint_project_items_changed.fire(joint_project.district)


@transaction.atomic
def joint_project_delete(*, joint_project: JointProject) -> None:
    district = joint_project.district
    had_links = joint_project.items.exists()
    joint_project.delete()
    if had_links:
        joint_project_items_changed.fire(district)


@transaction.atomic
def measure_link(*, town: Town, measure_id: int, joint_project: JointProject | None) -> JointProjectItem | None:
    """Make the town's measure part of ``joint_project`` (None: part of none). The town must take part.

    The measure then no longer counts as a duplicated structure next to the project's other items.
    """
    JointProjectItem.objects.filter(town=town, item_kind=ItemKind.MEASURE, item_id=measure_id).delete()
    link = None
    if joint_project is not None:
        if joint_project.district_id != town.district_id:
            raise ValidationError({"joint_project": [_("Das Projekt gehört zu einem anderen Kreis.")]})
        takes_part = (
            joint_project.lead_town_id == town.pk
            or JointProjectTown.objects.filter(joint_project=joint_project, town=town).exists()
        )
        if not takes_part:
            raise ValidationError(
                {
                    "joint_project": [
                        _("%(town)s ist an „%(project)s“ nicht beteiligt.")
                        % {"town": town.name, "project": joint_project.title}
                    ]
                }
            )
        link = JointProjectItem.objects.create(
            joint_project=joint_project, town=town, item_kind=ItemKind.MEASURE, item_id=measure_id
        )
        joint_project_changed.fire(joint_project, ProjectChange.ITEMS, None)
    joint_project_items_changed.fire(town.district)
    return link


@dataclass(frozen=True)
class JoinedItem:
    """A town's published item (register entry or measure) that is to become part of a joint project."""

    town_id: int
    town_name: str
    item_kind: str  # publishing.models.ItemKind
    item_id: int
    title: str


@transaction.atomic
def joint_project_items_join(
    *,
    district: District,
    field_key: str,
    items: Sequence[JoinedItem],
    actor: User | None,
    joint_project: JointProject | None = None,
    title: str = "",
    lead_town: Town | None = None,
) -> JointProject:
    """Items of several towns become one joint project: a new one, or ``joint_project``.

    Their towns join as interested, not committed (the coordinator's decision does not bind them);
    an item that belongs to another project already is refused. Does not fire
    ``joint_project_items_changed``: the caller (a flag decision) records its decision first.
    """
    town_ids = {item.town_id for item in items}
    change = ProjectChange.ITEMS
    if joint_project is None:
        change = ProjectChange.CREATED
        title = title.strip() or items[0].title
        if len(title) > 200:
            raise ValidationError({"title": [_("Höchstens 200 Zeichen.")]})
        if lead_town is not None and lead_town.pk not in town_ids:
            raise ValidationError(
                {"lead_town": [_("Die Federführung muss bei einer der beteiligten Kommunen liegen.")]}
            )
        joint_project = JointProject.objects.create(
            district=district,
            title=title,
            field_key=field_key,
            lead_town=lead_town,
            created_by_label=actor_label(actor),
        )
    elif joint_project.district_id != district.pk:
        raise ValidationError({"joint_project": [_("Das Projekt gehört zu einem anderen Kreis.")]})
    links = {(item.town_id, item.item_kind, item.item_id): item for item in items}
    already_elsewhere = (
        JointProjectItem.objects.filter(town_id__in=town_ids, item_id__in={item_id for _t, _k, item_id in links})
        .exclude(joint_project=joint_project)
        .select_related("joint_project")
    )
    for link in already_elsewhere:
        item = links.get((link.town_id, link.item_kind, link.item_id))
        if item is not None:
            raise ValidationError(
                _("„%(item)s“ (%(town)s) gehört schon zum Projekt „%(project)s“.")
                % {"item": item.title, "town": item.town_name, "project": link.joint_project.title}
            )
    JointProjectItem.objects.bulk_create(
        [JointProjectItem(joint_project=joint_project, town_id=t, item_kind=k, item_id=i) for t, k, i in links],
        ignore_conflicts=True,  # linked to this very project before
    )
    JointProjectTown.objects.bulk_create(
        [JointProjectTown(joint_project=joint_project, town_id=t, commitment=Commitment.INTERESTED) for t in town_ids],
        ignore_conflicts=True,  # a town taking part already keeps its commitment
    )
    joint_project_changed.fire(joint_project, change, actor)
    return joint_project
