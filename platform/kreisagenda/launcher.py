"""What ``./kreisagenda demo|test|bench|screenshots`` runs, after the environment is installed.

The launcher owns what it starts: the embedded PostgreSQL, the Celery worker and beat, and the web server
all stop when it ends (Ctrl-C, SIGTERM or a child that dies).
"""

from __future__ import annotations

import argparse
import ctypes.util
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import IO

REPO_DIR = Path(__file__).resolve().parent.parent.parent
# Loopback only; another port (KREISAGENDA_DEMO_PORT) lets a second checkout run its demo beside the first.
DEMO_PORT = os.environ.get("KREISAGENDA_DEMO_PORT", "8000")
DEMO_ADDRESS = f"127.0.0.1:{DEMO_PORT}"
DEMO_LOG = REPO_DIR / ".local" / "demo.log"  # the server's requests and the worker's tasks
DEMO_MAIL_DIR = REPO_DIR / ".local" / "mail"  # the demo's mails (settings.local: EMAIL_FILE_PATH)
# The browser tests (tests/browser) drive Debian's Chromium, or the binary this variable names.
CHROMIUM_VARIABLE = "KREISAGENDA_CHROMIUM"
CHROMIUM_HINT = (
    "Die Browser-Tests brauchen Chromium: als root `apt-get update && apt-get install -y chromium` "
    "(Debian-Paket chromium; `./kreisagenda test` tut das als root selbst), "
    f"oder {CHROMIUM_VARIABLE}=/pfad/zu/chromium setzen."
)


def _embedded_urls(pgdata: Path, *, throwaway: bool = False) -> None:
    """Point this process and its children at an embedded server, unless DATABASE_URL is set."""
    if os.environ.get("DATABASE_URL"):
        return
    from kreisagenda.embedded import embedded_database_url
    from kreisagenda.env import sqlalchemy_broker_url

    url = embedded_database_url(pgdata, database="kreisagenda", throwaway=throwaway)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CELERY_BROKER_URL", sqlalchemy_broker_url(url))


def _manage(*arguments: str, output: IO[bytes] | None = None) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, str(REPO_DIR / "manage.py"), *arguments],
        check=True,
        cwd=REPO_DIR,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
    )


def until_answering(url: str, *, timeout: float, alive: Callable[[], bool]) -> bool:
    """Whether ``url`` answers (any HTTP status) within ``timeout`` seconds while ``alive()`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback address
                return True
        except urllib.error.HTTPError:
            return True  # it answered, if with an error page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    return False


def _all_running(children: list[subprocess.Popen[bytes]]) -> bool:
    return all(child.poll() is None for child in children)


def demo(_arguments: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.local")
    if until_answering(f"http://{DEMO_ADDRESS}/", timeout=1, alive=lambda: True):
        # Else "läuft auf …" would be said of whatever answers there.
        print(f"» Auf {DEMO_ADDRESS} läuft schon ein Server (eine zweite Demo?); bitte erst beenden.", flush=True)
        return 1
    _embedded_urls(REPO_DIR / ".local" / "pgdata")
    report_libraries_ensure()
    print("» Datenbank wird vorbereitet …", flush=True)
    DEMO_LOG.parent.mkdir(exist_ok=True)
    log = DEMO_LOG.open("ab")
    _manage("static_ensure")
    _manage("migrate_schemas", "--executor=standard", "-v", "0")
    _manage("seed_demo")
    # What the seed released is published before anyone looks (the worker would do it a moment
    # later); and the demo's data may have been published under an older duplicate check.
    _manage("publications_reconcile", output=log)
    _manage("duplicate_flags_refresh", "-v", "0", output=log)
    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def stop(_signal: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        children.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "kreisagenda", "worker", "--loglevel=INFO", "--concurrency=2"],
                cwd=REPO_DIR,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        # Beat sends the periodic work (settings.CELERY_BEAT_SCHEDULE: the publications' reconciliation).
        children.append(
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "kreisagenda",
                    "beat",
                    "--loglevel=INFO",
                    f"--schedule={REPO_DIR / '.local' / 'celerybeat-schedule'}",
                ],
                cwd=REPO_DIR,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        children.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, str(REPO_DIR / "manage.py"), "runserver", DEMO_ADDRESS, "--noreload"],
                cwd=REPO_DIR,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        print("» Server und Hintergrundaufgaben starten …", flush=True)
        if until_answering(f"http://{DEMO_ADDRESS}/anmelden/", timeout=120, alive=lambda: _all_running(children)):
            print(
                f"\n» Kreisagenda läuft auf http://localhost:{DEMO_PORT} – beenden mit Strg+C\n"
                f"  Anfragen und Hintergrundaufgaben protokolliert in {DEMO_LOG.relative_to(REPO_DIR)}\n"
                f"  E-Mails (Benachrichtigungen) werden nicht versandt, sondern als Dateien abgelegt in "
                f"{DEMO_MAIL_DIR.relative_to(REPO_DIR)}/\n",
                flush=True,
            )
        elif not stopping:
            print(f"» Der Server antwortet nicht; Einzelheiten in {DEMO_LOG.relative_to(REPO_DIR)}.", flush=True)
            stopping = True
        while not stopping and _all_running(children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                # The main process only: Celery then shuts its pool down warmly by itself.
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
        log.close()
        print("» Beendet; die Datenbank wird gestoppt (Daten bleiben in .local/pgdata).", flush=True)
    failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
    return 1 if failed and not stopping else 0


def chromium_path() -> str | None:
    """The Chromium the browser tests drive: the binary KREISAGENDA_CHROMIUM names, else ``chromium`` on PATH."""
    configured = os.environ.get(CHROMIUM_VARIABLE)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium")


def chromium_ensure() -> str | None:
    """Install Debian's chromium package when it is missing and we may (root, apt-get); its path, or None.

    Nothing happens when Chromium is there or KREISAGENDA_CHROMIUM names one; where it cannot be
    installed, this says how, and the browser tests fail with the same words.
    """
    found = chromium_path()
    if found is not None or os.environ.get(CHROMIUM_VARIABLE):
        if found is None:
            print(f"{CHROMIUM_VARIABLE} nennt kein ausführbares Programm. {CHROMIUM_HINT}", file=sys.stderr)
        return found
    apt_get = shutil.which("apt-get")
    if apt_get is None or os.geteuid() != 0:
        print(f"Chromium fehlt. {CHROMIUM_HINT}", file=sys.stderr)
        return None
    print("» Installiere Chromium (Debian-Paket chromium) für die Browser-Tests …", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt_get, "update", "-qq"], [apt_get, "install", "-y", "-qq", "chromium"]):
        result = subprocess.run(command, env=environment, stdin=subprocess.DEVNULL, check=False)  # noqa: S603
        if result.returncode != 0:
            print(f"Chromium konnte nicht installiert werden. {CHROMIUM_HINT}", file=sys.stderr)
            return None
    return chromium_path()


# What WeasyPrint needs to set the reports' PDFs (decision D50): Pango from Debian and a font to embed.
REPORT_PACKAGES = {
    "libpango-1.0-0": lambda: ctypes.util.find_library("pango-1.0") is not None,
    "libpangoft2-1.0-0": lambda: ctypes.util.find_library("pangoft2-1.0") is not None,
    "fonts-dejavu-core": lambda: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists(),
}
REPORT_HINT = (
    "Die Berichte (PDF) brauchen Pango und die DejaVu-Schriften: als root `apt-get install -y "
    + " ".join(REPORT_PACKAGES)
    + "` (`./kreisagenda demo|test` tut das als root selbst)."
)


def report_libraries_ensure() -> bool:
    """Install what the reports' PDFs need when it is missing and we may (root, apt-get); whether all is there."""
    return _debian_packages_ensure(REPORT_PACKAGES, purpose="die Berichte", hint=REPORT_HINT)


# The session-pooling check's test runs a real PgBouncer in front of the suite's PostgreSQL (D108).
TEST_PACKAGES = {"pgbouncer": lambda: Path("/usr/sbin/pgbouncer").exists() or shutil.which("pgbouncer") is not None}
TEST_HINT = (
    "Die Tests brauchen PgBouncer: als root `apt-get install -y pgbouncer` (`./kreisagenda test` tut das selbst)."
)


def _debian_packages_ensure(packages: dict[str, Callable[[], bool]], *, purpose: str, hint: str) -> bool:
    missing = [package for package, present in packages.items() if not present()]
    if not missing:
        return True
    apt_get = shutil.which("apt-get")
    if apt_get is None or os.geteuid() != 0:
        print(f"Es fehlt: {', '.join(missing)}. {hint}", file=sys.stderr)
        return False
    print(f"» Installiere {', '.join(missing)} (Debian) für {purpose} …", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt_get, "update", "-qq"], [apt_get, "install", "-y", "-qq", *missing]):
        result = subprocess.run(command, env=environment, stdin=subprocess.DEVNULL, check=False)  # noqa: S603
        if result.returncode != 0:
            print(f"Die Pakete konnten nicht installiert werden. {hint}", file=sys.stderr)
            return False
    return True


def selects_browser_tests(arguments: Sequence[str]) -> bool:
    """Whether pytest with these arguments may run tests/browser: yes unless every path named lies elsewhere."""
    browser_tests = REPO_DIR / "tests" / "browser"
    paths = [
        (REPO_DIR / argument.split("::")[0]).resolve()
        for argument in arguments
        if not argument.startswith("-") and (REPO_DIR / argument.split("::")[0]).exists()
    ]
    return not paths or any(path in browser_tests.parents or path.is_relative_to(browser_tests) for path in paths)


def test(arguments: Sequence[str]) -> int:
    """ruff, mypy, the import contracts, then pytest against a throwaway embedded PostgreSQL (or DATABASE_URL).

    The browser tests need Chromium: installed first when missing and possible (``chromium_ensure``).
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "kreisagenda.settings.test"
    steps: list[tuple[str, list[str]]] = [
        ("ruff", [sys.executable, "-m", "ruff", "check", "."]),
        ("ruff format", [sys.executable, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [sys.executable, "-m", "mypy"]),
        # who may import whom: the contracts in pyproject.toml (docs/architecture.md)
        ("import contracts", [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]),
        ("pytest", [sys.executable, "-m", "pytest", *arguments]),
    ]
    if arguments:  # a developer naming tests wants just those
        steps = steps[-1:]
    report_libraries_ensure()  # a no-op when they are there; the report tests fail, saying how, when they are not
    _debian_packages_ensure(TEST_PACKAGES, purpose="die Tests", hint=TEST_HINT)  # likewise the pooling test
    if selects_browser_tests(arguments):
        chromium_ensure()  # a no-op when Chromium is there; the browser tests fail, saying how, when it is not
    for name, command in steps:
        print(f"» {name}", flush=True)
        returncode = subprocess.run(command, cwd=REPO_DIR, check=False).returncode  # noqa: S603
        if returncode == 5 and name == "pytest":
            print("pytest hat keine Tests gefunden – das ist ein Fehler.", file=sys.stderr)
            return 1
        if returncode != 0:
            return returncode
    return 0


# With this set to 1 the browser tests write the README's pictures to docs/screenshots/.
README_SCREENSHOTS_VARIABLE = "KREISAGENDA_README_SCREENSHOTS"


def screenshots(arguments: Sequence[str]) -> int:
    """The README's pictures of the dashboards (docs/screenshots/), taken by the browser tests."""
    os.environ[README_SCREENSHOTS_VARIABLE] = "1"
    return test(["tests/browser", "-k", "readme_screenshots", *arguments])


BENCHMARKS = ("provisioning", "comparison", "dashboards", "migrate", "load")


def bench(arguments: Sequence[str]) -> int:
    """Every benchmark in turn, or the one named first: ``bench comparison --sizes 10 100``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "kreisagenda.settings.test"
    names, options = (
        (arguments[:1], arguments[1:]) if arguments and arguments[0] in BENCHMARKS else (BENCHMARKS, arguments)
    )
    for name in names:
        print(f"» Benchmark {name}", flush=True)
        returncode = subprocess.run(  # noqa: S603
            [sys.executable, str(REPO_DIR / "benchmarks" / f"{name}.py"), *options], cwd=REPO_DIR, check=False
        ).returncode
        if returncode != 0:
            return returncode
    return 0


COMMANDS = {"demo": demo, "test": test, "bench": bench, "screenshots": screenshots}


def main() -> int:
    parser = argparse.ArgumentParser(prog="./kreisagenda")
    parser.add_argument("command", choices=sorted(COMMANDS))
    known, rest = parser.parse_known_args()
    return COMMANDS[known.command](rest)


if __name__ == "__main__":
    sys.exit(main())
