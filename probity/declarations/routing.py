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

OK = OfficeKind

#: The step is the line manager's, not an office's.
LINE_MANAGER = "line_manager"

#: Where each office's work goes when nobody in it may act. The Monitoring Officer can change it.
DEFAULT_FALLBACKS: Mapping[str, str] = {
    LINE_MANAGER: OK.MONITORING_OFFICER,
    OK.HEAD_OF_SERVICE: OK.CHIEF_EXECUTIVE,
    OK.CHIEF_EXECUTIVE: OK.MONITORING_OFFICER,
    OK.HR_OD_MANAGER: OK.CHIEF_EXECUTIVE,
    OK.HEAD_OF_CORPORATE_FINANCE: OK.S151_OFFICER,
    OK.S151_OFFICER: OK.CHIEF_EXECUTIVE,
    OK.HEAD_OF_PLANNING: OK.CHIEF_EXECUTIVE,
    OK.GOVERNANCE_LEAD: OK.MONITORING_OFFICER,
    OK.FRAUD_MANAGER: OK.MONITORING_OFFICER,
    OK.MONITORING_OFFICER: OK.CHIEF_EXECUTIVE,
}

#: Offices whose deputies act on the holder's own declarations.
DEPUTIES_ACT_FOR_HOLDER = frozenset({OK.MONITORING_OFFICER})

#: Offices a step can be passed to (the auditor decides nothing).
ROUTABLE_OFFICES = tuple(o for o in OK if o != OK.AUDITOR)


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


def fallback_chain(responsible: str, fallbacks: Mapping[str, str]) -> tuple[str, ...]:
    """The offices a step addressed to ``responsible`` can reach, in order (for display)."""
    chain: list[str] = []
    office = responsible
    while office and office not in chain:
        chain.append(office)
        office = fallbacks.get(office, "")
    return tuple(chain)


def fallbacks_valid(fallbacks: Mapping[str, str]) -> str:
    """An error message when a council's fallbacks are unusable, or ``""``.

    Each office names a different office; every chain must reach the Monitoring Officer or the
    Chief Executive, so that work can always reach a person.
    """
    for office, target in fallbacks.items():
        if office == target:
            return "An office cannot pass its work to itself."
        if target and target not in ROUTABLE_OFFICES:
            return "Work can only pass to an office that decides declarations."
    for office in fallbacks:
        chain = fallback_chain(office, fallbacks)
        if not {OK.MONITORING_OFFICER, OK.CHIEF_EXECUTIVE} & set(chain):
            return "Every office's work must be able to reach the Monitoring Officer or the Chief Executive."
    return ""
