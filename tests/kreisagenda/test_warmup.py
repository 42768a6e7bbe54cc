"""A web worker compiles its templates and fills its URL lookups and translations while it boots (D116)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.template import engines
from django.urls import URLResolver, clear_url_caches, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real
from kreisagenda import warmup
from kreisagenda.warmup import project_templates, warm_up

from tests.kreisagenda.test_platform import REPO_DIR


def _cached_loader() -> Any:
    return engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]


def test_the_project_s_own_templates_are_chosen_not_the_admin_s_or_the_browsable_api_s() -> None:
    names = project_templates()
    assert {"solutions/register_page.html", "dashboards/town_home.html", "base.html"} <= set(names)
    left_out: set[str] = set()
    elsewhere: set[str] = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        found = {path.relative_to(folder).as_posix() for path in folder.rglob("*.html")} if folder.is_dir() else set()
        (left_out if config.name in {"django.contrib.admin", "rest_framework"} else elsewhere).update(found)
    assert len(left_out) > 90
    assert not set(names) & (left_out - elsewhere)  # an app's own override of an admin template is still warmed


def test_warming_up_compiles_every_project_template_and_fills_both_languages() -> None:
    loader = _cached_loader()
    loader.reset()
    assert loader.get_template_cache == {}
    warm_up()
    assert set(project_templates()) <= set(loader.get_template_cache)
    assert {"de", "en"} <= set(trans_real._translations)  # type: ignore[attr-defined]
    assert {"de", "en"} <= set(get_resolver()._reverse_dict)


def test_after_warming_up_a_link_into_the_api_fills_no_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """``reverse`` keeps the lookups of a namespace (``api:``) apart from the project's and filled them on
    a page's first link into the API: about 40 ms of a fresh worker's first page."""
    clear_url_caches()
    warm_up()
    filled: list[str] = []
    populate = URLResolver._populate

    def spy(resolver: URLResolver) -> None:
        filled.append(str(resolver))
        populate(resolver)

    monkeypatch.setattr(URLResolver, "_populate", spy)
    for code in ("de", "en"):
        with translation.override(code):
            url = reverse("api:solution-list", kwargs={"district_slug": "kreis-hoexter", "town_slug": "brakel"})
            assert url == "/api/v1/districts/kreis-hoexter/towns/brakel/solutions/"
            reverse("district-home", args=["kreis-hoexter"])
    assert filled == []


def test_a_template_that_cannot_be_compiled_is_logged_and_the_worker_still_starts(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(warmup, "project_templates", lambda: ["gibt/es/nicht.html", "solutions/register_page.html"])
    _cached_loader().reset()
    with caplog.at_level(logging.ERROR, logger="kreisagenda.warmup"):
        warm_up()
    assert "gibt/es/nicht.html" in caplog.text
    assert "solutions/register_page.html" in _cached_loader().get_template_cache


def _worker_boot(before: str, after: str) -> Any:
    """What a fresh process that imports the WSGI module, as a gunicorn worker does, prints after it."""
    script = f"{before}\nimport kreisagenda.wsgi\n{after}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kreisagenda.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_wsgi_module_warms_up_when_a_worker_imports_it() -> None:
    compiled = _worker_boot(
        "import json",
        "from django.template import engines\n"
        "print(json.dumps(sorted(engines['django'].engine.template_loaders[0].get_template_cache)))",
    )
    assert set(project_templates()) <= set(compiled)


def test_a_booted_worker_s_heap_is_frozen_after_garbage_was_collected() -> None:
    # Automatic collection is off before the import, so only heap_freeze's own collection can free the
    # cycle; frozen with it, it would stay for the worker's life.
    seen = _worker_boot(
        "import gc, json, weakref\n"
        "gc.disable()\n"
        "class Cycle: pass\n"
        "garbage = Cycle(); garbage.itself = garbage; gone = weakref.ref(garbage); del garbage",
        "from django.template import engines\n"
        "cache = engines['django'].engine.template_loaders[0].get_template_cache\n"
        "walked = gc.get_objects()\n"
        "print(json.dumps({'frozen': gc.get_freeze_count(), 'walked': len(walked), "
        "'templates_walked': any(o is cache for o in walked), 'cycle_freed': gone() is None}))",
    )
    assert seen["cycle_freed"]
    assert not seen["templates_walked"]
    # A full collection now walks what came after the boot, a small part of what the worker holds.
    assert seen["walked"] * 10 < seen["frozen"]
