"""``run_daily``: everything due today, each part timed and kept apart from the others."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from probity.concerns.services import erase_due
from probity.conduct.code_services import confirmation_requests_send
from probity.core.audit import audit_verify
from probity.core.maintenance import sessions_clear_expired
from probity.cycle.daily import cycle_daily
from probity.cycle.induction import induction_daily
from probity.declarations.services import assignments_daily

logger = logging.getLogger(__name__)


@dataclass
class Part:
    name: str
    seconds: float
    outcome: str
    ok: bool = True


@dataclass
class DailyReport:
    parts: list[Part] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(part.ok for part in self.parts)


def run_daily(*, now: dt.datetime, base_url: str, audit_check: bool = True) -> DailyReport:
    """Do everything due today. Each part runs in its own transaction(s); one failing does not
    stop the others. Safe to run twice: the second run sends nothing."""
    report = DailyReport()

    def cycle() -> str:
        result = cycle_daily(now=now, base_url=base_url)
        return (
            f"{result.reminded} reminded; {result.escalated} overdue returns reported in "
            f"{result.digests} digest(s); {result.renewals} approval(s) due for renewal"
        )

    def induction() -> str:
        result = induction_daily(now=now, base_url=base_url)
        return f"{result.overdue} overdue induction(s) reported in {result.digests} digest(s)"

    def code() -> str:
        count = confirmation_requests_send(now=now, base_url=base_url)
        return f"{count} asked to read the code"

    def waiting() -> str:
        return f"waiting work passed on for {assignments_daily(now=now)} declaration(s)"

    def audit() -> str:
        result = audit_verify(now=now)
        if not result.intact:
            raise RuntimeError(result.message)
        return result.message

    def concerns() -> str:
        return f"{erase_due(now.date())} concern(s) past their keep-until date erased"

    def sessions() -> str:
        return f"{sessions_clear_expired(now=now)} expired session(s) deleted"

    parts: list[tuple[str, Callable[[], str]]] = [
        ("annual round and renewals", cycle),
        ("overdue inductions", induction),
        ("code reading requests", code),
        ("waiting work", waiting),
        ("concerns past their keep-until date", concerns),
        ("sessions", sessions),
    ]
    if audit_check:
        parts.append(("audit chain", audit))
    for name, work in parts:
        started = time.perf_counter()
        try:
            outcome, ok = work(), True
        except Exception as exc:
            logger.exception("Daily work failed: %s", name)
            outcome, ok = f"failed: {exc}", False
        report.parts.append(Part(name, time.perf_counter() - started, outcome, ok))
    return report
