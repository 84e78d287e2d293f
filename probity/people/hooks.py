"""Telling higher layers that office holders changed, inside the same transaction.

Declarations are routed to offices, and the people who must act on each waiting step are stored
(see ``probity.declarations.route_services``). The people app sits below the declarations app and
cannot call it, so the declarations app registers a callback here when it starts (ADR 0007), and
every service that changes who holds or deputises for an office announces the change before its
transaction commits.

People added by hand or from the HR file, and people whose start date changed, are announced in
``people_starting`` (the yearly cycle gives new starters an induction checklist).

The same way round, people cannot ask about decisions, yet a back-dated change must never cut short
a holding under which decisions were recorded. The declarations app registers in ``acts_recorded``
a function that gives the days on which a person recorded decisions; the offices services ask it
through ``days_with_acts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from probity.people.models import Person


@dataclass(frozen=True)
class HoldingsChange:
    """Offices whose holders or deputies changed, and the people who gained or lost them."""

    office_ids: frozenset[int]
    person_ids: frozenset[int]
    now: dt.datetime
    actor: Person | None = None
    reason: str = "office holders changed"


holdings_changed: list[Callable[[HoldingsChange], None]] = []


@dataclass(frozen=True)
class LineManagersChange:
    """People whose line manager changed: the steps waiting for their line manager move on."""

    person_ids: frozenset[int]
    now: dt.datetime
    actor: Person | None = None
    reason: str = "line manager changed"


line_managers_changed: list[Callable[[LineManagersChange], None]] = []


@dataclass(frozen=True)
class PeopleStarting:
    """People added, or whose start date changed: the yearly cycle gives new starters their
    induction checklist in the same transaction."""

    person_ids: frozenset[int]
    now: dt.datetime


people_starting: list[Callable[[PeopleStarting], None]] = []

#: (person id, first day, last day) -> the days in that range on which the person recorded a decision
ActsRecorded = Callable[[int, dt.date, dt.date], frozenset[dt.date]]
acts_recorded: list[ActsRecorded] = []


def announce_holdings_changed(change: HoldingsChange) -> None:
    """Run every registered callback; call it inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Announce a change of office holders inside its transaction.")
    for callback in holdings_changed:
        callback(change)


def announce_line_managers_changed(change: LineManagersChange) -> None:
    """Run every registered callback; call it inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Announce a change of line manager inside its transaction.")
    if not change.person_ids:
        return
    for callback in line_managers_changed:
        callback(change)


def announce_people_starting(change: PeopleStarting) -> None:
    """Run every registered callback; call it inside the transaction that added the people."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Announce people added inside their transaction.")
    if not change.person_ids:
        return
    for callback in people_starting:
        callback(change)


def days_with_acts(*, person_id: int, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The days from ``first`` to ``last`` (inclusive) on which the person recorded a decision."""
    if last < first:
        return frozenset()
    days: set[dt.date] = set()
    for provider in list(acts_recorded):
        days.update(provider(person_id, first, last))
    return frozenset(days)
