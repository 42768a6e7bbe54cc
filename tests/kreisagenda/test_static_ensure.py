"""The demo serves static files as production does; they are collected again only when a source changed."""

from __future__ import annotations

import os
from pathlib import Path

from django.test import override_settings
from kreisagenda.management.commands.static_ensure import (
    FINGERPRINT_NAME,
    static_collected,
    static_sources_fingerprint,
)


def test_the_fingerprint_follows_the_source_files(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "app.js").write_text("console.log(1);")
    with override_settings(STATICFILES_DIRS=[("extra", str(source))]):
        first = static_sources_fingerprint()
        assert static_sources_fingerprint() == first  # nothing changed: nothing to do
        stat = (source / "app.js").stat()
        os.utime(source / "app.js", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        touched = static_sources_fingerprint()
        assert touched != first
        (source / "new.css").write_text("a{}")
        assert static_sources_fingerprint() not in (first, touched)


def test_a_collection_counts_only_with_its_manifest_and_the_same_fingerprint(tmp_path: Path) -> None:
    assert not static_collected(tmp_path, "abc")
    (tmp_path / FINGERPRINT_NAME).write_text("abc")
    assert not static_collected(tmp_path, "abc")  # no manifest: collectstatic did not finish
    (tmp_path / "staticfiles.json").write_text("{}")
    assert static_collected(tmp_path, "abc")
    assert not static_collected(tmp_path, "abd")
