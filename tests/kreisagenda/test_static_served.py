"""Static files as production collects and serves them (D80, D81, D115): hashed names, brotli and gzip
copies made at collection, WhiteNoise answering each browser with the smallest copy it accepts, and of
plotly's package only the partial bundle the charts use. The rest of the suite serves the source files
unhashed and uncompressed (test settings), so this is the one place that collects as production does."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

BUNDLE = "vendor/plotly/plotly-cartesian.min.js"


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One collection with production's storage, served from its folder as production serves it."""
    root = tmp_path_factory.mktemp("static-production")
    production = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=production, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", "--noinput", "-v", "0")
        yield root


def _hashed(root: Path, name: str) -> str:
    paths: dict[str, str] = json.loads((root / "staticfiles.json").read_text())["paths"]
    return paths[name]


def test_the_chart_bundle_is_collected_hashed_with_brotli_and_gzip_copies(collected: Path) -> None:
    hashed = _hashed(collected, BUNDLE)
    assert hashed != BUNDLE  # a new release is a new name, so a year's caching is safe
    original = (collected / hashed).read_bytes()
    br = (collected / f"{hashed}.br").read_bytes()
    gz = (collected / f"{hashed}.gz").read_bytes()
    assert brotli.decompress(br) == original
    assert gzip.decompress(gz) == original
    assert len(br) < len(gz) < len(original)


def test_nothing_of_plotly_s_package_is_collected_but_the_bundle_and_its_licence(collected: Path) -> None:
    plotly = sorted(
        str(path.relative_to(collected))
        for path in collected.rglob("*")
        if path.is_file() and "plotly" in str(path).lower()
    )
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
    production = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=collected, STORAGES=production, WHITENOISE_USE_FINDERS=False):
        client = Client()  # a new handler, so WhiteNoise indexes the collected folder
        response = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=accepted)
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert body == (collected / f"{hashed}{suffix}").read_bytes()
    assert "max-age=315360000" in response.headers["Cache-Control"]  # hashed: cached for good
