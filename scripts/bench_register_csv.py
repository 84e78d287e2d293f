"""Time a register's CSV download against PostgreSQL ``COPY`` of the same rows, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/probity_bench \\
        python scripts/bench_register_csv.py [slug ...]

For each register (by default gifts and hospitality, interests and outside employment), as the
Monitoring Officer: the CSV view's streamed response read to the end (time to the first byte,
to the first rows, in all; rows a second; this process's resident memory before, along the way
and at its peak), then ``COPY (<the CSV's query>) TO STDOUT`` of the same rows (``bench.copy_of``,
as ``make bench`` runs it), and the share of COPY's throughput the CSV reaches; beside the
times, the CPU seconds of this process and of its PostgreSQL backend, which other load on the
machine changes far less than it changes elapsed times. The database must
hold the demo council (``manage.py generate_council`` makes one of any size).
"""

from __future__ import annotations

import contextlib
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.settings")
os.environ.setdefault("PROBITY_ENV", "development")

SLUGS = ["gifts-and-hospitality", "interests", "outside-employment"]


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    """Start the peak (VmHWM) again from the current resident size (Linux 4.0 and later)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def cpu_seconds() -> float:
    """CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_cpu_seconds() -> float:
    """CPU time so far of the PostgreSQL backend serving this process's connection (parallel
    workers not included): with ``cpu_seconds``, a measure that other load leaves alone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stream(slug: str) -> dict[str, float]:
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from probity.registers import views

    request = RequestFactory().get("/", secure=True)
    request.user = get_user_model().objects.get(username="mo")
    reset_peak()
    before = rss_mb()
    samples: list[float] = []
    client, server = cpu_seconds(), server_cpu_seconds()
    started = time.perf_counter()
    response = views.register_csv(request, slug)  # type: ignore[arg-type]
    first_byte = first_rows = 0.0
    lines = size = 0
    for chunks, chunk in enumerate(response.streaming_content, start=1):  # type: ignore[attr-defined]
        now = time.perf_counter() - started
        if chunks == 1:
            first_byte = now
        elif chunks == 2:
            first_rows = now
        size += len(chunk)
        lines += chunk.count(b"\n")
        if chunks % 50 == 0:
            samples.append(rss_mb())
    took = time.perf_counter() - started
    response.close()
    client, server = cpu_seconds() - client, server_cpu_seconds() - server
    rows = lines - 1
    return {
        "rows": rows,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(took, 2),
        "rows_per_second": round(rows / took),
        "first_byte_ms": round(first_byte * 1000, 1),
        "first_rows_ms": round(first_rows * 1000, 1),
        "rss_before_mb": round(before, 1),
        "rss_along_the_way_mb": [round(s) for s in samples[:: max(1, len(samples) // 6)]],
        "rss_peak_mb": round(rss_mb("VmHWM"), 1),
        "cpu_seconds_python": round(client, 2),
        "cpu_seconds_postgresql": round(server, 2),
    }


def main() -> None:
    import django

    django.setup()
    import bench  # scripts/bench.py: the COPY exactly as ``make bench`` times it
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("COPY needs PostgreSQL: set DATABASE_URL.")
    for slug in sys.argv[1:] or SLUGS:
        csv = stream(slug)
        client, server = cpu_seconds(), server_cpu_seconds()
        copy_rows, copy_seconds = bench.copy_of(slug)
        client, server = cpu_seconds() - client, server_cpu_seconds() - server
        copy_rate = copy_rows / copy_seconds
        lines = [f"{slug}:", *(f"  csv {key}: {value}" for key, value in csv.items())]
        lines += [
            f"  copy rows: {copy_rows}",
            f"  copy seconds: {copy_seconds:.2f}",
            f"  copy rows_per_second: {round(copy_rate)}",
            f"  copy cpu_seconds_python: {client:.2f}",
            f"  copy cpu_seconds_postgresql (leader only): {server:.2f}",
            f"  csv share of copy: {csv['rows_per_second'] / copy_rate:.1%}",
        ]
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
