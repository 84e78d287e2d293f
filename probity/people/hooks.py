"""Points where other apps plug into changes of who holds an office.

People sits below declarations in the layers, so it cannot ask about decisions or re-assign waiting
work itself. Instead it offers two small registries that the apps above fill in when they start:

- ``holdings_changed``: called after every change of holders or deputies, inside the same
  transaction, so that work waiting for an office can be given to the people who now hold it;
- ``acts_recorded``: asked for the days on which a person recorded a decision, so that a
  back-dated change never cuts short a holding that decisions were made under.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class HoldingsChange:
    """Which offices and people a change of holdings touched, and when it was made."""

    office_ids: frozenset[int]
    person_ids: frozenset[int]
    now: dt.datetime


HoldingsChanged = Callable[[HoldingsChange], None]
# (person id, first day, last day) -> the days in that range on which the person recorded a decision
ActsRecorded = Callable[[int, dt.date, dt.date], frozenset[dt.date]]

holdings_changed: list[HoldingsChanged] = []
acts_recorded: list[ActsRecorded] = []


def announce_holdings_changed(change: HoldingsChange) -> None:
    """Tell every registered callback about ``change``. Call inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Announce a change of holdings inside the transaction that made it.")
    for callback in list(holdings_changed):
        callback(change)


def days_with_acts(*, person_id: int, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The days from ``first`` to ``last`` (inclusive) on which the person recorded a decision."""
    if last < first:
        return frozenset()
    days: set[dt.date] = set()
    for provider in list(acts_recorded):
        days.update(provider(person_id, first, last))
    return frozenset(days)
