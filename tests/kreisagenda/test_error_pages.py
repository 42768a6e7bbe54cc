"""Error pages and the first start (issue 14, item 6): German, in the site's layout, no internals."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.launcher import until_answering

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_in_german_in_the_sites_layout(client_as: Callable[[str], Client]) -> None:
    page = client_as("officer_brakel").get("/gibt-es-nicht/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in text
    assert 'class="site-header"' in text  # the site's header and stylesheet, not a bare page
    assert "kreisagenda.css" in text
    assert "URLconf" not in text  # no debug page listing the routes
    assert 'lang="de"' in text


def test_a_refused_page_answers_403_in_german_and_says_what_to_do(client_as: Callable[[str], Client]) -> None:
    page = client_as("officer_brakel").get("/kreise/kreis-hoexter/kommunen/hoexter/roadmap/")
    assert page.status_code == 403
    text = page.content.decode()
    assert "<h1>Kein Zugriff</h1>" in text
    assert "Koordination Ihres Kreises" in text
    assert 'class="site-header"' in text


def test_english_on_request(client_as: Callable[[str], Client]) -> None:
    client = client_as("officer_brakel")
    client.cookies["django_language"] = "en"
    page = client.get("/gibt-es-nicht/")
    assert page.status_code == 404
    assert "<h1>Page not found</h1>" in page.content.decode()


def test_the_favicon_address_leads_to_the_apps_icon(client: Client) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301
    assert answer["Location"].endswith("kreisagenda/favicon.svg")


def test_the_demo_waits_for_an_answer_before_it_says_it_runs() -> None:
    """``until_answering``: false while nothing listens or the children died, true once a server answers."""
    assert until_answering("http://127.0.0.1:9/", timeout=1, alive=lambda: True) is False
    assert until_answering("http://127.0.0.1:9/", timeout=30, alive=lambda: False) is False  # a child died
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        assert until_answering(f"http://127.0.0.1:{port}/nicht-da/", timeout=10, alive=lambda: True) is True
    finally:
        server.shutdown()
        server.server_close()
