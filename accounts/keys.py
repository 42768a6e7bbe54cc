"""API keys: random, shown once, kept as a SHA-256 hash (a key has 256 bits of chance: a fast hash
is enough, as for GitHub's and GitLab's tokens; a slow password hash would cost every API call)."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "ka_"  # recognisable in logs and secret scanners


def api_key_new() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
