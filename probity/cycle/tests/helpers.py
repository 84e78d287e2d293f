"""Shared helpers for the cycle's tests."""

from __future__ import annotations

import datetime as dt
import uuid

from conftest import Council
from probity.cycle.choices import PopulationScope
from probity.cycle.models import Round
from probity.cycle.rules import Population
from probity.cycle.services import round_open
from probity.declarations import services as declaration_services
from probity.declarations.models import Declaration
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.people.models import Person

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
DEADLINE = dt.date(2027, 4, 30)


def at(day: dt.date, hour: int = 6) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def open_round(
    council: Council,
    *,
    population: Population | None = None,
    deadline: dt.date = DEADLINE,
    now: dt.datetime = NOW,
) -> Round:
    return round_open(
        actor=council.mo,
        title="Annual return 2027",
        deadline=deadline,
        population=population or Population(PopulationScope.EVERYONE),
        now=now,
    )


def declare_interest(person: Person, now: dt.datetime = NOW) -> Declaration:
    return declaration_services.interest_declare(
        actor=person, facts=interest_facts(), submission_token=uuid.uuid4(), now=now
    )


def declare_gift(person: Person, now: dt.datetime = NOW) -> Declaration:
    return declaration_services.gift_declare(
        actor=person, facts=gift_facts(), submission_token=uuid.uuid4(), now=now
    )
