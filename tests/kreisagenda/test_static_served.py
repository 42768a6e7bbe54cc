"""Static files as production collects and serves them (D80, D81, D115): hashed names, brotli and gzip
copies made at collection, WhiteNoise answering each browser with the smallest copy it accepts, and of
plotly's package only the partial bundle the charts use. The rest of the suite serves the source files
unhashed and uncompressed (test settings), so this is the one place that collects as production does."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

BUNDLE = "vendor/plotly/plotly-cartesian.min.js"


def _as_production(root: Path) -> override_settings:
    """Production's static storage (kreisagenda.settings.base) and WhiteNoise serving ``root`` only."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return override_settings(STATIC_ROOT=root, STORAGES=storages, WHITENOISE_USE_FINDERS=False)


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One collection with production's storage (about half a minute: brotli on every file)."""
    root = tmp_path_factory.mktemp("static-production")
    with _as_production(root):
        call_command("collectstatic", "--noinput", "-v", "0")
    return root


def _hashed(root: Path, name: str) -> str:
    paths: dict[str, str] = json.loads((root / "staticfiles.json").read_text())["paths"]
    return paths[name]


def test_the_chart_bundle_is_collected_hashed_with_brotli_and_gzip_copies(collected: Path) -> None:
    hashed = _hashed(collected, BUNDLE)
    assert hashed != BUNDLE  # a new release is a new name, so far-future caching is safe
    original = (collected / hashed).read_bytes()
    br = (collected / f"{hashed}.br").read_bytes()
    gz = (collected / f"{hashed}.gz").read_bytes()
    assert brotli.decompress(br) == original
    assert gzip.decompress(gz) == original
    assert len(br) < len(gz) < len(original)


def test_nothing_of_plotly_s_package_is_collected_but_the_bundle_and_its_licence(collected: Path) -> None:
    files = [str(path.relative_to(collected)) for path in collected.rglob("*") if path.is_file()]
    plotly = sorted(name for name in files if "plotly" in name.lower())
    assert plotly, "the bundle was not collected"
    unexpected = [
        name
        for name in plotly
        if not (name.startswith("vendor/plotly/plotly-cartesian.min.") or name.startswith("vendor/plotly/LICENSE"))
    ]
    assert unexpected == []


@pytest.mark.parametrize(
    ("accepted", "encoding", "suffix"),
    [("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz"), ("", None, "")],
)
def test_each_browser_gets_the_smallest_copy_it_accepts(
    collected: Path, accepted: str, encoding: str | None, suffix: str
) -> None:
    hashed = _hashed(collected, BUNDLE)
    with _as_production(collected):
        client = Client()  # a new handler, so WhiteNoise indexes the collected folder
        response = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=accepted)
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert body == (collected / f"{hashed}{suffix}").read_bytes()
    assert "max-age=315360000" in response.headers["Cache-Control"]  # hashed: WhiteNoise's ten years
