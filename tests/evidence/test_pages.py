"""Evidence files on the pages, without JavaScript: a plain multipart form per question and per measure."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from evidence.models import OwnerKind
from tests.evidence import files
from tests.evidence.conftest import CODE, Places, files_of
from tests.helpers import town_unchanged

pytestmark = pytest.mark.django_db


def test_each_question_has_an_upload_form_outside_the_answers_form(
    brakel: Places, client_as: Callable[[str], Client]
) -> None:
    html = client_as("officer_brakel").get(brakel.quick_check_page()).content.decode()
    answers_form = html[
        html.index('<form method="post" id="answers-form"') : html.index("</form>", html.index('id="answers-form"'))
    ]
    # the file input sits at its question but belongs to its own form, so autosave and "save all" never send it
    assert f'<input type="file" id="evidence-file-{CODE}" name="file" form="evidence-upload-{CODE}"' in answers_form
    assert f'id="evidence-upload-{CODE}"' not in answers_form
    upload_form = re.search(
        rf'<form id="evidence-upload-{CODE}" method="post" action="([^"]+)" enctype="multipart/form-data">', html
    )
    assert upload_form is not None
    assert upload_form.group(1) == brakel.answer_upload_page()
    assert html.count('name="file" form="evidence-upload-') >= 10  # every question


def test_upload_and_delete_by_page(brakel: Places, client_as: Callable[[str], Client]) -> None:
    client = client_as("officer_brakel")
    content = files.pdf() + b"%" * 2000
    response = client.post(brakel.answer_upload_page(), {"file": SimpleUploadedFile("Dienstanweisung.pdf", content)})
    assert response.status_code == 302
    assert response["Location"] == f"{brakel.quick_check_page()}#frage-{CODE}"
    html = client.get(brakel.quick_check_page()).content.decode()
    assert "Nachweis „Dienstanweisung.pdf“ gespeichert." in html
    [stored] = files_of(brakel.town, OwnerKind.ANSWER)
    assert f'href="{brakel.answer_upload_page()}{stored.pk}/">Dienstanweisung.pdf</a>' in html
    assert "(PDF-Dokument, 2,5\xa0KB," in html  # German number format
    assert stored.uploaded_at.astimezone().strftime("%d.%m.%Y") in html
    delete_url = f"{brakel.answer_upload_page()}{stored.pk}/loeschen/"
    assert f'<form id="evidence-delete-{stored.pk}" method="post" action="{delete_url}">' in html
    response = client.post(delete_url)
    assert response.status_code == 302
    assert files_of(brakel.town) == []


def test_a_refused_file_is_named_on_the_page_and_nothing_is_stored(
    brakel: Places, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_brakel")
    with town_unchanged(brakel.town):
        response = client.post(
            brakel.answer_upload_page(), {"file": SimpleUploadedFile("bericht.pdf", b"<html><script>x</script></html>")}
        )
    assert response.status_code == 302
    html = client.get(brakel.quick_check_page()).content.decode()
    refusal = f"Frage {CODE}: „bericht.pdf“ wurde nicht gespeichert: die Datei ist in Wahrheit eine HTML-Seite."
    # at the question the page returns to (…#frage-VW-1), not only at the top
    question = html[html.index(f'id="frage-{CODE}"') : html.index("</fieldset>", html.index(f'id="frage-{CODE}"'))]
    assert '<p class="message message-error" role="alert" data-evidence-message>Quick Check' in question
    assert refusal in question


def test_the_measure_page_lists_files_and_has_the_form_for_the_officer_only(
    brakel: Places, client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer_brakel")
    response = officer.post(
        brakel.measure_upload_page(), {"file": SimpleUploadedFile("Steckbrief.odt", files.odf("text"))}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{brakel.measure_page()}#nachweise"
    html = officer.get(brakel.measure_page()).content.decode()
    assert "Steckbrief.odt</a>" in html
    assert "OpenDocument-Text" in html
    assert 'id="evidence-upload-massnahme"' in html
    html = client_as("coordinator").get(brakel.measure_page()).content.decode()
    assert "Steckbrief.odt</a>" in html
    assert 'id="evidence-upload-massnahme"' not in html


def test_the_coordinator_sees_a_released_answers_files_without_forms(
    hoexter: Places, client_as: Callable[[str], Client]
) -> None:
    [demo_file] = files_of(hoexter.town, OwnerKind.ANSWER)
    html = client_as("coordinator").get(hoexter.quick_check_page()).content.decode()
    assert f">{demo_file.name}</a>" in html
    assert 'type="file"' not in html


def test_the_draft_page_shows_the_coordinator_no_file(brakel: Places, client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer_brakel")
    officer.post(brakel.answer_upload_page(), {"file": SimpleUploadedFile("Geheim-Entwurf.pdf", files.pdf())})
    assert "Geheim-Entwurf.pdf" in officer.get(brakel.quick_check_page()).content.decode()
    assert "Geheim-Entwurf.pdf" not in client_as("coordinator").get(brakel.quick_check_page()).content.decode()
