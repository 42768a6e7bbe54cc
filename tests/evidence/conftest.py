"""Where the evidence tests upload: Brakel's draft Quick Check (its officer has an account) and measures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from evidence.models import EvidenceFile, OwnerKind
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures.models import Measure
from tenants.models import Town
from tests.conftest import World

CODE = "VW-1"
PAGE = "/kreise/kreis-hoexter/kommunen/{town}"
API = "/api/v1/districts/kreis-hoexter/towns/{town}"


@dataclass(frozen=True)
class Places:
    """The addresses of a town's answer (question CODE) and first measure, for its files."""

    town: Town
    year: int
    measure_id: int

    def answer_files_api(self, code: str = CODE) -> str:
        return f"{API.format(town=self.town.slug)}/quickcheck/{self.year}/answers/{code}/files/"

    def answer_upload_page(self, code: str = CODE) -> str:
        return f"{PAGE.format(town=self.town.slug)}/quick-check/{self.year}/nachweise/{code}/"

    def measure_files_api(self) -> str:
        return f"{API.format(town=self.town.slug)}/measures/{self.measure_id}/files/"

    def measure_upload_page(self) -> str:
        return f"{PAGE.format(town=self.town.slug)}/roadmap/{self.measure_id}/nachweise/"

    def quick_check_page(self) -> str:
        return f"{PAGE.format(town=self.town.slug)}/quick-check/{self.year}/"

    def measure_page(self) -> str:
        return f"{PAGE.format(town=self.town.slug)}/roadmap/{self.measure_id}/"


def places_of(town: Town, grid: GridVersion) -> Places:
    with town_schema(town):
        measure = Measure.objects.order_by("title").first() or Measure.objects.create(
            title="Nachweise sammeln", field_key="verwaltung"
        )
    return Places(town=town, year=grid.year, measure_id=measure.pk)


@pytest.fixture
def brakel(world: World, grid: GridVersion) -> Places:
    return places_of(world.town_brakel, grid)


@pytest.fixture
def hoexter(world: World, grid: GridVersion) -> Places:
    return places_of(world.town_hoexter, grid)


def upload(client: APIClient, url: str, name: str, content: bytes) -> object:
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, format="multipart")


def files_of(town: Town, kind: OwnerKind | None = None) -> list[EvidenceFile]:
    with town_schema(town):
        found = EvidenceFile.objects.all() if kind is None else EvidenceFile.objects.filter(owner_kind=kind)
        return list(found)


def question_code(grid: GridVersion, question_id: int) -> str:
    return GridQuestion.objects.get(grid=grid, pk=question_id).code


Uploader = Callable[[str, bytes], object]
