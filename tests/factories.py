"""Test data. Towns are made through the service, because a town without its schema is not a town."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from audit.models import AuditEntry
from publishing.models import AnswerSnapshot, AssessmentSnapshot, FieldScoreSnapshot
from quickcheck.models import GridField, GridVersion
from tenants.models import District, FederalState, Town
from tenants.services import town_create


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    password = factory.django.Password("correct horse battery staple")


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Testkreis {n}")
    slug = factory.Sequence(lambda n: f"testkreis-{n}")
    key = factory.Sequence(lambda n: f"059{n:02d}")
    federal_state = FederalState.NORDRHEIN_WESTFALEN


class TownFactory(DjangoModelFactory[Town]):
    """A town of a fresh district, with its schema ready (made by ``town_create``, as the platform does)."""

    class Meta:
        model = Town

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Teststadt {n}")
    # The 900s keep clear of the AGS of real towns when a test passes a district of the world.
    ags = factory.LazyAttributeSequence(lambda town, n: f"{town.district.key}{900 + n % 100:03d}")
    population = 10_000

    @classmethod
    def _create(cls, model_class: type[Town], *args: Any, **kwargs: Any) -> Town:
        return town_create(**kwargs)


class AuditEntryFactory(DjangoModelFactory[AuditEntry]):
    """An entry in the history of the town whose schema is active (there is no history table elsewhere)."""

    class Meta:
        model = AuditEntry

    action = "test.note"
    summary = factory.Sequence(lambda n: f"Eintrag {n}")


def published_snapshot(
    *,
    town: Town,
    grid: GridVersion,
    fields: dict[str, str],
    version: int = 1,
    status: str = "released",
    answers: Sequence[tuple[str, str, int | None, int | None]] = (),
) -> AssessmentSnapshot:
    """A published Quick Check as the publish step would have written it (public tables only).

    ``fields``: field key -> current score; the overall score is their mean, as scoring computes it.
    ``answers``: (question code, field key, current level, target level).
    """
    scores = [Decimal(value) for value in fields.values()]
    snapshot = AssessmentSnapshot.objects.create(
        district_id=town.district_id,
        town=town,
        grid=grid,
        year=grid.year,
        version=version,
        status=status,
        town_kind=town.kind,
        population=town.population,
        released_at=timezone.now() if status == "released" else None,
        overall_current=(sum(scores, Decimal(0)) / Decimal(len(scores))).quantize(Decimal("0.1"))
        if scores and status == "released"
        else None,
        content_hash=f"{town.pk}-{grid.pk}-{version}",
    )
    if status == "released":
        FieldScoreSnapshot.objects.bulk_create(
            FieldScoreSnapshot(
                snapshot=snapshot,
                field_key=key,
                field_name=key.title(),
                position=position,
                current=Decimal(value),
                target=min(Decimal(100), Decimal(value) + 25),
                questions_counted=1,
            )
            for position, (key, value) in enumerate(fields.items(), start=1)
        )
        AnswerSnapshot.objects.bulk_create(
            AnswerSnapshot(snapshot=snapshot, question_code=code, field_key=key, current_level=cur, target_level=tgt)
            for code, key, cur, tgt in answers
        )
    return snapshot


def comparison_grid(*, district: District, year: int, field_keys: Sequence[str]) -> GridVersion:
    grid = GridVersion.objects.create(district=district, year=year, status="open")
    GridField.objects.bulk_create(
        GridField(grid=grid, key=key, name=key.title(), position=position) for position, key in enumerate(field_keys, 1)
    )
    return grid


def unprovisioned_town(*, district: District, name: str, ags: str, population: int, kind: str = "town") -> Town:
    """A member whose schema is never needed: comparisons read published snapshots only."""
    return town_create(district=district, name=name, ags=ags, population=population, kind=kind, provision="async")
