"""The publish step and the coordinator's decisions on duplicated structures.

Publishing is the one place that crosses schemas on purpose (DESIGN §3): it reads what a town
released in the town's schema and writes an immutable snapshot into public tables. Each publish
runs in one transaction, takes the town's row lock first (so two runs for a town never interleave)
and writes a new version only when the content changed, so running it twice is harmless.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.tenancy import town_schema_require

from audit.services import actor_label
from benchmarking.items import PublishableItem, content_hash
from benchmarking.models import (
    AnswerSnapshot,
    AssessmentSnapshot,
    DuplicateFlag,
    FieldScoreSnapshot,
    FlagStatus,
    ItemSnapshot,
    ItemStage,
    MeasureStatusSnapshot,
    PublishedItem,
    SnapshotStatus,
    SuggestedAction,
)
from benchmarking.similarity import SimilarPair, connected_groups, similar_pairs
from quickcheck.answers.selectors import assessment_get, assessment_view
from quickcheck.models import GridVersion
from roadmap.measures.models import MeasureStatusRecord
from roadmap.models import Commitment, JointProject, JointProjectItem, JointProjectTown
from tenants.models import District, Town

if TYPE_CHECKING:
    from accounts.models import User

# A publish waits this long for another publish of the same town, then fails and is retried.
LOCK_TIMEOUT = "5s"


def _town_lock(town: Town) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = %s", [LOCK_TIMEOUT])
    Town.objects.select_for_update().filter(pk=town.pk).values_list("pk", flat=True).get()


def _dec(value: Any) -> str | None:
    return None if value is None else str(value)


def assessment_publish(*, town: Town, grid: GridVersion) -> AssessmentSnapshot | None:
    """Publish the town's Quick Check of ``grid`` as it stands: released, or withdrawn after reopening.

    Needs the town's schema active. Returns the latest snapshot (None: never released).
    """
    town_schema_require(town, purpose="Veröffentlichen")
    with transaction.atomic():
        _town_lock(town)
        latest = AssessmentSnapshot.objects.filter(town=town, grid=grid).order_by("-version").first()
        assessment = assessment_get(grid=grid)
        if assessment is None or not assessment.is_released:
            if latest is None or latest.status == SnapshotStatus.WITHDRAWN:
                return latest  # nothing released, nothing to take back
            content: dict[str, Any] = {"status": SnapshotStatus.WITHDRAWN}
            view = None
        else:
            view = assessment_view(town=town, grid=grid, include_drafts=False)
            measure_records = list(MeasureStatusRecord.objects.filter(year=grid.year).order_by("measure_id"))
            content = {
                "status": SnapshotStatus.RELEASED,
                "released_at": assessment.released_at,
                "population": town.population,
                "kind": town.kind,
                "sample": assessment.is_sample_data,
                "overall": [_dec(view.scores.overall_current), _dec(view.scores.overall_target)],
                "fields": [
                    [fv.field.key, fv.field.name, _dec(fv.score.current), _dec(fv.score.target)] for fv in view.fields
                ],
                "answers": [
                    [
                        item.question.code,
                        item.answer.current_level if item.answer else None,
                        item.answer.target_level if item.answer else None,
                        bool(item.answer and item.answer.not_applicable),
                    ]
                    for item in view.question_views()
                ],
                "measures": [
                    [r.measure_id, r.title, r.field_keys, r.status, r.progress, r.end_quarter, r.question_targets]
                    for r in measure_records
                ],
            }
        digest = content_hash(content)
        if latest is not None and latest.content_hash == digest:
            return latest
        snapshot = AssessmentSnapshot.objects.create(
            district_id=town.district_id,
            town=town,
            grid=grid,
            year=grid.year,
            version=(latest.version + 1) if latest else 1,
            status=content["status"],
            town_kind=town.kind,
            population=town.population,
            released_at=assessment.released_at if view and assessment else None,
            is_sample_data=bool(view and assessment and assessment.is_sample_data),
            overall_current=view.scores.overall_current if view else None,
            overall_target=view.scores.overall_target if view else None,
            content_hash=digest,
        )
        if view is not None:
            FieldScoreSnapshot.objects.bulk_create(
                FieldScoreSnapshot(
                    snapshot=snapshot,
                    field_key=fv.field.key,
                    field_name=fv.field.name,
                    position=position,
                    current=fv.score.current,
                    target=fv.score.target,
                    questions_counted=fv.score.questions_counted,
                )
                for position, fv in enumerate(view.fields, start=1)
            )
            AnswerSnapshot.objects.bulk_create(
                AnswerSnapshot(
                    snapshot=snapshot,
                    question_code=item.question.code,
                    field_key=fv.field.key,
                    current_level=item.answer.current_level if item.answer else None,
                    target_level=item.answer.target_level if item.answer else None,
                    not_applicable=bool(item.answer and item.answer.not_applicable),
                )
                for fv in view.fields
                for item in fv.questions
            )
            MeasureStatusSnapshot.objects.bulk_create(
                MeasureStatusSnapshot(
                    snapshot=snapshot,
                    measure_id=r.measure_id,
                    title=r.title,
                    field_keys=r.field_keys,
                    status=r.status,
                    progress=r.progress,
                    end_quarter=r.end_quarter,
                    question_targets=r.question_targets,
                )
                for r in measure_records
            )
        return snapshot


def items_publish(*, town: Town, items: Sequence[PublishableItem], today: datetime.date | None = None) -> ItemSnapshot:
    """Publish the town's register entries (and measures) and refresh the district's flags.

    ``items`` are read by the caller in the town's schema; the snapshot and the flags are written
    in the same transaction, so a worker dying in between leaves neither.
    """
    town_schema_require(town, purpose="Veröffentlichen")
    ordered = sorted(items, key=lambda item: (item.item_kind, item.item_id))
    digest = content_hash([item.full_hash() for item in ordered])
    with transaction.atomic():
        _town_lock(town)
        latest = ItemSnapshot.objects.filter(town=town).order_by("-version").first()
        if latest is not None and latest.content_hash == digest:
            return latest
        snapshot = ItemSnapshot.objects.create(
            district_id=town.district_id,
            town=town,
            version=(latest.version + 1) if latest else 1,
            content_hash=digest,
        )
        PublishedItem.objects.bulk_create(
            PublishedItem(
                snapshot=snapshot,
                item_kind=item.item_kind,
                item_id=item.item_id,
                field_key=item.field_key,
                category=item.category,
                title=item.title,
                description=item.description,
                product=item.product,
                vendor=item.vendor,
                stage=item.stage,
                contract_end=item.contract_end,
                item_hash=item.content_hash(),
                **(asdict(item.plan) if item.plan else {}),
            )
            for item in ordered
        )
        duplicate_flags_refresh(district=town.district, today=today)
        return snapshot


def _suggested_action(stages: set[str], kinds: set[str]) -> SuggestedAction:
    in_use = ItemStage.IN_USE in stages
    if in_use and stages != {ItemStage.IN_USE}:
        return SuggestedAction.REUSE  # one town runs it already, the others are about to start
    if kinds == {"solution"}:
        return SuggestedAction.JOINT_PROCUREMENT  # buying (or re-buying) the same thing
    return SuggestedAction.LEAD_TOWN  # measures: one town leads, the others join


def _identity(item: PublishedItem) -> str:
    return f"{item.snapshot.town_id}:{item.item_kind}:{item.item_id}"


def _flag_content(group: list[SimilarPair], items: dict[int, PublishedItem]) -> dict[str, Any]:
    member_ids = sorted({p.first_id for p in group} | {p.second_id for p in group}, key=lambda i: _identity(items[i]))
    members = [items[i] for i in member_ids]
    position = {item_id: index for index, item_id in enumerate(member_ids)}
    return {
        "field_key": members[0].field_key,
        "member_key": content_hash(sorted(_identity(item) for item in members)),
        "fingerprint": content_hash(sorted(f"{_identity(item)}:{item.item_hash}" for item in members)),
        "similarity": max(p.similarity for p in group),
        "suggested_action": _suggested_action({m.stage for m in members}, {m.item_kind for m in members}),
        "evidence": {
            "items": [
                {
                    "town_id": item.snapshot.town_id,
                    "town_name": item.snapshot.town.name,
                    "item_kind": item.item_kind,
                    "item_id": item.item_id,
                    "title": item.title,
                    "category": item.category,
                    "product": item.product,
                    "vendor": item.vendor,
                    "stage": item.stage,
                    "contract_end": item.contract_end.isoformat() if item.contract_end else None,
                }
                for item in members
            ],
            "pairs": [
                {"first": position[p.first_id], "second": position[p.second_id], "similarity": str(p.similarity)}
                for p in sorted(group, key=lambda p: (position[p.first_id], position[p.second_id]))
            ],
        },
    }


def duplicate_flags_refresh(*, district: District, today: datetime.date | None = None) -> list[DuplicateFlag]:
    """Recompute the district's flags from published items only; decisions on unchanged items stay."""
    with transaction.atomic():
        # One refresh per district at a time.
        District.objects.select_for_update().filter(pk=district.pk).values_list("pk", flat=True).get()
        pairs = similar_pairs(district_id=district.pk, today=today or timezone.localdate())
        ids = {p.first_id for p in pairs} | {p.second_id for p in pairs}
        items = {item.pk: item for item in PublishedItem.objects.filter(pk__in=ids).select_related("snapshot__town")}
        current: list[DuplicateFlag] = []
        for group in connected_groups(pairs):
            content = _flag_content(group, items)
            flag, created = DuplicateFlag.objects.get_or_create(
                district=district,
                member_key=content.pop("member_key"),
                fingerprint=content.pop("fingerprint"),
                defaults=content,
            )
            if not created and not flag.is_current:
                flag.is_current = True
                flag.save(update_fields=["is_current"])
            current.append(flag)
        DuplicateFlag.objects.filter(district=district, is_current=True).exclude(
            pk__in=[flag.pk for flag in current]
        ).update(is_current=False)
        return current


def _decided(flag: DuplicateFlag, *, status: FlagStatus, actor: User | None, reason: str) -> None:
    flag.status = status
    flag.decided_at = timezone.now()
    flag.decided_by_label = actor_label(actor)
    flag.decision_reason = reason


def _open_flag(flag: DuplicateFlag) -> DuplicateFlag:
    locked = DuplicateFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.status != FlagStatus.OPEN or not locked.is_current:
        raise ValidationError(_("Über diesen Hinweis ist schon entschieden."))
    return locked


@transaction.atomic
def duplicate_flag_dismiss(*, flag: DuplicateFlag, reason: str, actor: User | None) -> DuplicateFlag:
    """Not a duplicated structure: stays dismissed until one of its items changes."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte begründen, warum das keine Doppelstruktur ist.")]})
    if len(reason) > 500:
        raise ValidationError({"reason": [_("Höchstens 500 Zeichen.")]})
    flag = _open_flag(flag)
    _decided(flag, status=FlagStatus.DISMISSED, actor=actor, reason=reason)
    flag.save(update_fields=["status", "decided_at", "decided_by_label", "decision_reason"])
    return flag


@transaction.atomic
def duplicate_flag_confirm(
    *,
    flag: DuplicateFlag,
    actor: User | None,
    joint_project: JointProject | None = None,
    title: str = "",
    lead_town: Town | None = None,
    today: datetime.date | None = None,
) -> JointProject:
    """A duplicated structure: its items become one joint project (a new one, or ``joint_project``)."""
    flag = _open_flag(flag)
    items: list[dict[str, Any]] = flag.evidence["items"]
    town_ids = {item["town_id"] for item in items}
    if joint_project is None:
        title = title.strip() or items[0]["title"]
        if len(title) > 200:
            raise ValidationError({"title": [_("Höchstens 200 Zeichen.")]})
        if lead_town is not None and lead_town.pk not in town_ids:
            raise ValidationError(
                {"lead_town": [_("Die Federführung muss bei einer der beteiligten Kommunen liegen.")]}
            )
        joint_project = JointProject.objects.create(
            district=flag.district,
            title=title,
            field_key=flag.field_key,
            lead_town=lead_town,
            created_by_label=actor_label(actor),
        )
    elif joint_project.district_id != flag.district_id:
        raise ValidationError({"joint_project": [_("Das Projekt gehört zu einem anderen Kreis.")]})
    links = {(item["town_id"], item["item_kind"], item["item_id"]): item for item in items}
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
                % {"item": item["title"], "town": item["town_name"], "project": link.joint_project.title}
            )
    JointProjectItem.objects.bulk_create(
        [JointProjectItem(joint_project=joint_project, town_id=t, item_kind=k, item_id=i) for t, k, i in links],
        ignore_conflicts=True,  # linked to this very project before
    )
    # Towns are interested, not committed: the coordinator's decision does not bind them.
    JointProjectTown.objects.bulk_create(
        [JointProjectTown(joint_project=joint_project, town_id=t, commitment=Commitment.INTERESTED) for t in town_ids],
        ignore_conflicts=True,  # a town taking part already keeps its commitment
    )
    _decided(flag, status=FlagStatus.CONFIRMED, actor=actor, reason="")
    flag.joint_project = joint_project
    flag.save(update_fields=["status", "decided_at", "decided_by_label", "decision_reason", "joint_project"])
    duplicate_flags_refresh(district=flag.district, today=today)
    return joint_project
