"""Who must act on a step: the pure rule that turns an office (or the line manager) into people.

A step names who is responsible (the line manager, or an office). This module decides which
people that means today, so that nothing is ever stranded and nobody decides on their own
declaration:

- the declarant never acts on their own step;
- when the declarant holds the office, its deputies (who normally answer to the holder) do not act
  either, except for the Monitoring Officer, whose statutory deputies do;
- someone who already consented on one step of a declaration is not asked to give its other
  consent: two consents need two different people;
- an office with nobody left to act passes the step to its fallback office (a council setting),
  and so on down the chain; a chain that runs out leaves the step with nobody, and the
  Monitoring Officer's "Waiting for someone to act" list shows it.

Inputs are frozen facts; outputs are values. No ORM, settings, request or clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from probity.people.choices import OfficeKind
from probity.people.rules import (
    DEFAULT_FALLBACKS,
    LINE_MANAGER,
    ROUTABLE_OFFICES,
    fallback_chain,
    fallbacks_valid,
)

OK = OfficeKind

__all__ = [
    "DEFAULT_FALLBACKS",
    "LINE_MANAGER",
    "ROUTABLE_OFFICES",
    "Assignment",
    "OfficePeople",
    "Organisation",
    "assign",
    "fallback_chain",
    "fallbacks_valid",
]

#: Offices whose deputies act on the holder's own declarations.
DEPUTIES_ACT_FOR_HOLDER = frozenset({OK.MONITORING_OFFICER})


@dataclass(frozen=True)
class OfficePeople:
    """Who holds an office today and who deputises for it."""

    holder_ids: frozenset[int] = frozenset()
    deputy_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Assignee:
    person_id: int
    office: str  # the office they act for, or LINE_MANAGER
    deputy: bool = False


@dataclass(frozen=True)
class Assignment:
    """The people who may act on a step, the office they act for, and why it is that office."""

    office: str  # the office that acts in the end (after any fallback), or LINE_MANAGER
    assignees: tuple[Assignee, ...]
    passed_over: tuple[tuple[str, str], ...] = ()  # (office, reason) for each office skipped

    @property
    def stranded(self) -> bool:
        return not self.assignees

    @property
    def person_ids(self) -> frozenset[int]:
        return frozenset(a.person_id for a in self.assignees)


@dataclass(frozen=True)
class Organisation:
    """What the rule needs to know about the declarant and who holds each office today.

    ``offices`` maps an office kind to its people; the Head of Service entry is the head of the
    declarant's own service.
    """

    declarant_id: int
    line_manager_id: int | None
    offices: Mapping[str, OfficePeople] = field(default_factory=dict)
    fallbacks: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FALLBACKS))


NO_HOLDER = "nobody holds it"
DECLARANT_HOLDS = "the declarant holds it"
DECLARANT_ONLY = "the declarant is the only person in it"
ALREADY_CONSENTED = "its only people have already given the other consent"


def _people_of(
    office: str, org: Organisation, excluded: frozenset[int]
) -> tuple[tuple[Assignee, ...], str]:
    """The people of one office who may act, or the reason nobody may."""
    if office == LINE_MANAGER:
        manager = org.line_manager_id
        if manager is None:
            return (), "the declarant has no line manager"
        if manager == org.declarant_id:
            return (), DECLARANT_HOLDS
        if manager in excluded:
            return (), ALREADY_CONSENTED
        return (Assignee(manager, LINE_MANAGER),), ""
    people = org.offices.get(office, OfficePeople())
    if not people.holder_ids and not people.deputy_ids:
        return (), NO_HOLDER
    holders = people.holder_ids
    deputies = people.deputy_ids
    if org.declarant_id in holders and office not in DEPUTIES_ACT_FOR_HOLDER:
        return (), DECLARANT_HOLDS
    found = tuple(
        [Assignee(pid, office) for pid in sorted(holders)]
        + [Assignee(pid, office, deputy=True) for pid in sorted(deputies - holders)]
    )
    found = tuple(a for a in found if a.person_id != org.declarant_id)
    if not found:
        return (), DECLARANT_ONLY
    allowed = tuple(a for a in found if a.person_id not in excluded)
    if not allowed:
        return (), ALREADY_CONSENTED
    return allowed, ""


def assign(
    responsible: str, org: Organisation, *, excluded: frozenset[int] = frozenset()
) -> Assignment:
    """Who acts on a step addressed to ``responsible`` (an office kind or ``LINE_MANAGER``).

    ``excluded`` holds people who may not act on this step although their office could (those
    who gave the declaration's other consent).
    """
    passed: list[tuple[str, str]] = []
    office = responsible
    seen: set[str] = set()
    while office and office not in seen:
        seen.add(office)
        assignees, reason = _people_of(office, org, excluded)
        if assignees:
            return Assignment(office, assignees, tuple(passed))
        passed.append((office, reason))
        office = org.fallbacks.get(office, "")
    return Assignment(office="", assignees=(), passed_over=tuple(passed))
