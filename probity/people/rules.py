"""Pure rules about people and offices. No ORM, no settings, no clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from probity.people.choices import HoldingRole, OfficeKind


@dataclass(frozen=True)
class HoldingFact:
    office_kind: str
    service_id: int | None
    role: str
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass(frozen=True)
class Viewer:
    """What the rules need to know about the person asking."""

    person_id: int
    is_subject_to_code: bool = True
    is_councillor: bool = False
    office_kinds: frozenset[str] = field(default_factory=frozenset)
    deputy_office_kinds: frozenset[str] = field(default_factory=frozenset)
    headed_service_ids: frozenset[int] = field(default_factory=frozenset)
    direct_report_ids: frozenset[int] = field(default_factory=frozenset)
    report_ids: frozenset[int] = field(default_factory=frozenset)

    def holds(self, office: OfficeKind) -> bool:
        return office in self.office_kinds

    def holds_or_deputises(self, office: OfficeKind) -> bool:
        return office in self.office_kinds or office in self.deputy_office_kinds

    @property
    def is_monitoring_officer(self) -> bool:
        """The Monitoring Officer or a deputy: both keep every register."""
        return self.holds_or_deputises(OfficeKind.MONITORING_OFFICER)

    @property
    def keeps_people(self) -> bool:
        """HR and OD (holder or deputy) and the Monitoring Officer (or a deputy) keep the people
        records: directorates, services, grades and everyone who works for the council."""
        return self.is_monitoring_officer or self.holds_or_deputises(OfficeKind.HR_OD_MANAGER)

    @property
    def is_auditor(self) -> bool:
        return self.holds_or_deputises(OfficeKind.AUDITOR)

    @property
    def is_manager(self) -> bool:
        return bool(self.direct_report_ids)


def holding_is_current(holding: HoldingFact, *, today: dt.date) -> bool:
    """A holding counts from its first day to its last day inclusive."""
    if holding.starts_on > today:
        return False
    return holding.ends_on is None or holding.ends_on >= today


def current_offices(
    holdings: Iterable[HoldingFact], *, today: dt.date
) -> tuple[frozenset[str], frozenset[str], frozenset[int]]:
    """(offices held, offices deputised, services headed) on ``today``."""
    held: set[str] = set()
    deputised: set[str] = set()
    headed: set[int] = set()
    for holding in holdings:
        if not holding_is_current(holding, today=today):
            continue
        if holding.role == HoldingRole.HOLDER:
            held.add(holding.office_kind)
        else:
            deputised.add(holding.office_kind)
        if (
            holding.office_kind == OfficeKind.HEAD_OF_SERVICE and holding.service_id is not None
        ):  # holder or deputy
            headed.add(holding.service_id)
    return frozenset(held), frozenset(deputised), frozenset(headed)


def reports_of(manager_id: int, line_managers: Mapping[int, int | None]) -> frozenset[int]:
    """Everyone who reports to ``manager_id``, directly or indirectly.

    ``line_managers`` maps each person to their line manager. Cycles in bad data are tolerated:
    each person is visited once, and the manager never counts as their own report.
    """
    children: dict[int, list[int]] = {}
    for person_id, boss_id in line_managers.items():
        if boss_id is not None:
            children.setdefault(boss_id, []).append(person_id)
    found: set[int] = set()
    stack = list(children.get(manager_id, []))
    while stack:
        person_id = stack.pop()
        if person_id in found or person_id == manager_id:
            continue
        found.add(person_id)
        stack.extend(children.get(person_id, []))
    return frozenset(found)


#: A step addressed to the declarant's line manager rather than an office.
LINE_MANAGER = "line_manager"
_O = OfficeKind

#: Where each office's work goes when nobody in it may act. The Monitoring Officer can change it.
DEFAULT_FALLBACKS: Mapping[str, str] = {
    LINE_MANAGER: _O.MONITORING_OFFICER,
    _O.HEAD_OF_SERVICE: _O.CHIEF_EXECUTIVE,
    _O.CHIEF_EXECUTIVE: _O.MONITORING_OFFICER,
    _O.HR_OD_MANAGER: _O.CHIEF_EXECUTIVE,
    _O.HEAD_OF_CORPORATE_FINANCE: _O.S151_OFFICER,
    _O.S151_OFFICER: _O.CHIEF_EXECUTIVE,
    _O.HEAD_OF_PLANNING: _O.CHIEF_EXECUTIVE,
    _O.GOVERNANCE_LEAD: _O.MONITORING_OFFICER,
    _O.FRAUD_MANAGER: _O.MONITORING_OFFICER,
    _O.MONITORING_OFFICER: _O.CHIEF_EXECUTIVE,
}

#: Offices a step can be passed to (the auditor decides nothing).
ROUTABLE_OFFICES = tuple(o for o in _O if o != _O.AUDITOR)


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

    Each office names a different office that decides declarations, and every chain reaches the
    Monitoring Officer or the Chief Executive, so that work can always reach a person.
    """
    for office, target in fallbacks.items():
        if office == target:
            return "An office cannot pass its work to itself."
        if target and target not in ROUTABLE_OFFICES:
            return "Work can only pass to an office that decides declarations."
    for office in fallbacks:
        chain = fallback_chain(office, fallbacks)
        if not {_O.MONITORING_OFFICER, _O.CHIEF_EXECUTIVE} & set(chain):
            return (
                "Every office's work must be able to reach the Monitoring Officer "
                "or the Chief Executive."
            )
    return ""


# Changing who holds an office -------------------------------------------------------------------

NOT_A_KEEPER = "Only the Monitoring Officer or a deputy can change who holds an office."
ONLY_CHIEF_EXECUTIVE = (
    "Only the Chief Executive can change who holds the Monitoring Officer's office."
)
NOT_YOURSELF = "You cannot make yourself the holder or a deputy of an office."
NOT_YOUR_OWN = "You cannot change an office you hold or deputise for. Ask someone else to do it."


@dataclass(frozen=True)
class OfficeActor:
    """Who is asking to change an office, as the office rules need it.

    ``held_office_ids`` and ``deputised_office_ids`` include holdings due to start later, so that
    someone about to take an office cannot shape it beforehand. ``by_superuser`` is a superuser at
    the command line, the way in when the Chief Executive cannot act.
    """

    person_id: int | None
    is_monitoring_officer: bool = False
    is_deputy_monitoring_officer: bool = False
    is_chief_executive: bool = False
    held_office_ids: frozenset[int] = frozenset()
    deputised_office_ids: frozenset[int] = frozenset()
    by_superuser: bool = False

    @property
    def keeps_offices(self) -> bool:
        """May open the offices settings at all."""
        return (
            self.by_superuser
            or self.is_monitoring_officer
            or self.is_deputy_monitoring_officer
            or self.is_chief_executive
        )


@dataclass(frozen=True)
class OfficeFact:
    office_id: int
    kind: str


def office_change_refusal(
    actor: OfficeActor, office: OfficeFact, *, appointee_id: int | None = None
) -> str | None:
    """Why ``actor`` may not change ``office`` (appointing ``appointee_id``), or None if they may.

    Nobody appoints themselves or changes an office they hold or deputise for. The Monitoring
    Officer's office is changed by the Chief Executive; every other office by the Monitoring
    Officer or a deputy. A superuser at the command line may change any office, but still not
    appoint themselves.
    """
    if appointee_id is not None and appointee_id == actor.person_id:
        return NOT_YOURSELF
    if actor.by_superuser:
        return None
    if office.office_id in actor.held_office_ids | actor.deputised_office_ids:
        return NOT_YOUR_OWN
    if office.kind == OfficeKind.MONITORING_OFFICER:
        return None if actor.is_chief_executive else ONLY_CHIEF_EXECUTIVE
    if actor.is_monitoring_officer or actor.is_deputy_monitoring_officer:
        return None
    return NOT_A_KEEPER


@dataclass(frozen=True)
class Shortening:
    """A holding a change would cut short: its last day moves from ``was`` to ``becomes``.

    ``acts`` are the days on which the person recorded decisions, from the day after ``becomes``
    to the end of the holding (or today, if it had no end).
    """

    person_name: str
    role: str
    was: dt.date | None
    becomes: dt.date
    acts: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def back_dating_refusal(
    *,
    takes_effect: dt.date,
    today: dt.date,
    reason: str,
    shortened: Iterable[Shortening],
    field: str = "starts_on",
) -> Refusal | None:
    """Whether a change taking effect on ``takes_effect`` may be made.

    A change takes effect today or later. One in the past needs a reason, and must not cut short a
    holding under which decisions were recorded on the days it would remove. ``field`` names the
    date the person typed: a start (``starts_on``) or a last day (``ends_on``).
    """
    if takes_effect >= today:
        return None
    if not reason.strip():
        return Refusal("reason", "Give a reason for a date in the past")
    for cut in shortened:
        if cut.acts:
            last = max(cut.acts)
            when = f"after {_day(last)}" if field == "starts_on" else f"{_day(last)} or later"
            return Refusal(
                field,
                f"The date must be {when}: {cut.person_name} recorded decisions as "
                f"{cut.role.lower()} up to {_day(last)}, and that record must stay whole",
            )
    return None
