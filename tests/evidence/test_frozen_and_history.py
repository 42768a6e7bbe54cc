"""A released Quick Check freezes its files; every change is in the history; the town's export keeps the bytes (D93)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from audit.models import AuditEntry
from evidence.hooks import evidence_file_added, evidence_file_removed
from evidence.models import EvidenceFile, OwnerKind
from quickcheck.answers.services import assessment_reopen
from quickcheck.models import GridVersion
from roadmap.measures.models import Measure
from roadmap.measures.services import measure_delete
from tenants.exports import town_export_data
from tests.evidence import files
from tests.evidence.conftest import CODE, Places, files_of, upload
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db


def _history(town: Any, action: str) -> list[AuditEntry]:
    with town_schema(town):
        return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_a_released_quick_check_refuses_new_and_deleted_files(
    hoexter: Places, grid: GridVersion, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    [demo_file] = files_of(hoexter.town, OwnerKind.ANSWER)
    api = api_as("officer_hoexter")
    with town_unchanged(hoexter.town):
        response: Any = upload(api, hoexter.answer_files_api(), "spaet.pdf", files.pdf())
        assert response.status_code == 403
        assert "eingefroren" in response.json()["detail"]
        assert api.delete(f"{hoexter.answer_files_api()}{demo_file.pk}/").status_code == 403
        page = client_as("officer_hoexter")
        assert (
            page.post(hoexter.answer_upload_page(), {"file": SimpleUploadedFile("s.pdf", files.pdf())}).status_code
            == 403
        )
    # The page lists the files without forms to change them.
    html = client_as("officer_hoexter").get(hoexter.quick_check_page()).content.decode()
    assert demo_file.name in html
    assert 'id="evidence-upload-' not in html
    assert "evidence-delete-" not in html


def test_reopening_lets_the_officer_change_files_again(
    hoexter: Places, grid: GridVersion, person: Callable[[str], Any], api_as: Callable[[str], APIClient]
) -> None:
    with town_schema(hoexter.town):
        assessment_reopen(town=hoexter.town, grid=grid, reason="Nachweis fehlt", actor=person("coordinator"))
    response: Any = upload(api_as("officer_hoexter"), hoexter.answer_files_api(), "nachtrag.pdf", files.pdf())
    assert response.status_code == 201


def test_measure_files_are_not_frozen_by_the_release(hoexter: Places, api_as: Callable[[str], APIClient]) -> None:
    response: Any = upload(api_as("officer_hoexter"), hoexter.measure_files_api(), "steckbrief.pdf", files.pdf())
    assert response.status_code == 201


@pytest.fixture
def heard() -> Iterator[list[tuple[Any, ...]]]:
    calls: list[tuple[Any, ...]] = []

    def added(*args: Any) -> None:
        calls.append(("added", *args))

    def removed(*args: Any) -> None:
        calls.append(("removed", *args))

    evidence_file_added.register(added)
    evidence_file_removed.register(removed)
    yield calls
    evidence_file_added._receivers.remove(added)
    evidence_file_removed._receivers.remove(removed)


def test_upload_and_deletion_are_in_the_history_and_fire_the_hooks(
    brakel: Places,
    grid: GridVersion,
    person: Callable[[str], Any],
    api_as: Callable[[str], APIClient],
    heard: list[tuple[Any, ...]],
) -> None:
    officer = api_as("officer_brakel")
    content = files.docx()
    response: Any = upload(officer, brakel.answer_files_api(), "Konzept.docx", content)
    assert response.status_code == 201
    file_id = response.json()["id"]
    facts = {
        "id": file_id,
        "name": "Konzept.docx",
        "size": len(content),
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    [added] = _history(brakel.town, "quickcheck.evidence_added")
    assert added.changes == {"year": grid.year, "question": CODE, "file": facts}
    assert added.actor_id == person("officer_brakel").pk
    assert "Konzept.docx" in added.summary
    assert "Word-Dokument" in added.summary
    assert officer.delete(f"{brakel.answer_files_api()}{file_id}/").status_code == 204
    [removed] = _history(brakel.town, "quickcheck.evidence_removed")
    assert removed.changes == {"year": grid.year, "question": CODE, "file": facts}
    assert files_of(brakel.town) == []
    kinds = [(call[0], call[1], call[2].label, call[3].name, call[4]) for call in heard]
    label = f"Quick Check {grid.year}, Frage {CODE}"
    assert kinds == [
        ("added", brakel.town, label, "Konzept.docx", person("officer_brakel")),
        ("removed", brakel.town, label, "Konzept.docx", person("officer_brakel")),
    ]


def test_a_measures_files_are_in_its_history_and_go_with_it(
    brakel: Places, person: Callable[[str], Any], api_as: Callable[[str], APIClient]
) -> None:
    response: Any = upload(api_as("officer_brakel"), brakel.measure_files_api(), "plan.pdf", files.pdf())
    assert response.status_code == 201
    [added] = _history(brakel.town, "roadmap.evidence_added")
    assert added.changes["measure"] == brakel.measure_id
    with town_schema(brakel.town):
        measure_delete(
            town=brakel.town, measure=Measure.objects.get(pk=brakel.measure_id), actor=person("officer_brakel")
        )
    assert files_of(brakel.town) == []
    [removed] = _history(brakel.town, "roadmap.evidence_removed")
    assert removed.changes["file"]["name"] == "plan.pdf"


def test_the_towns_export_holds_every_file_with_its_bytes(brakel: Places, api_as: Callable[[str], APIClient]) -> None:
    content = files.png()
    assert upload(api_as("officer_brakel"), brakel.answer_files_api(), "foto.png", content).status_code == 201  # type: ignore[attr-defined]
    # as written to disk before removal: JSON
    export = json.loads(json.dumps(town_export_data(town=brakel.town), cls=DjangoJSONEncoder))
    [row] = export["schema"]["evidence.EvidenceFile"]
    assert row["fields"]["name"] == "foto.png"
    assert row["fields"]["content_type"] == "image/png"
    assert row["fields"]["size"] == len(content)
    assert base64.b64decode(row["fields"]["content"]) == content


def test_nothing_of_another_town_is_in_a_towns_export(brakel: Places, hoexter: Places) -> None:
    with town_schema(hoexter.town):
        hoexter_names = set(EvidenceFile.objects.values_list("name", flat=True))
    assert hoexter_names
    export = town_export_data(town=brakel.town)
    assert {row["fields"]["name"] for row in export["schema"]["evidence.EvidenceFile"]}.isdisjoint(hoexter_names)
