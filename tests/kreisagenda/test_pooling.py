"""PgBouncer only in session mode (D108): the check against a real PgBouncer (Debian's package; the test
command installs it when missing) in front of the suite's PostgreSQL, on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections
from kreisagenda import pooling
from kreisagenda.pooling import pooled_per_transaction, session_pooling_check

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pgbouncer() -> Iterator[Callable[[str], dict[str, Any]]]:
    """Start PgBouncer with a pool mode; the DATABASES entry that goes through it. Stopped at the end."""
    assert os.access(PGBOUNCER, os.X_OK), "PgBouncer fehlt: als root `apt-get install -y pgbouncer`."
    server = connections.settings["default"]
    started: list[subprocess.Popen[bytes]] = []
    # Readable by the user PgBouncer runs as when the tests run as root (pytest's own folders are not).
    tmp_path = Path(tempfile.mkdtemp(prefix="kreisagenda-pgbouncer-"))
    tmp_path.chmod(0o755)

    def start(mode: str) -> dict[str, Any]:
        port = _free_port()
        folder = tmp_path / mode
        folder.mkdir()
        folder.chmod(0o777)
        (folder / "users.txt").write_text('"postgres" ""\n')
        (folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"suite = host={server['HOST']} dbname={server['NAME']} user={server['USER'] or 'postgres'}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
            f"pool_mode = {mode}\ndefault_pool_size = 5\n"
        )
        for path in folder.iterdir():
            path.chmod(0o666)
        as_user = ["-u", "pgserver"] if os.geteuid() == 0 else []  # PgBouncer refuses to run as root
        process = subprocess.Popen([PGBOUNCER, *as_user, str(folder / "pgbouncer.ini")])
        started.append(process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert process.poll() is None, f"PgBouncer endete mit {process.returncode}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        return {
            "NAME": "suite",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "OPTIONS": {},
        }

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
    shutil.rmtree(tmp_path)


@pytest.fixture(autouse=True)
def _fresh_answers() -> Iterator[None]:
    pooling._seen.clear()
    yield
    pooling._seen.clear()


def test_a_pool_per_transaction_is_refused_with_the_reason_and_the_fix(
    pgbouncer: Callable[[str], dict[str, Any]],
) -> None:
    through_pool = pgbouncer("transaction")
    assert pooled_per_transaction(through_pool)

    connections.settings["gepoolt"] = {**connections.settings["default"], **through_pool}
    try:
        problems = session_pooling_check(databases=["gepoolt"])
    finally:
        del connections.settings["gepoolt"]
    assert [problem.id for problem in problems] == ["kreisagenda.E108"]
    assert "„gepoolt“" in problems[0].msg
    assert "pool_mode = session" in str(problems[0].hint)


def test_a_pool_per_session_and_the_server_itself_pass(pgbouncer: Callable[[str], dict[str, Any]]) -> None:
    assert not pooled_per_transaction(pgbouncer("session"))
    assert not pooled_per_transaction(connections.settings["default"])
    assert session_pooling_check(databases=["default"]) == []


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("check", {"databases": ["gepoolt"]}),
        # skip_checks=False: as on the command line (call_command skips the checks unless told).
        ("migrate_schemas", {"database": "gepoolt", "interactive": False, "skip_checks": False}),
    ],
)
def test_a_deploy_and_the_database_check_stop_at_a_pool_per_transaction(
    pgbouncer: Callable[[str], dict[str, Any]], command: str, options: dict[str, Any]
) -> None:
    """Through Django's check framework, as a deploy meets it: the command stops before it touches a schema
    (this test has no database access of its own, so a migration that went on would fail otherwise)."""
    connections.settings["gepoolt"] = {**connections.settings["default"], **pgbouncer("transaction")}
    try:
        with pytest.raises(SystemCheckError, match=r"kreisagenda\.E108"):
            call_command(command, verbosity=0, **options)
    finally:
        del connections.settings["gepoolt"]
