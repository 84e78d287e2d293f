"""Timings of the annual round at scale, for ``scripts/bench.py`` (and by hand on a large council).

``open_round_and_run_daily()`` opens a round for everyone the code applies to, then runs the
daily work on the days that do the most: the first reminder (everyone), the same day again
(nothing), the first escalation (a digest to every manager) and the last. Everything happens in
one transaction that is rolled back, so the database is left as it was and no email is queued
(foreign keys are checked as rows are written, so their cost is in the timings).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.urls import reverse

from probity.core import clock
from probity.cycle.choices import PopulationScope
from probity.cycle.daily import cycle_daily
from probity.cycle.rules import Population
from probity.cycle.services import round_open
from probity.people.choices import OfficeKind
from probity.people.selectors import office_holders

BASE_URL = "https://probity.example"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=dt.UTC)


def open_round_and_run_daily(
    *, deadline_days: int = 60, then: Callable[[], dict[str, float]] | None = None
) -> dict[str, float | int]:
    """Seconds taken by each step, and how many people and emails each touched. ``then`` runs
    last, inside the same transaction, with the round open (to time what reads it); what it
    returns is added to the results."""
    today = clock.today()
    deadline = today + dt.timedelta(days=deadline_days)
    mo = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today).first()
    if mo is None:
        raise RuntimeError("The council has no Monitoring Officer to open a round.")
    results: dict[str, float | int] = {}
    reverse("home")  # load the URL configuration (and the views it imports) before timing
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check foreign keys as each row is written, as a commit would: timed, not skipped.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        started = time.perf_counter()
        round = round_open(
            actor=mo,
            title="Benchmark round",
            deadline=deadline,
            population=Population(PopulationScope.EVERYONE),
            now=clock.now(),
        )
        results["open_round_s"] = time.perf_counter() - started
        results["people"] = round.member_count
        for label, day in (
            ("first_reminder", deadline - dt.timedelta(days=30)),
            ("first_reminder_again", deadline - dt.timedelta(days=30)),
            ("quiet_day", deadline - dt.timedelta(days=20)),
            ("first_escalation", deadline + dt.timedelta(days=1)),
            ("last_escalation", deadline + dt.timedelta(days=14)),
        ):
            with clock.frozen(_at(day)):
                started = time.perf_counter()
                result = cycle_daily(now=clock.now(), base_url=BASE_URL)
                results[f"{label}_s"] = time.perf_counter() - started
            results[f"{label}_reminded"] = result.reminded
            results[f"{label}_digests"] = result.digests
        if then is not None:
            results.update(then())
        transaction.set_rollback(True)
    return results
