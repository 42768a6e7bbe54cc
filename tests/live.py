"""The app served for real, on a copy of the suite's database: for tests that restart PostgreSQL or
let a generator write whatever it likes.

``database_copy()`` takes a ``pg_basebackup`` of the suite's embedded server (the prepared world, as
committed) and starts it as a server of its own, on a Unix socket only; the suite's own server is
never restarted and never sees a generated write. ``server_start()`` serves the app with gunicorn on
loopback against such a copy. ``connected_to(copy)`` points this process's Django connection at the
copy for a moment, to plant data there with the ORM and the services.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from kreisagenda.embedded import embedded_bin_dir

from tests.conftest import PASSWORD, REPO_DIR


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root; as root, pgserver runs it as its own user (so do we)."""
    return "pgserver" if os.geteuid() == 0 else None


@dataclass
class DatabaseCopy:
    """A private PostgreSQL server holding a copy of the suite's database."""

    folder: Path  # short, as a socket's path must be: the data, the log and the socket live here
    database: str
    user: str

    @property
    def pgdata(self) -> Path:
        return self.folder / "pgdata"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@/{self.database}?host={self.folder}"

    def pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            [str(embedded_bin_dir() / "pg_ctl"), "-D", str(self.pgdata), "-w", *arguments],
            check=True,
            capture_output=True,
            timeout=60,
            user=_system_user(),
        )

    def restart(self) -> None:
        """Fast shutdown (every backend is terminated, as on a package update), then start again."""
        self.pg_ctl("-m", "fast", "-l", str(self.folder / "server.log"), "restart")

    def schema_data(self, schema: str) -> str:
        """Every row of every table of ``schema``, as ``pg_dump`` writes them: for before/after comparisons."""
        result = subprocess.run(
            [
                str(embedded_bin_dir() / "pg_dump"),
                f"--host={self.folder}",
                f"--username={self.user}",
                "--data-only",
                f"--schema={schema}",
                self.database,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return result.stdout.decode()


@contextmanager
def database_copy() -> Iterator[DatabaseCopy]:
    """Call with the database unblocked; skips where the suite does not run on the embedded server."""
    settings = connection.settings_dict
    if not str(settings["HOST"]).startswith("/"):
        pytest.skip("needs the embedded PostgreSQL (DATABASE_URL names another server)")
    folder = Path(tempfile.mkdtemp(prefix="ka-live-"))
    user = _system_user()
    if user is not None:
        shutil.chown(folder, user)
    copy = DatabaseCopy(folder=folder, database=str(settings["NAME"]), user=str(settings["USER"]))
    try:
        subprocess.run(
            [
                str(embedded_bin_dir() / "pg_basebackup"),
                f"--pgdata={copy.pgdata}",
                f"--host={settings['HOST']}",
                f"--username={settings['USER']}",
                "--checkpoint=fast",
                "--wal-method=stream",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
            user=user,
        )
        copy.pg_ctl("-o", '-h ""', "-o", f"-k {folder}", "-l", str(folder / "server.log"), "start")
        try:
            yield copy
        finally:
            copy.pg_ctl("-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def connected_to(copy: DatabaseCopy) -> Iterator[None]:
    """This process's Django connection on the copy (autocommit), then back on the suite's database."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = str(copy.folder)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def _opener(self) -> urllib.request.OpenerDirector:
        return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, timeout: float = 30) -> tuple[int, dict[str, str], str]:
        """Status, headers and body; with the cookies of the person signed in, if any."""
        try:
            with self._opener().open(self.base + path, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def sign_in(self, email: str) -> None:
        status, _, form = self.get("/anmelden/")
        assert status == 200, form
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, form
        body = urllib.parse.urlencode(
            {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        with self._opener().open(self.base + "/anmelden/", data=body, timeout=30) as response:
            assert not response.url.endswith("/anmelden/"), "sign-in failed"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def server_start(
    copy: DatabaseCopy, *, conn_max_age: int = 0, workers: int = 1, environment: dict[str, str] | None = None
) -> Server:
    """gunicorn serving the app on 127.0.0.1 against ``copy``, with ``environment`` added to this process's;
    stop it with ``Server.stop``."""
    port = _free_port()
    log = copy.folder / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kreisagenda.settings.test",
        "DATABASE_URL": copy.url,
        "DJANGO_CONN_MAX_AGE": str(conn_max_age),
        **(environment or {}),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "kreisagenda.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--timeout=60",
            ],
            cwd=REPO_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(base=f"http://127.0.0.1:{port}", process=process, log=log)
    deadline = time.monotonic() + 180  # generous: a loaded 2-core machine took over a minute
    while True:
        try:
            server.get("/anmelden/", timeout=5)
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:  # a slow first answer too
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("gunicorn did not start:\n" + log.read_text()) from error
            time.sleep(0.2)
