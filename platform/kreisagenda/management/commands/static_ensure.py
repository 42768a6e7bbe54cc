"""Collect and compress the static files for serving without DEBUG (the demo), when they changed.

WhiteNoise then serves hashed names with a year's caching and the gzip and brotli copies made here.
Compressing takes a while (brotli on every file), so it runs only when a source file changed:
the files found are fingerprinted (path, size, modification time) and compared with the last run's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

FINGERPRINT_NAME = ".sources"


def static_sources_fingerprint() -> str:
    """A digest of every static file the finders offer (path, size, modification time)."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def static_collected(root: Path, fingerprint: str) -> bool:
    """Whether ``root`` holds a collection made from sources with this fingerprint."""
    marker = root / FINGERPRINT_NAME
    return (root / "staticfiles.json").is_file() and marker.is_file() and marker.read_text() == fingerprint


class Command(BaseCommand):
    help = "Statische Dateien sammeln und komprimieren, wenn sich eine Quelle geändert hat."

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.STATIC_ROOT)
        fingerprint = static_sources_fingerprint()
        if static_collected(root, fingerprint):
            return
        self.stdout.write("» Statische Dateien werden gesammelt und komprimiert (einmalig nach Änderungen) …")
        self.stdout.flush()
        call_command("collectstatic", "--noinput", "--clear", "-v", "0")
        (root / FINGERPRINT_NAME).write_text(fingerprint)
