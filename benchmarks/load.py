"""Load benchmark: the roles' realistic mix against the app served by gunicorn on loopback, bounded in time.

    ./kreisagenda bench load [--users 50] [--seconds 60] [--workers 2] [--threads 4]

Seeds the demo district into a throwaway embedded PostgreSQL and publishes it, then serves the app with
gunicorn on 127.0.0.1 as production does (DEBUG off, connections kept 60 s and checked, D104). Each
simulated person signs in through the sign-in form and walks their role's pages in the proportions
below, thinking 1–3 s between pages. A trivial page (``/favicon.ico``: routing and middleware, no
database) is requested by an anonymous visitor in the same run, so every page is also given as a ratio
to it. Prints per page: requests, errors, median, p95, p99 (ms) and p95 ÷ the trivial page's p95.
Targets (issue 17): no errors, every page p95 < 150 ms. Everything it starts stops when it ends.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.test")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

REPO_DIR = Path(__file__).resolve().parent.parent
from kreisagenda.demo import DEMO_PASSWORD as PASSWORD

DISTRICT = "/kreise/kreis-hoexter"


@dataclass(frozen=True)
class Role:
    name: str
    accounts: tuple[str, ...]
    share: int  # of the simulated people, in percent
    pages: dict[str, int]  # page → weight


def _roles(year: int) -> list[Role]:
    town = f"{DISTRICT}/kommunen/{{town}}"
    town_pages = {
        f"{town}/": 4,
        f"{town}/quick-check/{year}/": 4,
        f"{town}/schwerpunkte/": 1,
        f"{town}/loesungen/": 2,
        f"{town}/roadmap/": 2,
        f"{town}/vergleich/{year}/": 1,
    }
    return [
        Role(
            "Kreis-Koordination",
            ("koordination@kreis-hoexter.example",),
            20,
            {
                f"{DISTRICT}/": 4,
                f"{DISTRICT}/vergleich/{year}/": 2,
                f"{DISTRICT}/vergleich/{year}/synergien/": 1,
                f"{DISTRICT}/doppelstrukturen/": 1,
                f"{DISTRICT}/roadmap/": 1,
                f"{DISTRICT}/projekte/": 1,
                f"{DISTRICT}/leitbild/": 1,
                f"{DISTRICT}/kommunen/hoexter/quick-check/{year}/": 1,
            },
        ),
        Role(
            "Digitalbeauftragte",
            ("digital@hoexter.example", "digital@brakel.example"),
            50,
            town_pages,
        ),
        Role(
            "Bürgermeister:in (lesend)",
            ("buergermeister@hoexter.example",),
            10,
            {page: weight for page, weight in town_pages.items() if "schwerpunkte" not in page},
        ),
        Role(
            "Bürgermeisterkonferenz",
            ("konferenz@kreis-hoexter.example",),
            20,
            {
                f"{DISTRICT}/konferenz/": 4,
                f"{DISTRICT}/vergleich/{year}/": 2,
                f"{DISTRICT}/leitbild/": 1,
                f"{DISTRICT}/projekte/": 1,
                f"{DISTRICT}/leuchttuerme/": 1,
            },
        ),
    ]


TOWN_OF = {
    "digital@hoexter.example": "hoexter",
    "buergermeister@hoexter.example": "hoexter",
    "digital@brakel.example": "brakel",
}
TRIVIAL = "/favicon.ico"


class Person:
    def __init__(self, base: str, account: str) -> None:
        self.base = base
        self.account = account
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def get(self, path: str) -> tuple[int, float]:
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, (time.perf_counter() - start) * 1000

    def sign_in(self) -> None:
        with self.opener.open(self.base + "/anmelden/", timeout=30) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("Anmeldeseite ohne CSRF-Token")
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": self.account, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + "/anmelden/", data=data, headers={"Referer": self.base + "/anmelden/"}
        )
        with self.opener.open(request, timeout=30) as response:
            response.read()
        if not any(cookie.name.endswith("sessionid") for cookie in self.jar):
            raise RuntimeError(f"Anmeldung als {self.account} fehlgeschlagen")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(workers: int, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "DJANGO_CONN_MAX_AGE": "60"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kreisagenda.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=60",
        ],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + TRIVIAL, timeout=30):  # noqa: S310 - loopback
                    return process, base
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None:
                    break
                time.sleep(0.3)
        raise RuntimeError("gunicorn ist nicht gestartet")
    except BaseException:
        process.terminate()  # whatever went wrong, the server does not outlive the benchmark
        process.wait(timeout=30)
        raise


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()

    call_command("migrate_schemas", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("publications_reconcile", verbosity=0)
    connection.close()
    year = timezone.localdate().year
    roles = _roles(year)
    process, base = _serve(options.workers, options.threads)
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + options.seconds

    def record(label: str, status: int, ms: float) -> None:
        with lock:
            timings[label].append(ms)
            if status != 200:
                errors[label] += 1

    def walk(person: Person, role: Role, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - a load pattern, not a secret
        person.sign_in()
        pages, weights = list(role.pages), list(role.pages.values())
        time.sleep(rng.uniform(0, 2))  # people do not all start at once
        while time.monotonic() < stop_at:
            page = rng.choices(pages, weights)[0]
            status, ms = person.get(page.format(town=TOWN_OF.get(person.account, "hoexter")))
            record(f"{role.name}: {page.replace('{town}', '<Kommune>')}", status, ms)
            time.sleep(rng.uniform(1, 3))

    def trivial() -> None:
        visitor = Person(base, "")
        while time.monotonic() < stop_at:
            status, ms = visitor.get(TRIVIAL)
            record("trivial: " + TRIVIAL, status, ms)
            time.sleep(0.5)

    threads = [threading.Thread(target=trivial)]
    for number in range(options.users):
        # Spread the people over the roles by their shares (20/50/10/20 of every hundred).
        cumulative, pick = 0, roles[-1]
        position = (number * 100 // max(options.users, 1)) % 100
        for candidate in roles:
            cumulative += candidate.share
            if position < cumulative:
                pick = candidate
                break
        role = pick
        account = role.accounts[number % len(role.accounts)]
        threads.append(threading.Thread(target=walk, args=(Person(base, account), role, number)))
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.terminate()
        process.wait(timeout=30)

    trivial_p95 = _percentile(timings["trivial: " + TRIVIAL], 0.95)
    total = sum(len(values) for values in timings.values())
    print(
        f"\nLast: {options.users} Personen, {options.seconds} s, gunicorn {options.workers}×{options.threads} "
        f"auf 127.0.0.1, {total} Anfragen, {sum(errors.values())} Fehler"
    )
    print(f"{'Seite':78} {'n':>5} {'Fehler':>6} {'Median':>7} {'p95':>7} {'p99':>7} {'p95 ÷ trivial':>13}")
    slowest = 0.0
    for label in sorted(timings):
        values = timings[label]
        p95 = _percentile(values, 0.95)
        if not label.startswith("trivial"):
            slowest = max(slowest, p95)
        print(
            f"{label[:78]:78} {len(values):>5} {errors[label]:>6} {statistics.median(values):>7.1f} "
            f"{p95:>7.1f} {_percentile(values, 0.99):>7.1f} {p95 / trivial_p95:>13.1f}"
        )
    print(
        f"Ziel: 0 Fehler ({'erreicht' if sum(errors.values()) == 0 else 'VERFEHLT'}), jede Seite p95 < 150 ms "
        f"({'erreicht' if slowest < 150 else 'VERFEHLT'}: langsamste p95 {slowest:.0f} ms)"
    )


if __name__ == "__main__":
    main()
