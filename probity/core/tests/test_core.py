"""Core: the health check, the clock, audit writing and the display filters."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client

from probity.core import clock
from probity.core.audit import audit_record
from probity.core.models import AuditEvent
from probity.core.templatetags.probity import money, uk_date, uk_datetime

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_reports_ok_with_the_version() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["version"]


def test_healthz_reports_503_when_the_database_is_unreachable() -> None:
    """A real, separate process pointed at a PostgreSQL port where nothing listens."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "PROBITY_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "probity.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["database"] == "unavailable"
    assert outcome["body"]["status"] == "error"


def test_the_clock_can_be_frozen_and_only_with_an_aware_time() -> None:
    at = dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    with clock.frozen(at):
        assert clock.now() == at
        assert clock.today() == dt.date(2027, 7, 1)  # already 1 July in London (BST)
    assert clock.now() != at
    with pytest.raises(ValueError, match="timezone-aware"), clock.frozen(dt.datetime(2027, 1, 1)):
        pass


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2027, 3, 3), "3 March 2027"),
        (None, ""),
        (dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.UTC), "31 December 2027"),
    ],
)
def test_uk_date(value: dt.date | None, expected: str) -> None:
    assert uk_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2027, 3, 3, 14, 5, tzinfo=dt.UTC), "3 March 2027 at 2:05pm"),
        (dt.datetime(2027, 7, 1, 11, 0, tzinfo=dt.UTC), "1 July 2027 at 12:00pm"),
        (dt.datetime(2027, 1, 1, 0, 15, tzinfo=dt.UTC), "1 January 2027 at 12:15am"),
    ],
)
def test_uk_datetime(value: dt.datetime, expected: str) -> None:
    assert uk_datetime(value) == expected


def test_dates_read_as_strftime_wrote_them_on_every_day_and_either_side_of_clock_changes() -> None:
    day = dt.date(2026, 1, 1)
    while day.year < 2028:
        assert uk_date(day) == f"{day.day} {day:%B %Y}"
        for hour, minute in ((0, 0), (0, 59), (1, 30), (11, 59), (12, 0), (23, 5)):
            at = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)
            local = at.astimezone(clock.LONDON)
            twelve = local.hour % 12 or 12
            suffix = "am" if local.hour < 12 else "pm"
            expected = f"{local.day} {local:%B %Y} at {twelve}:{local:%M}{suffix}"
            assert uk_datetime(at) == expected
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("25"), "£25"),
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("0.99"), "£0.99"),
        (None, ""),
    ],
)
def test_money(value: Decimal | None, expected: str) -> None:
    assert money(value) == expected


@pytest.mark.django_db(transaction=True)
def test_audit_events_are_written_only_inside_a_transaction() -> None:
    from django.contrib.auth.models import User

    user = User.objects.create(username="someone")
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=user, action="x", target=user, at=clock.now())
    with transaction.atomic():
        event = audit_record(
            actor=user, action="x", target=user, at=clock.now(), before={"a": 1}, after={"a": 2}
        )
    assert AuditEvent.objects.get() == event
    assert event.target_type == "auth.user"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel query is PostgreSQL's")
def test_each_web_query_runs_on_one_core_on_postgresql() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
