"""Evidence files are seen like their item and exist for nobody else; downloads carry safe headers (D92).

Höxter has released its Quick Check; the demo put a PDF on one of its answers and on a measure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from evidence.downloads import content_disposition
from evidence.models import EvidenceFile, OwnerKind
from evidence.services import evidence_file_add
from quickcheck.answers.evidence import answer_evidence_owner
from quickcheck.answers.services import assessment_reopen
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures.evidence import measure_evidence_owner
from roadmap.measures.models import Measure
from tests.evidence import files
from tests.evidence.conftest import CODE, PAGE, Places, files_of, question_code, upload
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db

API_BASE = "/api/v1/districts/kreis-hoexter/towns/{town}"


@dataclass(frozen=True)
class Demo:
    """Höxter's demo files and their addresses."""

    answer_file: EvidenceFile
    measure_file: EvidenceFile
    code: str
    year: int

    def answer_page(self, file_id: int | None = None, code: str | None = None) -> str:
        file_id = self.answer_file.pk if file_id is None else file_id
        return f"{PAGE.format(town='hoexter')}/quick-check/{self.year}/nachweise/{code or self.code}/{file_id}/"

    def answer_api(self, file_id: int | None = None) -> str:
        file_id = self.answer_file.pk if file_id is None else file_id
        return f"{API_BASE.format(town='hoexter')}/quickcheck/{self.year}/answers/{self.code}/files/{file_id}/"

    def answer_list_api(self) -> str:
        return f"{API_BASE.format(town='hoexter')}/quickcheck/{self.year}/answers/{self.code}/files/"

    def measure_page(self) -> str:
        return f"{PAGE.format(town='hoexter')}/roadmap/{self.measure_file.owner_id}/nachweise/{self.measure_file.pk}/"

    def measure_api(self) -> str:
        return f"{API_BASE.format(town='hoexter')}/measures/{self.measure_file.owner_id}/files/{self.measure_file.pk}/"

    def measure_list_api(self) -> str:
        return f"{API_BASE.format(town='hoexter')}/measures/{self.measure_file.owner_id}/files/"

    def downloads(self) -> list[str]:
        return [self.answer_page(), self.measure_page()]

    def api_reads(self) -> list[str]:
        return [self.answer_api(), self.answer_list_api(), self.measure_api(), self.measure_list_api()]


@pytest.fixture
def demo(hoexter: Places, grid: GridVersion) -> Demo:
    [answer_file] = files_of(hoexter.town, OwnerKind.ANSWER)
    if not files_of(hoexter.town, OwnerKind.MEASURE):  # the test world seeds no measures for Höxter
        with town_schema(hoexter.town):
            measure = Measure.objects.get(pk=hoexter.measure_id)
            evidence_file_add(
                town=hoexter.town,
                owner=measure_evidence_owner(measure),
                upload=SimpleUploadedFile("Projektsteckbrief.pdf", files.pdf()),
                actor=None,
            )
    [measure_file] = files_of(hoexter.town, OwnerKind.MEASURE)
    return Demo(answer_file, measure_file, question_code(grid, answer_file.owner_id), grid.year)


OUTSIDERS = ["officer_brakel", "officer_detmold", "coordinator_lippe", "conference", "no_role"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_nobody_outside_hoexter_finds_its_files_by_page(
    role: str, demo: Demo, client_as: Callable[[str], Client]
) -> None:
    client = client_as(role)
    for url in demo.downloads():
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.content


@pytest.mark.parametrize("role", OUTSIDERS)
def test_nobody_outside_hoexter_finds_its_files_by_api(
    role: str, demo: Demo, hoexter: Places, api_as: Callable[[str], APIClient]
) -> None:
    client = api_as(role)
    for url in demo.api_reads():
        response: Any = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.content
    with town_unchanged(hoexter.town):
        assert client.delete(demo.answer_api()).status_code == 404
        assert client.delete(demo.measure_api()).status_code == 404
        assert upload(client, hoexter.measure_files_api(), "fremd.pdf", files.pdf()).status_code == 404  # type: ignore[attr-defined]


def test_anonymous_is_sent_to_sign_in_or_answered_401(
    demo: Demo, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    for url in demo.downloads():
        response = client_as("anonymous").get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/anmelden/")
    for url in demo.api_reads():
        assert api_as("anonymous").get(url).status_code == 401


@pytest.mark.parametrize("role", ["officer_hoexter", "viewer_hoexter", "coordinator"])
def test_the_town_and_its_coordinator_download_the_released_files(
    role: str, demo: Demo, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    for url, item in ((demo.answer_page(), demo.answer_file), (demo.measure_page(), demo.measure_file)):
        response = client_as(role).get(url)
        assert response.status_code == 200
        assert response.content == bytes(item.content)
    for url in demo.api_reads():
        assert api_as(role).get(url).status_code == 200


def test_the_coordinator_does_not_see_an_answers_file_before_release(
    demo: Demo,
    hoexter: Places,
    grid: GridVersion,
    person: Callable[[str], Any],
    client_as: Callable[[str], Client],
    api_as: Callable[[str], APIClient],
) -> None:
    with town_schema(hoexter.town):
        assessment_reopen(town=hoexter.town, grid=grid, reason="Bitte VW-1 ergänzen", actor=person("coordinator"))
    assert client_as("coordinator").get(demo.answer_page()).status_code == 404
    assert api_as("coordinator").get(demo.answer_api()).status_code == 404
    assert api_as("coordinator").get(demo.answer_list_api()).status_code == 404
    # the town still does; the measure's file follows the measure, not the release
    assert client_as("viewer_hoexter").get(demo.answer_page()).status_code == 200
    assert client_as("coordinator").get(demo.measure_page()).status_code == 200


def test_a_draft_answers_file_is_the_towns_alone(
    brakel: Places, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    response: Any = upload(api_as("officer_brakel"), brakel.answer_files_api(), "entwurf.pdf", files.pdf())
    assert response.status_code == 201
    url = f"{brakel.answer_upload_page()}{response.json()['id']}/"
    assert client_as("officer_brakel").get(url).status_code == 200
    for role in ("coordinator", "officer_hoexter", "conference", "coordinator_lippe"):
        assert client_as(role).get(url).status_code == 404, role
        assert api_as(role).get(brakel.answer_files_api()).status_code == 404, role


def test_a_file_is_found_only_at_its_own_item(
    demo: Demo, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    other = GridQuestion.objects.filter(grid=grid).exclude(code=demo.code).first()
    assert other is not None
    client = client_as("officer_hoexter")
    assert client.get(demo.answer_page(code=other.code)).status_code == 404
    assert client.get(demo.answer_page(file_id=demo.measure_file.pk)).status_code == 404


def test_the_viewer_may_not_upload_or_delete(
    demo: Demo, hoexter: Places, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    with town_unchanged(hoexter.town):
        assert upload(api_as("viewer_hoexter"), hoexter.measure_files_api(), "b.pdf", files.pdf()).status_code == 403  # type: ignore[attr-defined]
        assert api_as("viewer_hoexter").delete(demo.measure_api()).status_code == 403
        page = client_as("viewer_hoexter").post(
            hoexter.measure_upload_page(), {"file": SimpleUploadedFile("b.pdf", files.pdf())}
        )
        assert page.status_code == 403
        assert client_as("viewer_hoexter").post(demo.measure_page().rstrip("/") + "/loeschen/").status_code == 403


def test_download_headers(hoexter: Places, grid: GridVersion, client_as: Callable[[str], Client]) -> None:
    question = GridQuestion.objects.get(grid=grid, code=CODE)
    with town_schema(hoexter.town):
        stored = evidence_file_add(
            town=hoexter.town,
            owner=answer_evidence_owner(grid=grid, question=question),
            upload=SimpleUploadedFile('Prüf"bericht „Netz“\\2026.png', files.png()),
            actor=None,
        )
    url = f"{PAGE.format(town='hoexter')}/quick-check/{grid.year}/nachweise/{CODE}/{stored.pk}/"
    response = client_as("coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == ("attachment; filename=\"2026.png\"; filename*=UTF-8''2026.png")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_download_name_is_safe_ascii_and_the_real_one_by_rfc_5987() -> None:
    assert content_disposition('Prüf"bericht „Netz“; 2026.pdf') == (
        'attachment; filename="Pruf_bericht Netz_ 2026.pdf"; '
        "filename*=UTF-8''Pr%C3%BCf%22bericht%20%E2%80%9ENetz%E2%80%9C%3B%202026.pdf"
    )
