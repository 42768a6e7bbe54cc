"""The publish step: a town's released data copied into public tables as immutable snapshots.

Publishing is one of the named places that cross schemas (docs/architecture.md): it reads what a
town released in the town's schema and writes a snapshot into public tables. Each publish runs in
one transaction, takes the town's row lock first (so two runs for a town never interleave) and
writes a new version only when the content changed, so running it twice is harmless.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.db import connection, transaction
from kreisagenda.tenancy import town_schema_require

from publishing.hooks import assessment_published, items_published, measures_at_release
from publishing.items import PublishableItem, content_hash, items_digest
from publishing.models import (
    AnswerSnapshot,
    AssessmentProgress,
    AssessmentSnapshot,
    FieldScoreSnapshot,
    ItemSnapshot,
    MeasureStatusSnapshot,
    PublishedItem,
    SnapshotStatus,
)
from quickcheck.answers.selectors import assessment_get, assessment_view
from quickcheck.models import GridVersion
from tenants.models import Town

# A publish waits this long for another publish of the same town, then fails and is retried.
LOCK_TIMEOUT = "5s"


def _town_lock(town: Town) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = %s", [LOCK_TIMEOUT])
    # NO KEY UPDATE: publishes of a town take turns, while rows that merely refer to the town (a
    # notification, a report) can still be written meanwhile; FOR UPDATE would make them wait.
    Town.objects.select_for_update(no_key=True).filter(pk=town.pk).values_list("pk", flat=True).get()


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
            measure_records = sorted(
                (record for records in measures_at_release.fire(grid.year) for record in records),
                key=lambda record: record.measure_id,
            )
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
                MeasureStatusSnapshot(snapshot=snapshot, **asdict(record)) for record in measure_records
            )
        assessment_published.fire(snapshot)
        return snapshot


def items_publish(*, town: Town, items: Sequence[PublishableItem], today: datetime.date | None = None) -> ItemSnapshot:
    """Publish the town's register entries and measures; receivers of ``items_published`` (the
    duplicate check) run in the same transaction, so a worker dying in between leaves neither.

    ``items`` are read by the caller in the town's schema.
    """
    town_schema_require(town, purpose="Veröffentlichen")
    ordered = sorted(items, key=lambda item: (item.item_kind, item.item_id))
    digest = items_digest(ordered)
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
                annual_cost=item.annual_cost,
                item_hash=item.content_hash(),
                **(asdict(item.plan) if item.plan else {}),
            )
            for item in ordered
        )
        items_published.fire(town.district, today)
        return snapshot


def assessment_progress_publish(*, town: Town, grid: GridVersion) -> AssessmentProgress | None:
    """Publish how far the town has answered ``grid``: counts only (the town's schema active).

    Overwrites the town's row for the campaign; None while the town has no Quick Check of it.
    """
    town_schema_require(town, purpose="Veröffentlichen")
    if assessment_get(grid=grid) is None:
        return None
    view = assessment_view(town=town, grid=grid, include_drafts=True)
    progress, _created = AssessmentProgress.objects.update_or_create(
        town=town,
        grid=grid,
        defaults={
            "district_id": town.district_id,
            "year": grid.year,
            "applicable": view.completeness.applicable,
            "answered": view.completeness.answered,
            "carried_over_unchecked": view.carried_over_count,
        },
    )
    return progress
