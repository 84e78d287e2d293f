"""The daily part for inductions: overdue new starters are reported once to their line manager,
then once to the Monitoring Officer.

Each checklist keeps the day each was told (``manager_told_on``, ``officer_told_on``), written in
the same transaction as the emails under a lock on the checklists, so a second run on the same
day (or a run at the same time) tells nobody twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from probity.core.audit import audit_event
from probity.core.clock import LONDON
from probity.core.notify import emails_after_commit
from probity.cycle.daily import DIGEST_NAMES, _day, _holders
from probity.cycle.models import InductionChecklist
from probity.cycle.rules import (
    InductionItems,
    OverdueFacts,
    induction_told,
)
from probity.cycle.schedule import Target
from probity.cycle.selectors import cycle_settings
from probity.cycle.training_selectors import checklists_with_items, incomplete
from probity.people.models import Person

CHUNK = 5000


@dataclass
class InductionResult:
    digests: int = 0
    overdue: int = 0


def _mark(ids: list[int], **values: dt.date) -> None:
    for start in range(0, len(ids), CHUNK):
        InductionChecklist.objects.filter(pk__in=ids[start : start + CHUNK]).update(**values)


def _listing(rows: list[tuple[str, dt.date]]) -> str:
    rows = sorted(rows, key=lambda r: (r[1], r[0]))
    shown = "\n".join(f"- {name}, due {_day(deadline)}" for name, deadline in rows[:DIGEST_NAMES])
    more = len(rows) - DIGEST_NAMES
    if more > 0:
        shown += f"\n- and {more} more"
    return shown


def induction_daily(*, now: dt.datetime, base_url: str) -> InductionResult:
    """Tell line managers (one digest each) and the Monitoring Officer (one digest) of new
    starters whose induction is overdue, as ``rules.induction_told`` says: one transaction."""
    today = now.astimezone(LONDON).date()
    result = InductionResult()
    officer_days = cycle_settings().induction_officer_days
    with transaction.atomic():
        candidates = (
            checklists_with_items()
            .filter(deadline__lt=today, officer_told_on__isnull=True)
            .filter(incomplete())
            .filter(Q(person__leaving_date__isnull=True) | Q(person__leaving_date__gte=today))
        )
        locked = list(
            InductionChecklist.objects.select_for_update()
            .filter(pk__in=candidates.values("pk"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not locked:
            return result
        rows = list(
            checklists_with_items()  # type: ignore[misc]  # the items are annotations
            .filter(pk__in=locked)
            .values_list(
                "pk",
                "deadline",
                "manager_told_on",
                "officer_told_on",
                "person__full_name",
                "person__line_manager_id",
                "code_read",
                "declared",
                "trained",
            )
        )
        by_manager: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
        to_officer: list[tuple[str, dt.date]] = []
        manager_told: list[int] = []
        officer_told: list[int] = []
        for pk, deadline, m_told, o_told, name, manager_id, code, declared, trained in rows:
            told = induction_told(
                OverdueFacts(
                    deadline=deadline,
                    complete=InductionItems(bool(code), bool(declared), bool(trained)).complete,
                    left=False,
                    has_line_manager=manager_id is not None,
                    manager_told=m_told is not None,
                    officer_told=o_told is not None,
                ),
                today=today,
                officer_after_days=officer_days,
            )
            if Target.LINE_MANAGER in told and manager_id is not None:
                by_manager[manager_id].append((name, deadline))
                manager_told.append(pk)
            if Target.MONITORING_OFFICER in told:
                to_officer.append((name, deadline))
                officer_told.append(pk)
        if not manager_told and not officer_told:
            return result
        _, officers = _holders(today)
        emails = dict(
            Person.objects.filter(pk__in=sorted(set(by_manager) | officers)).values_list(
                "pk", "email"
            )
        )
        link = base_url + reverse("cycle:inductions")
        messages: list[tuple[str, str, str]] = []
        for manager_id, names in sorted(by_manager.items()):
            result.digests += 1
            messages.append(
                (
                    emails.get(manager_id, ""),
                    f"{len(names)} new {'starter has' if len(names) == 1 else 'starters have'} "
                    "not finished their induction",
                    "These people who report to you have not finished their induction by its "
                    "deadline: reading the code of conduct, making their declarations or a nil "
                    f"return, and attending an induction session.\n\n{_listing(names)}\n\n"
                    f"Please help them finish it now. See what each has left to do:\n\n{link}\n",
                )
            )
        if to_officer:
            for officer_id in sorted(officers):
                result.digests += 1
                messages.append(
                    (
                        emails.get(officer_id, ""),
                        f"{len(to_officer)} overdue "
                        f"{'induction' if len(to_officer) == 1 else 'inductions'}",
                        "These new starters have not finished their induction, and either "
                        "their deadline passed more than "
                        f"{officer_days} days ago or they have no line manager:"
                        f"\n\n{_listing(to_officer)}\n\nSee every open induction:\n\n{link}\n",
                    )
                )
        emails_after_commit(messages)
        _mark(manager_told, manager_told_on=today)
        _mark(officer_told, officer_told_on=today)
        result.overdue = len(set(manager_told) | set(officer_told))
        audit_event(
            action="induction.overdue_told",
            target_type="cycle.inductionchecklist",
            at=now,
            summary=f"{len(manager_told)} overdue induction(s) reported to line managers and "
            f"{len(officer_told)} to the Monitoring Officer, in {result.digests} digest(s)",
        )
    return result
