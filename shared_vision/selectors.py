"""Reading the shared vision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from shared_vision.content import FieldContent, GoalContent, VisionContent
from shared_vision.models import CouncilAdoption, FieldOfAction, Goal, VisionStatus, VisionVersion
from tenants.models import Town
from tenants.selectors import district_towns

if TYPE_CHECKING:
    from tenants.models import District


def vision_versions(*, district: District) -> QuerySet[VisionVersion]:
    return VisionVersion.objects.filter(district=district).order_by("-number")


def _with_content(queryset: QuerySet[VisionVersion]) -> QuerySet[VisionVersion]:
    return queryset.prefetch_related(
        "principles", Prefetch("fields", queryset=FieldOfAction.objects.prefetch_related("goals"))
    )


def vision_get(*, district: District, number: int) -> VisionVersion | None:
    return _with_content(VisionVersion.objects.filter(district=district, number=number)).first()


def vision_current(*, district: District) -> VisionVersion | None:
    """The version in force: the latest adopted one."""
    return _with_content(
        VisionVersion.objects.filter(district=district, status=VisionStatus.ADOPTED).order_by("-number")
    ).first()


def vision_draft(*, district: District) -> VisionVersion | None:
    return VisionVersion.objects.filter(district=district, status=VisionStatus.DRAFT).first()


def vision_content(*, version: VisionVersion) -> VisionContent:
    return VisionContent(
        title=version.title,
        vision_text=version.vision_text,
        principles=tuple(p.text for p in version.principles.all()),
        definition=version.definition,
        challenges=version.challenge_lines,
        fields=tuple(
            FieldContent(
                key=f.key,
                name=f.name,
                description=f.description,
                goals=tuple(GoalContent(text=g.text, key=g.key) for g in f.goals.all()),
            )
            for f in version.fields.all()
        ),
    )


def fields_of_action_current(*, district: District) -> list[FieldOfAction]:
    """The fields of action in force (of the adopted vision), for the towns' priorities, with their goals.

    Two statements (the fields of the latest adopted version, their goals), not the whole version with
    its principles: many pages ask for the fields alone, some twice (D113)."""
    in_force = (
        VisionVersion.objects.filter(district=district, status=VisionStatus.ADOPTED)
        .order_by("-number")
        .values("pk")[:1]
    )
    return list(
        FieldOfAction.objects.filter(version_id=Subquery(in_force)).order_by("position").prefetch_related("goals")
    )


def field_key_problem(field_key: str, valid_keys: set[str]) -> str | None:
    """The message for a town's data naming a field of action the vision in force does not have."""
    if field_key in valid_keys:
        return None
    return _("Das Handlungsfeld „%(key)s“ gibt es im geltenden Leitbild nicht.") % {"key": field_key}


def goals_named(*, district: District, keys: Iterable[str]) -> dict[str, Goal]:
    """The goals ``keys`` name, each as its latest adopted version has it (removed ones too), by key.

    For showing a link to a goal the version in force no longer has ("nicht mehr im Leitbild", D60).
    """
    wanted = set(keys)
    if not wanted:
        return {}
    named: dict[str, Goal] = {}
    for goal in (
        Goal.objects.filter(
            field__version__district=district, field__version__status=VisionStatus.ADOPTED, key__in=wanted
        )
        .select_related("field")
        .order_by("key", "-field__version__number")
    ):
        named.setdefault(goal.key, goal)
    return named


def goal_keys_current(*, district: District) -> set[str]:
    """The keys of the goals of the vision in force (one query)."""
    current = VisionVersion.objects.filter(district=district, status=VisionStatus.ADOPTED).order_by("-number")
    return set(Goal.objects.filter(field__version__in=current.values("pk")[:1]).values_list("key", flat=True))


def goal_key_problem(goal_key: str, valid_keys: set[str]) -> str | None:
    """The message for an entry naming a goal the vision in force does not have."""
    if goal_key in valid_keys:
        return None
    return _("Das Ziel „%(key)s“ gibt es im geltenden Leitbild nicht.") % {"key": goal_key}


@dataclass(frozen=True)
class CouncilAdoptionRow:
    """A town of the district and its council's adoption of a version (None: none recorded yet);
    ``earlier``: its latest adoption of an earlier version, when it has none of this one."""

    town: Town
    adoption: CouncilAdoption | None
    earlier: CouncilAdoption | None


def council_adoptions(*, version: VisionVersion) -> list[CouncilAdoptionRow]:
    """Every town of the version's district with its council's adoption (D82), in the district's order."""
    towns = list(district_towns(district=version.district))
    for town in towns:
        town.district = version.district  # the rows' permission checks read it: no query per town
    latest: dict[int, CouncilAdoption] = {}
    for adoption in (
        CouncilAdoption.objects.filter(town__in=towns, version__number__lte=version.number)
        .select_related("version")
        .order_by("-version__number")
    ):
        latest.setdefault(adoption.town_id, adoption)
    rows = []
    for town in towns:
        found = latest.get(town.pk)
        this = found if found is not None and found.version_id == version.pk else None
        rows.append(CouncilAdoptionRow(town=town, adoption=this, earlier=None if this else found))
    return rows
