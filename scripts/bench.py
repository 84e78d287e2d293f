"""``make bench``: measure Probity at a council's size, on PostgreSQL, in one run.

    make bench                                   # 50,000 people, 1,000,000 declarations
    make bench PEOPLE=2000 DECLARATIONS=5000     # a small run (CI runs one smaller still)

It generates the council (``manage.py generate_council``) unless the database already holds one of
that size and seed, serves it with gunicorn and production settings on the loopback, signs in as
the demo personas and measures, for each page: queries per request (in process, through Django's
test client), single-client p50/p95 of REQUESTS requests, and throughput with p50/p95 under CLIENTS
concurrent clients for SECONDS seconds. Beside them, in the same run: a bare Django view, a
"ceiling" view (the same 25 register rows from one indexed query through the same template) and
PostgreSQL ``COPY`` of the same rows the CSV downloads hold, with the downloads' time to first
byte and the serving worker's peak resident memory. It writes ``docs/benchmarks.md`` and
``docs/benchmarks.json`` (or OUT=path/stem).

Settings, all optional (environment variables or make variables):
PEOPLE, DECLARATIONS, SEED, BENCH_DATABASE_URL, REQUESTS (20), CLIENTS (50), SECONDS (30),
WORKERS (2 x cores), MAX_REQUESTS (bound on one load run, 200000), OUT (docs/benchmarks),
PORT (8765), ONLY (comma-separated keys of the pages to measure, beside the bare and ceiling views),
HR_PEOPLE (rows of the HR file imported twice on a database of its own, 50000;
0 to skip), BENCH_HR_DATABASE_URL, COMPARE_DECLARATIONS (a second council of the same people and
this many declarations, in a database of its own, whose review queues and home pages are timed
in turns with the main one's, both served at once, the second on PORT + 1: 100000 when
DECLARATIONS is a million or more, else 0 (none)), BENCH_COMPARE_DATABASE_URL.

After the pages it times the yearly cycle: a round opened for everyone and the daily work on its
busiest days, then the dashboard's annual round sections, in one transaction rolled back
(``yearly_cycle``), written as the table "Yearly cycle" with the issue's targets.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _short(number: int) -> str:
    """100000 as "100k", 1000000 as "1M" (other numbers as they are)."""
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if number >= size and number % size == 0:
            return f"{number // size}{suffix}"
    return str(number)


PEOPLE = _int("PEOPLE", 50_000)
DECLARATIONS = _int("DECLARATIONS", 1_000_000)
SEED = _int("SEED", 1)
REQUESTS = _int("REQUESTS", 20)
CLIENTS = _int("CLIENTS", 50)
SECONDS = _int("SECONDS", 30)
WORKERS = _int("WORKERS", 2 * (os.cpu_count() or 1))
MAX_REQUESTS = _int("MAX_REQUESTS", 200_000)
PORT = _int("PORT", 8765)
COMPARE_PORT = PORT + 1
ONLY = {k.strip() for k in os.environ.get("ONLY", "").split(",") if k.strip()}
OUT = Path(os.environ.get("OUT") or ROOT / "docs" / "benchmarks")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/probity_bench"
)

COMPARE_DECLARATIONS = _int("COMPARE_DECLARATIONS", 100_000 if DECLARATIONS >= 1_000_000 else 0)
COMPARE_DATABASE_URL = os.environ.get(
    "BENCH_COMPARE_DATABASE_URL",
    urllib.parse.urlparse(DATABASE_URL)
    ._replace(path=f"/probity_bench_{_short(COMPARE_DECLARATIONS).lower()}")
    .geturl(),
)

HR_PEOPLE = _int("HR_PEOPLE", 50_000)
HR_DATABASE_URL = os.environ.get(
    "BENCH_HR_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/probity_bench_hr"
)

# Fixed keys: the benchmark database holds generated people only, never real data. The same keys
# must serve it as generated it (special-category entries are sealed with the encryption key).
BENCH_ENV = {
    "PROBITY_ENV": "production",
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-not-for-use",
    "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
    "PROBITY_ENCRYPTION_KEY": "YmVuY2gtb25seS1rZXktbm90LWZvci1yZWFsLWRhdGE=",
    "PROBITY_AUDIT_KEY": "bench-only-audit-key",
    "PROBITY_BASE_URL": f"https://{HOST}:{PORT}",
    "SECURE_PROXY_SSL_HEADER": "1",  # as behind a TLS proxy: requests say X-Forwarded-Proto
    "PROBITY_BENCH": "1",
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "probity.settings",
}
HEADERS = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{PORT}"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*args: str, profile: str = "production") -> None:
    """Run a management command with the bench keys (the generator refuses production, so it
    runs with the development profile and the same keys)."""
    env = {**os.environ, **BENCH_ENV, "PROBITY_ENV": profile}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- the database -------------------------------------------------------------------------------


def _database_name() -> str:
    return urllib.parse.urlparse(DATABASE_URL).path.lstrip("/")


def _ensure_database() -> None:
    import psycopg

    parsed = urllib.parse.urlparse(DATABASE_URL)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [_database_name()]
        ).fetchone()
        if not exists:
            log(f"creating database {_database_name()}")
            conn.execute(f'CREATE DATABASE "{_database_name()}"')


def _marker() -> str:
    return f"probity bench council: people={PEOPLE} declarations={DECLARATIONS} seed={SEED}"


def _database_marker() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [_database_name()],
        )
        row = cursor.fetchone()
    return (row[0] if row else None) or ""


def _set_marker(text: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        quoted = text.replace("'", "''")
        cursor.execute(f"COMMENT ON DATABASE \"{_database_name()}\" IS '{quoted}'")


def prepare_database() -> float | None:
    """Migrate, and generate the council unless this database already holds it. Returns the
    generation time in seconds when it generated."""
    _ensure_database()
    log("migrating")
    manage("migrate", "--noinput", "-v", "0")
    import django

    django.setup()
    if _database_marker() == _marker():
        log("reusing the council already generated in this database")
        return None
    log(f"generating {PEOPLE:,} people and {DECLARATIONS:,} declarations (seed {SEED})")
    _set_marker("")
    started = time.perf_counter()
    manage(
        "generate_council",
        "--people",
        str(PEOPLE),
        "--declarations",
        str(DECLARATIONS),
        "--seed",
        str(SEED),
        "--replace",
        profile="development",
    )
    took = time.perf_counter() - started
    log("vacuuming and analysing (as autovacuum would in time)")
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    _set_marker(_marker())
    return took


# --- what to measure -----------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    persona: str
    path: str
    download: bool = False
    reference: bool = False  # the bare and ceiling views


def targets() -> list[Target]:
    """Each page the issue names, with real rows of this database in its query."""
    from django.db.models import Count
    from django.urls import reverse

    from probity.conduct.models import CodeVersion
    from probity.declarations.choices import DeclarationKind
    from probity.declarations.models import Declaration, GiftHospitalityVersion
    from probity.people.models import Directorate

    gifts = "/registers/gifts-and-hospitality/"
    directorate = (
        Directorate.objects.annotate(n=Count("services__people")).order_by("-n", "pk").first()
    )
    sample = (
        GiftHospitalityVersion.objects.filter(is_current=True)
        .order_by("-declaration_id")
        .values_list("giver_name", "offered_on")
        .first()
    )
    giver_word = (sample[0].split() or ["ltd"])[0].lower() if sample else "ltd"
    offered = sample[1] if sample else dt.date.today()
    filtered = urllib.parse.urlencode(
        {
            "directorate": directorate.pk if directorate else "",
            "offered_from": (offered - dt.timedelta(days=730)).isoformat(),
            "offered_to": offered.isoformat(),
            "q": giver_word,
        }
    )
    entry = (
        Declaration.objects.filter(kind=DeclarationKind.GIFT_HOSPITALITY)
        .order_by("-id")
        .values_list("reference", flat=True)
        .first()
    )
    adopted = CodeVersion.objects.filter(stage="adopted").order_by("-adopted_on", "-number").first()
    found = [
        Target("bare", "Bare Django view (floor)", "", "/bench/bare/", reference=True),
        Target(
            "ceiling",
            "Ceiling: gifts register page 1 from one indexed query",
            "mo",
            "/bench/ceiling/",
            reference=True,
        ),
        Target("register", "Monitoring Officer's gifts register, page 1", "mo", gifts),
        Target(
            "register_filtered",
            f"same, filtered by directorate and dates, searching “{giver_word}”",
            "mo",
            f"{gifts}?{filtered}",
        ),
        Target(
            "register_page_500",
            "same, sorted by value, page 500",
            "mo",
            f"{gifts}?sort=-value&page=500",
        ),
        Target("queue_mo", "Review queue, Monitoring Officer", "mo", "/review/"),
        Target("queue_manager", "Review queue, line manager", "manager", "/review/"),
        Target("home_manager", "Line manager's home page", "manager", "/"),
        Target("home_mo", "Monitoring Officer's home page", "mo", "/"),
        Target("mine", "Officer's “My declarations”", "officer", "/my-declarations/"),
        Target("dashboard_mo", "The council's dashboard (stored figures)", "mo", "/dashboard/"),
        Target("dashboard_team", "A line manager's team dashboard", "manager", "/team-dashboard/"),
        Target(
            "search",
            f"Search every register for “{giver_word}”",
            "mo",
            f"/registers/search/?q={giver_word}",
        ),
    ]
    if entry:
        found.append(Target("entry", "An entry page", "mo", f"/registers/entries/{entry}/"))
    if adopted:
        found.append(
            Target(
                "code_pdf",
                "Public PDF of the adopted code",
                "",
                reverse(
                    "code:pdf", kwargs={"document": adopted.document, "number": adopted.number}
                ),
            )
        )
    found += [
        Target("csv_gifts", "Gifts and hospitality CSV", "mo", f"{gifts}csv/", download=True),
        Target("csv_interests", "Interests CSV", "mo", "/registers/interests/csv/", download=True),
    ]
    return found


def _resolve_paths(found: list[Target]) -> list[Target]:
    """Replace guessed paths by the project's own URLs where names exist."""
    from django.urls import NoReverseMatch, reverse

    for target in found:
        try:
            if target.key == "entry":
                ref = target.path.rstrip("/").rsplit("/", 1)[-1]
                target.path = reverse("registers:entry", kwargs={"reference": ref})
            elif target.key == "csv_gifts":
                target.path = reverse("registers:csv", kwargs={"slug": "gifts-and-hospitality"})
            elif target.key == "csv_interests":
                target.path = reverse("registers:csv", kwargs={"slug": "interests"})
            elif target.key == "mine":
                target.path = reverse("declarations:mine")
            elif target.key.startswith("queue"):
                target.path = reverse("declarations:review_list")
        except NoReverseMatch:
            pass
    return found


# --- queries per request, in process -------------------------------------------------------------


def queries_per_request(found: list[Target]) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in={"mo", "manager", "officer"})
    }
    counts: dict[str, int] = {}
    for target in found:
        client = Client(headers={"X-Forwarded-Proto": "https"})
        if target.persona:
            client.force_login(users[target.persona])
        client.get(target.path, secure=True)  # the session and caches are warm
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(target.path, secure=True)
            if getattr(response, "streaming", False):
                for _ in response.streaming_content:  # type: ignore[attr-defined]
                    pass
        if response.status_code != 200:
            raise SystemExit(f"{target.path} answered {response.status_code} in process")
        counts[target.key] = len(ctx.captured_queries)
    return counts


# --- HTTP against gunicorn -----------------------------------------------------------------------


@contextmanager
def gunicorn(
    database_url: str = DATABASE_URL, port: int = PORT
) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "probity.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--keep-alive",
            "30",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = request("GET", "/healthz", {}, port=port)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def request(
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None = None,
    connection: http.client.HTTPConnection | None = None,
    port: int = PORT,
) -> tuple[int, dict[str, str], bytes]:
    conn = connection or http.client.HTTPConnection(HOST, port, timeout=300)
    conn.request(method, path, body=body, headers={**HEADERS, **headers})
    response = conn.getresponse()
    data = response.read()
    if connection is None:
        conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def sign_in(username: str, port: int = PORT) -> str:
    """A session cookie for a demo persona, signed in through the real sign-in page."""
    from probity.demo.personas import DEMO_PASSWORD

    status, headers, body = request("GET", "/accounts/login/", {}, port=port)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf_cookie or not token:
        raise SystemExit("could not read the sign-in page")
    form = urllib.parse.urlencode(
        {
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token.group(1).decode(),
        }
    ).encode()
    status, headers, _ = request(
        "POST",
        "/accounts/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie.group(1)}",
            "Referer": f"https://{HOST}:{PORT}/accounts/login/",
        },
        form,
        port=port,
    )
    session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
    if status != 302 or not session:
        raise SystemExit(f"could not sign in as {username} ({status})")
    return f"sessionid={session.group(1)}"


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Timing:
    p50_ms: float
    p95_ms: float
    requests: int


@dataclass
class Load:
    clients: int
    seconds: float
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float


@dataclass
class Download:
    rows: int
    bytes: int
    seconds: float
    first_byte_ms: float
    rows_per_second: float
    worker_peak_rss_mb: float
    worker_rss_before_mb: float
    copy_seconds: float | None = None
    copy_rows_per_second: float | None = None
    share_of_copy: float | None = None


@dataclass
class Result:
    key: str
    label: str
    path: str
    queries: int | None = None
    single: Timing | None = None
    load: Load | None = None
    download: Download | None = None
    notes: list[str] = field(default_factory=list)


def single_client(path: str, cookie: str, count: int) -> Timing:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=300)
    headers = {"Cookie": cookie} if cookie else {}
    # Warm up: each gunicorn worker renders its first page slowly (templates compiled, caches
    # filled), and any worker may take a request, so give every worker a couple first.
    for _ in range(2 * WORKERS):
        request("GET", path, headers, connection=conn)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _, _ = request("GET", path, headers, connection=conn)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    conn.close()
    return Timing(round(percentile(times, 0.5), 1), round(percentile(times, 0.95), 1), count)


def under_load(path: str, cookie: str) -> Load:
    """CLIENTS clients, each on its own keep-alive connection, for SECONDS (bounded in count)."""
    headers = {"Cookie": cookie} if cookie else {}
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS
    budget = [MAX_REQUESTS]

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            try:
                status, _, _ = request("GET", path, headers, connection=conn)
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failed += 1
        conn.close()
        with lock:
            times.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return Load(
        clients=CLIENTS,
        seconds=round(elapsed, 1),
        requests=len(times),
        errors=errors[0],
        per_second=round(len(times) / elapsed, 1),
        p50_ms=round(percentile(times, 0.5), 1),
        p95_ms=round(percentile(times, 0.95), 1),
    )


def _worker_pids(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def download(path: str, cookie: str, master: int) -> Download:
    """One download read as it streams: time to first byte, total time, rows, and the peak
    resident memory of the busiest worker while it ran."""
    workers = _worker_pids(master)
    before = max((_rss_mb(p) for p in workers), default=0.0)
    peak = [before]
    running = [True]

    def sample() -> None:
        while running[0]:
            peak[0] = max(peak[0], max((_rss_mb(p) for p in workers), default=0.0))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    conn = http.client.HTTPConnection(HOST, PORT, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers={**HEADERS, "Cookie": cookie})
    response = conn.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size = len(first)
    lines = first.count(b"\n")
    while chunk := response.read(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")
    took = time.perf_counter() - started
    running[0] = False
    sampler.join()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    rows = max(0, lines - 1)  # the header line
    return Download(
        rows=rows,
        bytes=size,
        seconds=round(took, 2),
        first_byte_ms=round(first_byte * 1000, 1),
        rows_per_second=round(rows / took) if took else 0,
        worker_peak_rss_mb=round(peak[0], 1),
        worker_rss_before_mb=round(before, 1),
    )


def copy_of(slug: str) -> tuple[int, float]:
    """PostgreSQL COPY of the rows the Monitoring Officer's CSV holds: the same query, as CSV."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import RequestFactory

    from probity.registers import exports

    user = get_user_model().objects.get(username="mo")
    request = RequestFactory().get("/", secure=True)
    request.user = user
    rows_query = exports.bench_csv_queryset(request, slug)
    sql, params = rows_query.query.sql_with_params()
    with connection.cursor() as cursor:
        raw = cursor.connection
        started = time.perf_counter()
        count = 0
        with (
            raw.cursor() as pg,
            pg.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
        ):
            for block in copy:
                count += bytes(block).count(b"\n")
        return count, time.perf_counter() - started


# --- the run -------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    memory = 0.0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) / 1024 / 1024
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "database_size": size,
        "gunicorn_workers": WORKERS,
    }


def counts() -> dict[str, int]:
    from probity.core.models import AuditEvent
    from probity.declarations.models import Decision, Declaration, RouteStep, StepAssignment
    from probity.people.models import Person

    return {
        "people": Person.objects.count(),
        "declarations": Declaration.objects.count(),
        "decisions": Decision.objects.count(),
        "route_steps": RouteStep.objects.count(),
        "step_assignments": StepAssignment.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def hr_import() -> dict[str, Any] | None:
    """Import a made-up HR file of HR_PEOPLE rows twice into an empty council (the demo's
    organisation) on a database of its own, so the council measured above is not changed."""
    if HR_PEOPLE <= 0:
        return None
    import psycopg

    parsed = urllib.parse.urlparse(HR_DATABASE_URL)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        **BENCH_ENV,
        "PROBITY_ENV": "development",
        "PROBITY_BENCH": "",
        "DATABASE_URL": HR_DATABASE_URL,
    }
    for args in (("migrate", "--noinput", "-v0"), ("load_demo",)):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    log(f"importing an HR file of {HR_PEOPLE:,} people twice")
    done = subprocess.run(
        [PYTHON, "manage.py", "bench_hr_import", "--people", str(HR_PEOPLE)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the yearly cycle ----------------------------------------------------------------------------

#: (key in ``open_round_and_run_daily``'s results, what it is, the issue's target in seconds).
CYCLE_STEPS = (
    ("open_round", "Opening a round for everyone", 30.0),
    ("first_reminder", "Daily work: the first reminder day (everyone reminded)", 5.0),
    ("first_reminder_again", "Daily work: the same day again (nothing sent)", 5.0),
    ("quiet_day", "Daily work: a day with no reminder due (20 days before)", 5.0),
    ("first_escalation", "Daily work: the first day after the deadline (digests to managers)", 5.0),
    ("last_escalation", "Daily work: the last escalation (digest to the Monitoring Officer)", 5.0),
)
#: The dashboard's sections that read the round, timed with the round open (the issue's 200 ms).
CYCLE_SECTIONS = ("round-directorates", "round-services", "round-days")
SECTION_TARGET_MS = 200.0


def _time_round_sections() -> dict[str, float]:
    """Milliseconds (best of three) each round section takes to work out, for the council and
    for the demo manager's team, with the benchmark round open."""
    from django.contrib.auth import get_user_model

    from probity.core import clock
    from probity.oversight.selectors import COUNCIL, section, team_scope

    manager = get_user_model().objects.filter(username="manager").first()
    scopes = [("council", COUNCIL)]
    person = getattr(manager, "person", None) if manager is not None else None
    if person is not None:
        scopes.append(("team", team_scope(manager_id=person.pk)))
    found: dict[str, float] = {}
    for name, scope in scopes:
        for slug in CYCLE_SECTIONS:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                section(scope, slug, now=clock.now())
                best = min(best, time.perf_counter() - started)
            found[f"section_{name}_{slug}_ms"] = round(best * 1000, 1)
    return found


def yearly_cycle() -> dict[str, Any]:
    """Open a round for everyone on the bench council and run the daily work on its busiest days
    (``probity.cycle.bench``), then time the dashboard's round sections with that round open. It
    all happens in one transaction that is rolled back, after the pages have been measured, so
    the pages read the council as generated and the database is left as it was."""
    from probity.cycle.bench import open_round_and_run_daily

    log("opening a round for everyone and running the daily work (rolled back)")
    raw = open_round_and_run_daily(then=_time_round_sections)
    steps = []
    for key, label, target in CYCLE_STEPS:
        seconds = float(raw[f"{key}_s"])
        steps.append(
            {
                "key": key,
                "label": label,
                "seconds": round(seconds, 2),
                "target_seconds": target,
                "within_target": seconds < target,
                "reminded": raw.get(f"{key}_reminded"),
                "digests": raw.get(f"{key}_digests"),
            }
        )
    sections = [
        {
            "scope": scope,
            "slug": slug,
            "ms": raw[f"section_{scope}_{slug}_ms"],
            "target_ms": SECTION_TARGET_MS,
            "within_target": float(raw[f"section_{scope}_{slug}_ms"]) < SECTION_TARGET_MS,
        }
        for scope in ("council", "team")
        for slug in CYCLE_SECTIONS
        if f"section_{scope}_{slug}_ms" in raw
    ]
    return {"people": int(raw["people"]), "steps": steps, "sections": sections}


def yearly_cycle_markdown(cycle: dict[str, Any] | None) -> list[str]:
    if not cycle:
        return []
    lines = [
        "",
        "## Yearly cycle",
        "",
        f"A round opened for everyone the code applies to ({cycle['people']:,} people), then the "
        "daily work (`cycle_daily`: reminders, escalation digests and renewals, for every open "
        "round, so the council's own round's digests count too) on the new round's busiest days, "
        "all in one transaction that is rolled back after the pages were measured. "
        "Times are wall-clock in the benchmark's process, so they hold the database's and "
        "Python's time (and any wait for the shared machine).",
        "",
        "| step | seconds | target | reminded | digests |",
        "|---|---:|---:|---:|---:|",
    ]
    for step in cycle["steps"]:
        mark = "" if step["within_target"] else " (over)"
        reminded = f"{step['reminded']:,}" if step["reminded"] is not None else ""
        digests = f"{step['digests']:,}" if step["digests"] is not None else ""
        lines.append(
            f"| {step['label']} | {step['seconds']}{mark} | under {step['target_seconds']:g} s | "
            f"{reminded} | {digests} |"
        )
    if cycle["sections"]:
        lines += [
            "",
            "The dashboard's annual round sections worked out with that round open (best of three):",
            "",
            "| section | scope | ms | target |",
            "|---|---|---:|---:|",
        ]
        for row in cycle["sections"]:
            mark = "" if row["within_target"] else " (over)"
            lines.append(
                f"| {row['slug']} | {row['scope']} | {row['ms']}{mark} | "
                f"under {row['target_ms']:g} ms |"
            )
    return lines


# --- the same pages on a council of fewer declarations -------------------------------------------

#: The pages whose time must not grow with the declarations: at COMPARE_DECLARATIONS and at
#: DECLARATIONS they should take the same time, within noise.
COMPARED = ("queue_mo", "queue_manager", "home_manager", "home_mo")


def _compare_marker() -> str:
    return f"probity bench council: people={PEOPLE} declarations={COMPARE_DECLARATIONS} seed={SEED}"


def prepare_compare_database() -> float | None:
    """As ``prepare_database``, for the council of COMPARE_DECLARATIONS declarations in its own
    database (the same people and seed; the same note on the database says what it holds)."""
    import psycopg

    parsed = urllib.parse.urlparse(COMPARE_DATABASE_URL)
    name = parsed.path.lstrip("/")
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": COMPARE_DATABASE_URL}
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')

    def marker() -> str:
        with psycopg.connect(COMPARE_DATABASE_URL, autocommit=True) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
        return (row[0] if row else None) or ""

    def mark(text: str) -> None:
        quoted = text.replace("'", "''")
        with psycopg.connect(COMPARE_DATABASE_URL, autocommit=True) as conn:
            conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{quoted}'")

    log(f"migrating {name}")
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    if marker() == _compare_marker():
        log(f"reusing the council already generated in {name}")
        return None
    log(f"generating {PEOPLE:,} people and {COMPARE_DECLARATIONS:,} declarations in {name}")
    mark("")
    started = time.perf_counter()
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "generate_council",
            "--people",
            str(PEOPLE),
            "--declarations",
            str(COMPARE_DECLARATIONS),
            "--seed",
            str(SEED),
            "--replace",
        ],
        cwd=ROOT,
        env={**env, "PROBITY_ENV": "development"},
        check=True,
    )
    took = time.perf_counter() - started
    with psycopg.connect(COMPARE_DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    mark(_compare_marker())
    return took


def interleaved(path: str, cookies: tuple[str, str], count: int) -> tuple[Timing, Timing]:
    """One client timing the same page on the small council (COMPARE_PORT) and the large one
    (PORT) in turns, the order swapped each round, so that whatever else the machine is doing
    weighs on both alike. Every worker of both servers is warmed first."""
    connections = (
        http.client.HTTPConnection(HOST, COMPARE_PORT, timeout=300),
        http.client.HTTPConnection(HOST, PORT, timeout=300),
    )
    headers = [{"Cookie": cookie} for cookie in cookies]
    for _ in range(2 * WORKERS):
        for conn, header in zip(connections, headers, strict=True):
            request("GET", path, header, connection=conn)
    times: tuple[list[float], list[float]] = ([], [])
    for round_ in range(count):
        order = (0, 1) if round_ % 2 == 0 else (1, 0)
        for which in order:
            started = time.perf_counter()
            status, _, _ = request("GET", path, headers[which], connection=connections[which])
            times[which].append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    for conn in connections:
        conn.close()
    small, large = (
        Timing(round(percentile(t, 0.5), 1), round(percentile(t, 0.95), 1), count) for t in times
    )
    return small, large


def compare_sizes(results: list[Result]) -> dict[str, Any] | None:
    """The review queues and home pages timed by one client on the council of
    COMPARE_DECLARATIONS declarations and on the full one, both served the same way at once, in
    turns (``interleaved``)."""
    measured = {r.key: r for r in results if r.key in COMPARED and r.single}
    if COMPARE_DECLARATIONS <= 0 or not measured:
        return None
    import psycopg

    generated = prepare_compare_database()
    with psycopg.connect(COMPARE_DATABASE_URL, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM declarations_declaration").fetchone()
    declarations = int(row[0]) if row else 0
    pages = []
    with gunicorn(COMPARE_DATABASE_URL, port=COMPARE_PORT), gunicorn():
        personas = ("mo", "manager")
        cookies = {name: (sign_in(name, port=COMPARE_PORT), sign_in(name)) for name in personas}
        for key in COMPARED:
            if key not in measured:
                continue
            result = measured[key]
            persona = "manager" if key.endswith("manager") else "mo"
            log(f"measuring {result.label} at {COMPARE_DECLARATIONS:,} and {DECLARATIONS:,}")
            small, large = interleaved(result.path, cookies[persona], REQUESTS)
            pages.append(
                {
                    "key": key,
                    "label": result.label,
                    "small": asdict(small),
                    "large": asdict(large),
                    "ratio_p50": round(large.p50_ms / small.p50_ms, 2) if small.p50_ms else None,
                    "ratio_p95": round(large.p95_ms / small.p95_ms, 2) if small.p95_ms else None,
                }
            )
    return {
        "declarations_asked": COMPARE_DECLARATIONS,
        "declarations": declarations,
        "database": urllib.parse.urlparse(COMPARE_DATABASE_URL).path.lstrip("/"),
        "generation_seconds": round(generated, 1) if generated is not None else None,
        "pages": pages,
    }


def compare_markdown(report: dict[str, Any]) -> list[str]:
    compared = report.get("compare")
    if not compared:
        return []
    small = _short(compared["declarations_asked"])
    large = _short(report["sizes"]["declarations_asked"])
    lines = [
        "",
        f"## The same pages at {small} and {large}",
        "",
        f"One client, {report['settings']['requests']} requests each at each size, on a council "
        f"of the same people with {compared['declarations']:,} declarations (database "
        f"`{compared['database']}`) and on the one above, both served the same way at once and "
        "asked in turns (the order swapped each round), so that the machine's other work weighs "
        f"on both alike. The ratio is the time at {large} over the time at {small}.",
        "",
        f"| page | {small}: p50 / p95 (ms) | {large}: p50 / p95 (ms) | ratio p50 | ratio p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    for page in compared["pages"]:
        s, g = page["small"], page["large"]
        lines.append(
            f"| {page['label']} | {s['p50_ms']} / {s['p95_ms']} | {g['p50_ms']} / {g['p95_ms']} "
            f"| {page['ratio_p50'] or ''} | {page['ratio_p95'] or ''} |"
        )
    return lines


def main() -> None:
    hr = hr_import()
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    generated = prepare_database()
    log("collecting static files")
    manage("collectstatic", "--noinput", "-v", "0")
    found = _resolve_paths(targets())
    if ONLY:
        found = [t for t in found if t.key in ONLY or t.reference]
    log("counting queries per request")
    queries = queries_per_request(found)
    results: list[Result] = []
    with gunicorn() as server:
        cookies = {name: sign_in(name) for name in {t.persona for t in found if t.persona}}
        for target in found:
            result = Result(target.key, target.label, target.path, queries=queries.get(target.key))
            cookie = cookies.get(target.persona, "")
            if target.download:
                log(f"downloading {target.label}")
                result.download = download(target.path, cookie, server.pid)
                slug = "gifts-and-hospitality" if target.key == "csv_gifts" else "interests"
                try:
                    rows, seconds = copy_of(slug)
                except AttributeError:
                    result.notes.append("COPY not measured: no CSV query to compare")
                else:
                    d = result.download
                    d.copy_seconds = round(seconds, 2)
                    d.copy_rows_per_second = round(rows / seconds) if seconds else None
                    if d.copy_rows_per_second:
                        d.share_of_copy = round(d.rows_per_second / d.copy_rows_per_second, 3)
                    if rows != d.rows:
                        result.notes.append(f"COPY gave {rows} rows, the CSV {d.rows}")
            else:
                log(f"measuring {target.label}")
                result.single = single_client(target.path, cookie, REQUESTS)
                result.load = under_load(target.path, cookie)
            results.append(result)
    cycle = yearly_cycle()

    compared = compare_sizes(results)
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sizes": {
            "people_asked": PEOPLE,
            "declarations_asked": DECLARATIONS,
            "seed": SEED,
            **counts(),
        },
        "generation_seconds": round(generated, 1) if generated is not None else None,
        "machine": machine(),
        "settings": {"requests": REQUESTS, "clients": CLIENTS, "seconds": SECONDS},
        "results": [asdict(r) for r in results],
        "hr_import": hr,
        "yearly_cycle": cycle,
        "compare": compared,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    OUT.with_suffix(".md").write_text(markdown(report))
    log(f"wrote {OUT.with_suffix('.md')} and {OUT.with_suffix('.json')}")


def markdown(report: dict[str, Any]) -> str:
    results = {r["key"]: r for r in report["results"]}
    ceiling = (results.get("ceiling") or {}).get("load") or {}
    bare = (results.get("bare") or {}).get("load") or {}
    m, s = report["machine"], report["sizes"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (scripts/bench.py); do not edit by hand. How to run it: README,",
        "“Measuring Probity at a council's size”.",
        "",
        f"- Date: {report['date']}",
        f"- Sizes: {s['people']:,} people, {s['declarations']:,} declarations, "
        f"{s['decisions']:,} decisions, {s['route_steps']:,} route steps, "
        f"{s['audit_events']:,} audit events (seed {s['seed']})",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB; Python {m['python']}, "
        f"Django {m['django']}, PostgreSQL {m['postgresql']} (database {m['database_size']}); "
        f"gunicorn, {m['gunicorn_workers']} sync workers, production settings, loopback",
        f"- Each page: {report['settings']['requests']} requests from one client (p50/p95), then "
        f"{report['settings']['clients']} concurrent clients for {report['settings']['seconds']} s",
    ]
    if report.get("generation_seconds"):
        lines.append(f"- Generating the council took {report['generation_seconds']:,} s")
    lines += [
        "",
        "## Pages",
        "",
        "| page | queries | 1 client p50 / p95 (ms) | "
        f"{report['settings']['clients']} clients: requests/s | p50 / p95 (ms) | "
        "share of ceiling | share of bare |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        if r["download"]:
            continue
        single, load = r["single"], r["load"]
        of_ceiling = (
            f"{load['per_second'] / ceiling['per_second']:.0%}" if ceiling.get("per_second") else ""
        )
        of_bare = f"{load['per_second'] / bare['per_second']:.1%}" if bare.get("per_second") else ""
        errors = f" ({load['errors']} errors)" if load["errors"] else ""
        lines.append(
            f"| {r['label']} | {r['queries'] if r['queries'] is not None else ''} | "
            f"{single['p50_ms']} / {single['p95_ms']} | {load['per_second']}{errors} | "
            f"{load['p50_ms']} / {load['p95_ms']} | {of_ceiling} | {of_bare} |"
        )
    lines += [
        "",
        "## Downloads",
        "",
        "| download | queries | rows | size | time | rows/s | first byte | worker memory before → peak "
        "| PostgreSQL COPY rows/s | share of COPY |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        d = r["download"]
        if not d:
            continue
        copy = f"{d['copy_rows_per_second']:,}" if d.get("copy_rows_per_second") else ""
        share = f"{d['share_of_copy']:.0%}" if d.get("share_of_copy") else ""
        lines.append(
            f"| {r['label']} | {r['queries']} | {d['rows']:,} | {d['bytes'] / 1048576:.1f} MiB | "
            f"{d['seconds']} s | {d['rows_per_second']:,} | {d['first_byte_ms']} ms | "
            f"{d['worker_rss_before_mb']} → {d['worker_peak_rss_mb']} MB | {copy} | {share} |"
        )
    hr = report.get("hr_import")
    if hr:
        lines += [
            "",
            "## HR file",
            "",
            f"A made-up HR file of {hr['people']:,} people ({hr['format']}) imported into the demo "
            "council on a database of its own, then the same file again.",
            "",
            "| run | seconds | added | changed | unchanged |",
            "|---|---:|---:|---:|---:|",
        ]
        for run in ("first", "second"):
            r = hr[run]
            lines.append(
                f"| {run} | {r['seconds']} | {r['summary']['adds']:,} | "
                f"{r['summary']['changes']:,} | {r['summary']['unchanged']:,} |"
            )
    lines += yearly_cycle_markdown(report.get("yearly_cycle"))

    lines += compare_markdown(report)
    notes = [f"- {r['label']}: {n}" for r in report["results"] for n in r["notes"]]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
