"""The embedded PostgreSQL for the demo and the tests (the `pgserver` package ships the binaries).

The server listens on a Unix socket only (no TCP port at all), and stops when the last
process that asked for it ends.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)


def embedded_bin_dir() -> Path:
    """Folder of the embedded server's binaries (pg_dump among them)."""
    from pgserver._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def embedded_database_url(pgdata: Path, *, database: str, throwaway: bool = False) -> str:
    """Start (or join) the server whose data lives in ``pgdata`` and make sure ``database`` exists.

    ``throwaway`` servers are deleted when they stop and trade durability for speed.
    """
    _ensure_runtime_dir()
    import pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode="delete" if throwaway else "stop")
    admin_url = server.get_uri("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if throwaway:
            # Durability is worthless for a server that is deleted at the end of the run.
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(sql.SQL("ALTER SYSTEM SET {} = off").format(sql.Identifier(setting)))
            conn.execute("SELECT pg_reload_conf()")
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            logger.info("Lege Datenbank %s an", database)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return server.get_uri(database)


def _ensure_runtime_dir() -> None:
    """pgserver keeps its lock file in the XDG runtime folder, which must be private (0700)."""
    current = os.environ.get("XDG_RUNTIME_DIR")
    if current and Path(current).is_dir() and (Path(current).stat().st_mode & 0o077) == 0:
        return
    runtime = Path(tempfile.gettempdir()) / f"kreisagenda-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
