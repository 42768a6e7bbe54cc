"""Each allowed type is stored; anything else — by content, never by name — is refused, nothing stored (D91)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import override_settings
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from evidence.models import EvidenceFile, OwnerKind
from evidence.services import evidence_file_add, evidence_name_clean
from quickcheck.answers.evidence import answer_evidence_owner
from quickcheck.models import GridQuestion, GridVersion
from tests.evidence import files
from tests.evidence.conftest import CODE, Places, files_of, upload
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(files.ALLOWED))
def test_each_allowed_type_is_stored_with_the_type_its_content_has(
    name: str, brakel: Places, api_as: Callable[[str], APIClient]
) -> None:
    build, content_type = files.ALLOWED[name]
    content = build()
    response: Any = upload(api_as("officer_brakel"), brakel.answer_files_api(), name, content)
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == content_type
    assert response.json()["name"] == name
    [stored] = files_of(brakel.town)
    assert (stored.name, stored.content_type, stored.size, bytes(stored.content)) == (
        name,
        content_type,
        len(content),
        content,
    )


@pytest.mark.parametrize("name", sorted(files.DISGUISED))
def test_a_disguised_file_is_refused_naming_it_and_what_it_is_and_nothing_is_stored(
    name: str, brakel: Places, api_as: Callable[[str], APIClient]
) -> None:
    content, really = files.DISGUISED[name]
    with town_unchanged(brakel.town):  # no file, no history entry
        response: Any = upload(api_as("officer_brakel"), brakel.answer_files_api(), name, content)
    assert response.status_code == 400
    [message] = response.json()["file"]
    assert f"„{name}“" in message
    assert really in message


def test_the_browsers_content_type_counts_for_nothing(brakel: Places, api_as: Callable[[str], APIClient]) -> None:
    page = SimpleUploadedFile("seite.pdf", files.DISGUISED["seite.pdf"][0], content_type="application/pdf")
    with town_unchanged(brakel.town):
        response: Any = api_as("officer_brakel").post(brakel.measure_files_api(), {"file": page}, format="multipart")
    assert response.status_code == 400
    assert "HTML-Seite" in response.json()["file"][0]


@override_settings(KREISAGENDA_EVIDENCE_MAX_FILE_BYTES=4096, FILE_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_file_over_the_limit_is_refused(brakel: Places, api_as: Callable[[str], APIClient]) -> None:
    big = files.pdf() + b"%" * 8192  # streamed to a temporary file (above FILE_UPLOAD_MAX_MEMORY_SIZE)
    with town_unchanged(brakel.town):
        response: Any = upload(api_as("officer_brakel"), brakel.answer_files_api(), "gross.pdf", big)
    assert response.status_code == 400
    assert "„gross.pdf“" in response.json()["file"][0]
    assert "höchstens 4,0\xa0KB" in response.json()["file"][0]


class _Unreadable(UploadedFile):
    """An upload that states 50 MB and must not be read."""

    def __init__(self) -> None:
        super().__init__(file=None, name="riesig.pdf", content_type="application/pdf", size=50 * 1024 * 1024)

    def read(self, *args: object, **kwargs: object) -> bytes:
        raise AssertionError("an oversized upload was read")

    def seek(self, *args: object, **kwargs: object) -> int:
        raise AssertionError("an oversized upload was touched")


def test_an_oversized_upload_is_refused_by_its_size_before_it_is_read(brakel: Places, grid: GridVersion) -> None:
    question = GridQuestion.objects.get(grid=grid, code=CODE)
    with town_unchanged(brakel.town), town_schema(brakel.town), pytest.raises(ValidationError) as refused:
        evidence_file_add(
            town=brakel.town,
            owner=answer_evidence_owner(grid=grid, question=question),
            upload=_Unreadable(),
            actor=None,
        )
    assert "„riesig.pdf“ ist 50,0\xa0MB groß" in refused.value.message_dict["file"][0]


@override_settings(KREISAGENDA_EVIDENCE_MAX_FILES_PER_ITEM=2)
def test_files_per_answer_are_limited(brakel: Places, api_as: Callable[[str], APIClient]) -> None:
    officer = api_as("officer_brakel")
    for number in (1, 2):
        assert upload(officer, brakel.answer_files_api(), f"teil-{number}.pdf", files.pdf()).status_code == 201  # type: ignore[attr-defined]
    with town_unchanged(brakel.town):
        response: Any = upload(officer, brakel.answer_files_api(), "teil-3.pdf", files.pdf())
    assert response.status_code == 400
    assert "schon 2 Dateien" in response.json()["file"][0]
    # another item has its own count
    assert upload(officer, brakel.measure_files_api(), "teil-3.pdf", files.pdf()).status_code == 201  # type: ignore[attr-defined]


def test_the_towns_quota_counts_all_its_files(brakel: Places, api_as: Callable[[str], APIClient]) -> None:
    officer = api_as("officer_brakel")
    content = files.pdf()
    with override_settings(KREISAGENDA_EVIDENCE_TOWN_QUOTA_BYTES=len(content) + 10):
        assert upload(officer, brakel.answer_files_api(), "erste.pdf", content).status_code == 201  # type: ignore[attr-defined]
        with town_unchanged(brakel.town):
            response: Any = upload(officer, brakel.measure_files_api(), "zweite.pdf", content)
    assert response.status_code == 400
    assert "kein Platz" in response.json()["file"][0]


def test_the_quota_is_the_towns_own(brakel: Places, hoexter: Places, api_as: Callable[[str], APIClient]) -> None:
    """Höxter's demo files count for Höxter, not for Brakel."""
    assert files_of(hoexter.town)
    content = files.pdf()
    with override_settings(KREISAGENDA_EVIDENCE_TOWN_QUOTA_BYTES=len(content)):
        response: Any = upload(api_as("officer_brakel"), brakel.answer_files_api(), "genau.pdf", content)
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("C:\\Users\\amt\\Bericht 2026.pdf", "Bericht 2026.pdf"),
        ("../../etc/bericht.pdf", "bericht.pdf"),
        ("  Prüfbericht „Netz“.pdf ", "Prüfbericht „Netz“.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_names_lose_their_path(raw: str, stored: str) -> None:
    assert evidence_name_clean(raw) == stored


@pytest.mark.parametrize("raw", ["be\x07richt.pdf", "zeile\nzwei.pdf", "tab\tname.pdf", "del\x7f.pdf", "", "/"])
def test_names_with_control_characters_or_none_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as refused:
        evidence_name_clean(raw)
    assert refused.value.message_dict["file"]


def test_a_name_with_a_control_character_stores_nothing(brakel: Places, grid: GridVersion) -> None:
    question = GridQuestion.objects.get(grid=grid, code=CODE)
    owner = answer_evidence_owner(grid=grid, question=question)
    with town_unchanged(brakel.town), town_schema(brakel.town), pytest.raises(ValidationError) as refused:
        evidence_file_add(
            town=brakel.town, owner=owner, upload=SimpleUploadedFile("a\x1bb.pdf", files.pdf()), actor=None
        )
    assert "U+001B" in refused.value.message_dict["file"][0]


def test_an_upload_without_a_file_is_refused_by_field(brakel: Places, api_as: Callable[[str], APIClient]) -> None:
    with town_unchanged(brakel.town):
        response: Any = api_as("officer_brakel").post(brakel.answer_files_api(), {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_listing_gives_each_file_with_german_size_and_download_address(
    brakel: Places, api_as: Callable[[str], APIClient]
) -> None:
    officer = api_as("officer_brakel")
    upload(officer, brakel.answer_files_api(), "bericht.pdf", files.pdf() + b"%" * 1500)
    listed: Any = officer.get(brakel.answer_files_api())
    assert listed.status_code == 200
    [item] = listed.json()["files"]
    assert item["type_label"] == "PDF-Dokument"
    assert "," in item["size_label"]
    assert item["size_label"].endswith("KB")
    assert item["uploaded_by"] == "Sam Digital (Brakel)"
    download: Any = officer.get(item["download_url"])
    assert download.status_code == 200
    with town_schema(brakel.town):
        assert bytes(download.content) == bytes(EvidenceFile.objects.get(owner_kind=OwnerKind.ANSWER).content)
