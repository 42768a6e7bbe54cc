"""Load benchmark: the roles' realistic mix against the app served by gunicorn on loopback, bounded in time.

    ./kreisagenda bench load [--users 50] [--seconds 120] [--warmup 20] [--think 5 15] [--workers 2×cores+1]
                             [--threads 1] [--pin]

Seeds the demo district into a throwaway embedded PostgreSQL and publishes it, then serves the app with
gunicorn on 127.0.0.1 as production does (DEBUG off, connections kept and checked, D104, D122). Each
simulated person signs in through the sign-in form and walks their role's pages in the proportions
below, reading 5–15 s before the next page (``--think 1 3`` is a stress: people clicking on without
reading, four times the requests). People arrive spread over one such pause, and the first
``--warmup`` seconds are not counted (their requests are summed up on one line): the table shows the
steady state, not everyone's sign-in in the same second. A trivial page (``/favicon.ico``: routing and
middleware, no database) is requested by an anonymous visitor in the same run, so every page is also
given as a ratio to it. Prints per page: requests, errors, median, p95, p99 (ms) and p95 ÷ the trivial
page's p95. Targets (issue 17): no errors, every page p95 < 150 ms. Everything it starts stops when it ends.

The people are threads of this one Python process, on the same machine as the server: a starved
load generator makes pages look slow that are not (D114). So the run also prints what the server
itself measured per page (gunicorn's request time, from the request read to the response written;
the wait for a free worker thread is not in it), each request's time outside the server (what the
person saw minus the server's time for that request, matched by a request number in a header), the
slowest requests with their second in the run and their worker, the throughput, and where the
machine's CPU went over the counted time: this load generator, gunicorn (its workers), this run's
PostgreSQL and the rest (whatever else runs on the machine). ``--pin`` puts the load generator on the
last core and gunicorn on the others (``os.sched_setaffinity``; PostgreSQL is left to the scheduler),
so neither takes the other's core.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import itertools
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
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

    def get(self, path: str, number: int) -> tuple[int, float]:
        # The number comes back in gunicorn's access log, so each request's own server time is known.
        request = urllib.request.Request(self.base + path, headers={"X-Bench-Request": str(number)})  # noqa: S310
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
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


def _serve(
    workers: int, threads: int, *, access_log: Path, cpus: set[int] | None
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {"DJANGO_CONN_MAX_AGE": "600", **os.environ}  # as production keeps them (D122); overridable
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
            # Replaced after about 1,000 requests as in production (deploy/compose.yaml); a run of 120 s
            # at the reading pace gives each worker about 200, so this only matters for longer runs.
            "--max-requests=1000",
            "--max-requests-jitter=100",
            f"--access-logfile={access_log}",
            # method, path, status, microseconds, the benchmark's request number, worker pid
            "--access-logformat=%(m)s %(U)s %(s)s %(D)s %({x-bench-request}i)s %(p)s",
        ],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # The workers are forked from it and keep its cores.
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
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


def _machine_busy() -> tuple[float, float, float]:
    """Seconds of CPU the whole machine spent busy and in all (every core), and those of them a hypervisor
    took for other machines (steal: the cores were busy, but not for us), from /proc/stat."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    hertz = os.sysconf("SC_CLK_TCK")
    idle = ticks[3] + ticks[4]  # idle, iowait
    steal = ticks[7] if len(ticks) > 7 else 0
    return (sum(ticks) - idle) / hertz, sum(ticks) / hertz, steal / hertz


def _process_seconds(parent: int) -> float:
    """CPU seconds of a server: its main process, the children it has reaped (PostgreSQL's backends end
    when a kept connection is replaced, D104) and the children alive now."""
    hertz = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    except OSError:
        return 0.0
    total = 0.0
    # The parent last: a child it reaps meanwhile is then counted in its cutime, not lost in between.
    for pid in [*children, str(parent)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / hertz  # utime, stime
        if pid == str(parent):
            total += (int(fields[13]) + int(fields[14])) / hertz  # cutime, cstime: the reaped children
    return total


def _cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _server_times(access_log: Path, counted: set[int]) -> tuple[dict[str, list[float]], dict[int, tuple[float, str]]]:
    """The server's own time per page (ms) from gunicorn's access log, towns' slugs as <Kommune>, of the
    ``counted`` requests (not the warm-up's, not sign-ins); and per counted request its server time and
    the worker that served it."""
    times: dict[str, list[float]] = defaultdict(list)
    numbered: dict[int, tuple[float, str]] = {}
    town = re.compile(r"^(/kreise/[^/]+/kommunen/)[^/]+/")
    for line in access_log.read_text().splitlines():
        method, path, _status, microseconds, number, worker = line.split()
        if not number.isdigit() or int(number) not in counted:
            continue
        # A redirect (the trivial page's) is followed with the same number: its two requests add up.
        before = numbered.get(int(number), (0.0, ""))[0]
        numbered[int(number)] = (before + int(microseconds) / 1000, worker.strip("<>"))
        if method != "GET" or path == "/anmelden/":
            continue
        times[town.sub(r"\1<Kommune>/", path)].append(int(microseconds) / 1000)
    return times, numbered


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def _table(title: str, heading: str, times: dict[str, list[float]]) -> None:
    print(title)
    print(f"{heading:78} {'n':>5} {'Median':>7} {'p95':>7} {'p99':>7}")
    for label in sorted(times):
        values = times[label]
        print(
            f"{label[:78]:78} {len(values):>5} {statistics.median(values):>7.1f} "
            f"{_percentile(values, 0.95):>7.1f} {_percentile(values, 0.99):>7.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    # As production serves (deploy/compose.yaml): single-threaded (sync) workers, 2 × cores + 1. Threads
    # (gthread) queue requests inside a worker that accepted them while busy, behind its other requests.
    parser.add_argument("--workers", type=int, default=2 * len(os.sched_getaffinity(0)) + 1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[5.0, 15.0],
        metavar=("MIN", "MAX"),
        help="Sekunden zwischen zwei Seiten einer Person (gleichverteilt): wer eine Übersicht liest, braucht "
        "5–15 s; 1–3 s ist ein Belastungstest",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=20.0,
        metavar="SEKUNDEN",
        help="Anlauf vor der Messung: Personen melden sich an und gehen schon, gezählt wird danach "
        "(ihre Zeiten stehen gesondert da)",
    )
    parser.add_argument(
        "--pin", action="store_true", help="Lastgenerator auf den letzten Kern, gunicorn auf die übrigen"
    )
    options = parser.parse_args()
    cores = sorted(os.sched_getaffinity(0))
    if options.pin and len(cores) < 2:
        parser.error("--pin braucht mindestens zwei Kerne")
    server_cpus = set(cores[:-1]) if options.pin else None

    call_command("migrate_schemas", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("publications_reconcile", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])  # its parent
    connection.close()
    year = timezone.localdate().year
    roles = _roles(year)
    access_log = Path(tempfile.mkstemp(prefix="kreisagenda-load-", suffix=".log")[1])
    process, base = _serve(options.workers, options.threads, access_log=access_log, cpus=server_cpus)
    if options.pin:
        os.sched_setaffinity(0, {cores[-1]})  # this thread, and the people's threads started from it
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    requests: list[tuple[int, str, float, float]] = []  # number, page, seconds into the run, ms
    lock = threading.Lock()
    numbers = itertools.count(1)
    warming: list[tuple[float, int]] = []  # ms and status of the requests sent during the warm-up
    stop_at = time.monotonic() + options.warmup + options.seconds

    def fetch(person: Person, label: str, path: str) -> None:
        number = next(numbers)  # itertools.count is atomic under the GIL
        sent = time.monotonic() - started
        status, ms = person.get(path, number)
        with lock:
            if sent < options.warmup:
                warming.append((ms, status))
                return
            timings[label].append(ms)
            requests.append((number, label, sent, ms))
            if status != 200:
                errors[label] += 1

    def walk(person: Person, role: Role, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - a load pattern, not a secret
        # People arrive spread over one pause, as they keep coming in a steady hour, not all in the
        # same second: everyone's sign-in and first page at once is a burst this benchmark does not ask about.
        time.sleep(rng.uniform(0, options.think[1]))
        person.sign_in()
        pages, weights = list(role.pages), list(role.pages.values())
        while time.monotonic() < stop_at:
            page = rng.choices(pages, weights)[0]
            label = f"{role.name}: {page.replace('{town}', '<Kommune>')}"
            fetch(person, label, page.format(town=TOWN_OF.get(person.account, "hoexter")))
            # The last pause ends with the run, so the counted time is the run's and no longer.
            time.sleep(min(rng.uniform(*options.think), max(0.0, stop_at - time.monotonic())))

    def trivial() -> None:
        visitor = Person(base, "")
        while time.monotonic() < stop_at:
            fetch(visitor, "trivial: " + TRIVIAL, TRIVIAL)
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
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        time.sleep(options.warmup)  # people arrive and sign in; from here on it counts
        measured_from = time.monotonic()
        own_before = _cpu_seconds(resource.getrusage(resource.RUSAGE_SELF))
        server_before = _process_seconds(process.pid)
        machine_before = _machine_busy()
        postgres_before = _process_seconds(postmaster)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - measured_from
        own = _cpu_seconds(resource.getrusage(resource.RUSAGE_SELF)) - own_before
        server = _process_seconds(process.pid) - server_before  # gunicorn and its workers, alive until now
        postgres = _process_seconds(postmaster) - postgres_before
        busy, every, steal = (after - before for after, before in zip(_machine_busy(), machine_before, strict=True))
    finally:
        process.terminate()
        process.wait(timeout=30)
    server_times, numbered = _server_times(access_log, counted={number for number, *_ in requests})
    access_log.unlink()

    trivial_p95 = _percentile(timings["trivial: " + TRIVIAL], 0.95)
    total = sum(len(values) for values in timings.values())
    print(
        f"\nLast: {options.users} Personen, {options.seconds} s, Pause {options.think[0]:g}–{options.think[1]:g} s, gunicorn {options.workers}×{options.threads} "
        f"auf 127.0.0.1, {total} Anfragen, {sum(errors.values())} Fehler"
    )
    warm_errors = sum(status != 200 for _ms, status in warming)
    if warming:
        print(
            f"Anlauf ({options.warmup:g} s, nicht in der Tabelle): {len(warming)} Anfragen, {warm_errors} Fehler, "
            f"Median {statistics.median(ms for ms, _status in warming):.0f} ms, "
            f"langsamste {max(ms for ms, _status in warming):.0f} ms"
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
        f"Ziel: 0 Fehler ({'erreicht' if sum(errors.values()) + warm_errors == 0 else 'VERFEHLT'}), jede Seite p95 < 150 ms "
        f"({'erreicht' if slowest < 150 else 'VERFEHLT'}: langsamste p95 {slowest:.0f} ms)"
    )
    _table(
        "\nIm Server gemessen (gunicorn, ohne Warten auf einen freien Thread), alle Rollen zusammen:",
        "Pfad",
        server_times,
    )
    # Each request's time as the person saw it against the server's own for that very request: what is
    # left (waiting for a free worker, connecting, the generator's own threads) lies outside the app.
    outside: dict[str, list[float]] = defaultdict(list)
    for number, label, _sent, ms in requests:
        if number in numbered:
            outside[label].append(ms - numbered[number][0])
    _table("\nAußerhalb des Servers (gesehene Zeit − Serverzeit derselben Anfrage), ms:", "Seite", outside)
    print("\nDie langsamsten Anfragen (s nach Beginn, gesehen ms, Server ms, Worker):")
    for number, label, sent, ms in sorted(requests, key=lambda request: -request[3])[:12]:
        server_ms, worker = numbered.get(number, (float("nan"), "?"))
        print(f"  {sent:6.1f} {ms:8.0f} {server_ms:8.0f} {worker:>8}  {label[:70]}")
    capacity = elapsed * len(cores)
    print(
        f"\nDurchsatz: {total / elapsed:.1f} Anfragen/s. CPU der Maschine ({len(cores)} Kerne, {elapsed:.0f} s"
        f"{'; gunicorn auf ' + str(sorted(server_cpus)) + ', Lastgenerator auf [' + str(cores[-1]) + ']' if server_cpus else ''}): "
        f"belegt {100 * busy / every:.0f} %, davon Lastgenerator {100 * own / capacity:.0f} %, "
        f"gunicorn {100 * server / capacity:.0f} %, PostgreSQL {100 * postgres / capacity:.0f} %, "
        f"Hypervisor (steal) {100 * steal / every:.0f} %, "
        f"Rest (andere Prozesse) {100 * max((busy - steal) / every - (own + server + postgres) / capacity, 0):.0f} %"
    )
    if busy / every > 0.9:
        print("Achtung: die Maschine war ausgelastet; die Zeiten oben enthalten Wartezeit auf CPU.")
    if steal / every > 0.02:
        # Measured: with 3-4 % steal the medians rose by a fifth and requests waited 100-200 ms outside the
        # server; such a run cannot be set against a quiet one (D122).
        print("Achtung: der Hypervisor nahm der Maschine mehr als 2 % der CPU; mit ruhigen Läufen nicht vergleichbar.")
    if own / capacity > 0.25 and not options.pin:
        print("Achtung: der Lastgenerator brauchte mehr als ein Viertel der CPU; --pin trennt ihn vom Server.")


if __name__ == "__main__":
    main()
