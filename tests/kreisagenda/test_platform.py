"""Properties of the installation as a whole: language, formats, settings, static assets, schema, routes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from django.test import Client
from kreisagenda.urls import APPS

from tests.conftest import World

REPO_DIR = Path(__file__).resolve().parents[2]


def test_ui_speaks_german_by_default_with_german_number_formats(
    world: World, client_as: Callable[[str], Client]
) -> None:
    body = client_as("coordinator").get("/kreise/kreis-hoexter/").content.decode()
    assert '<html lang="de">' in body
    assert "Wer hat welche Rolle" in body
    assert "29.812" in body  # Höxter's population with the German thousands separator


def test_english_is_switchable(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("coordinator")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kreise/kreis-hoexter/"})
    assert response.status_code == 302
    body = client.get("/kreise/kreis-hoexter/").content.decode()
    assert '<html lang="en">' in body
    assert "Who holds which role" in body
    assert "29,812" in body


def test_login_page_is_german_and_logs_in(world: World, db: None) -> None:
    client = Client()
    page = client.get("/anmelden/").content.decode()
    assert "E-Mail-Adresse" in page
    response = client.post("/anmelden/", {"username": "digital@hoexter.example", "password": "a-long-test-password-42"})
    assert response.status_code == 302
    # One role, one home: the start page leads to the town's page.
    assert client.get("/")["Location"] == "/kreise/kreis-hoexter/kommunen/hoexter/"
    assert client.get("/kreise/kreis-hoexter/kommunen/hoexter/").status_code == 200
    assert client.get("/?liste").status_code == 200  # the list of one's districts and towns stays reachable
    assert client.post("/abmelden/").status_code == 302
    assert client.get("/").status_code == 302


def test_openapi_schema_lists_the_endpoints(world: World, client_as: Callable[[str], Client]) -> None:
    response = client_as("coordinator").get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = set(response.json()["paths"])
    assert {
        "/api/v1/districts/",
        "/api/v1/districts/{district_slug}/",
        "/api/v1/districts/{district_slug}/towns/",
        "/api/v1/districts/{district_slug}/towns/{town_slug}/",
        "/api/v1/me/memberships/",
    } <= paths


def test_pages_and_api_docs_load_nothing_from_third_parties(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("operator")
    for url in ["/", "/kreise/kreis-hoexter/", "/api/v1/docs/", "/admin/"]:
        body = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)=["\'](https?:)?//[^"\']+', body)
        assert external == [], url
    swagger_asset = re.search(
        r'/static/drf_spectacular_sidecar/[^"\']+\.js', client.get("/api/v1/docs/").content.decode()
    )
    assert swagger_asset is not None
    assert client.get(swagger_asset.group(0)).status_code == 200


def test_production_settings_pass_the_deploy_check() -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "kreisagenda.settings.production",
        "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-for-the-check-0123456789",
        "DJANGO_ALLOWED_HOSTS": "kreisagenda.example",
        "DATABASE_URL": "postgresql://kreisagenda:secret@db:5432/kreisagenda",
        "CELERY_BROKER_URL": "redis://redis:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_keeps_connections_ten_minutes_and_100_schemas_and_checks_them_unless_told_otherwise() -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "kreisagenda.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "kreisagenda.example",
        "DATABASE_URL": "postgresql://kreisagenda:secret@db:5432/kreisagenda",
        "CELERY_BROKER_URL": "redis://redis:6379/0",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], settings.KREISAGENDA_CONN_MAX_SCHEMAS)"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script], cwd=REPO_DIR, env=env | extra, capture_output=True, text=True, check=True
        ).stdout.strip()
        for extra in ({}, {"DJANGO_CONN_MAX_AGE": "0", "KREISAGENDA_CONN_MAX_SCHEMAS": "20"})
    ]
    assert outputs == ["600 True 100", "0 True 20"]


def test_the_standard_library_platform_module_is_not_shadowed() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import platform, uuid; print(platform.system())"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Linux"


def test_each_app_routes_its_pages_and_api_to_its_own_views() -> None:
    for app in APPS:
        package = app.__name__.removesuffix(".urls")
        for pattern in [*app.urlpatterns, *app.api_urlpatterns]:
            view = getattr(pattern.callback, "view_class", pattern.callback)
            assert view.__module__ in {f"{package}.views", f"{package}.apis"}, (app.__name__, pattern.name)
