"""Reads about people and offices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Directorate, Office, OfficeHolding, Person, Service
from probity.people.rules import (
    HoldingFact,
    OfficeActor,
    Viewer,
    current_offices,
)


def _current(today: dt.date) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def viewer_for_person(*, person: Person, today: dt.date) -> Viewer:
    """The facts the access rules need about ``person``: three small queries, reading only their
    own holdings and their own part of the organisation chart."""
    holdings = [
        HoldingFact(
            office_kind=h.office.kind,
            service_id=h.office.service_id,
            role=h.role,
            starts_on=h.starts_on,
            ends_on=h.ends_on,
        )
        for h in OfficeHolding.objects.filter(person=person).select_related("office")
    ]
    held, deputised, headed = current_offices(holdings, today=today)
    reports, direct = _reports(manager_id=person.pk)
    return Viewer(
        person_id=person.pk,
        is_subject_to_code=person.is_subject_to_code,
        is_councillor=person.kind == PersonKind.COUNCILLOR,
        office_kinds=held,
        deputy_office_kinds=deputised,
        headed_service_ids=headed,
        direct_report_ids=direct,
        report_ids=reports,
    )


def _reports_sql() -> str:
    table = connection.ops.quote_name(Person._meta.db_table)
    return (
        f"WITH RECURSIVE reports(id, line_manager_id) AS ("  # noqa: S608 - model's own table
        f"SELECT id, line_manager_id FROM {table} WHERE line_manager_id = %s "
        f"UNION SELECT p.id, p.line_manager_id FROM {table} p "
        f"JOIN reports r ON p.line_manager_id = r.id"
        f") SELECT id, line_manager_id FROM reports"
    )


def report_ids_subquery(*, manager_id: int) -> RawSQL:
    """Everyone who reports to this person, as a subquery for ``__in`` (the same recursive query
    as ``viewer_for_person`` uses), so that a large reporting line is never sent as a list."""
    # Fixed SQL naming the model's own table; the manager's id is a parameter.
    return RawSQL(  # noqa: S611
        f"SELECT id FROM ({_reports_sql()}) AS team WHERE id <> %s",  # noqa: S608
        [manager_id, manager_id],
    )


def _reports(*, manager_id: int) -> tuple[frozenset[int], frozenset[int]]:
    """(everyone who reports to this person directly or indirectly, their direct reports): one
    recursive query that reads only their part of the organisation chart (``rules.reports_of``
    is the same rule over a whole chart in memory; a test checks the two agree). ``UNION`` stops
    at a cycle in bad data, since each person appears once with their one line manager."""
    sql = _reports_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [manager_id])
        rows = cursor.fetchall()
    everyone = frozenset(pid for pid, _ in rows) - {manager_id}
    direct = frozenset(pid for pid, boss in rows if boss == manager_id)
    return everyone, direct


def report_ids_of(*, manager_id: int) -> frozenset[int]:
    """Everyone who reports to this person, directly or indirectly."""
    return _reports(manager_id=manager_id)[0]


def office_holders(
    *, kind: OfficeKind, today: dt.date, service: Service | None = None, deputies: bool = False
) -> QuerySet[Person]:
    """People holding an office today (with its deputies when ``deputies``)."""
    roles = [HoldingRole.HOLDER, HoldingRole.DEPUTY] if deputies else [HoldingRole.HOLDER]
    holdings = OfficeHolding.objects.filter(_current(today), office__kind=kind, role__in=roles)
    if service is not None:
        holdings = holdings.filter(office__service=service)
    return Person.objects.filter(pk__in=holdings.values("person")).order_by("full_name")


def office_holdings_current(*, today: dt.date) -> QuerySet[OfficeHolding]:
    return (
        OfficeHolding.objects.filter(_current(today))
        .select_related("office__service", "person")
        .order_by("office__kind", "office__service__name", "role", "person__full_name")
    )


def people_subject_to_code() -> QuerySet[Person]:
    return Person.objects.filter(
        kind__in=[PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY]
    ).select_related("service", "grade")


def people_by_ids(*, ids: frozenset[int]) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=ids).order_by("full_name")


def directorates_all() -> QuerySet[Directorate]:
    return Directorate.objects.order_by("name")


def services_all() -> QuerySet[Service]:
    return Service.objects.select_related("directorate").order_by("name")


@dataclass(frozen=True)
class OfficeRow:
    """One office with the people who hold or deputise for it, today and from a later date."""

    office: Office
    holders: list[OfficeHolding]
    deputies: list[OfficeHolding]
    upcoming: list[OfficeHolding]


def offices_with_holdings(*, today: dt.date) -> list[OfficeRow]:
    """Every office with its current holders and deputies, and holdings that start later. Two queries."""
    offices = list(Office.objects.select_related("service").order_by("kind", "service__name"))
    live = (
        OfficeHolding.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(withdrawn=False)
        .select_related("person")
        .order_by("starts_on", "person__full_name")
    )
    by_office: dict[int, list[OfficeHolding]] = {}
    for holding in live:
        by_office.setdefault(holding.office_id, []).append(holding)
    rows = []
    for office in offices:
        holdings = by_office.get(office.pk, [])
        started = [h for h in holdings if h.starts_on <= today]
        rows.append(
            OfficeRow(
                office=office,
                holders=[h for h in started if h.role == HoldingRole.HOLDER],
                deputies=[h for h in started if h.role == HoldingRole.DEPUTY],
                upcoming=[h for h in holdings if h.starts_on > today],
            )
        )
    return rows


def office_holdings_ended(*, today: dt.date) -> QuerySet[OfficeHolding]:
    """Holdings whose last day has passed, most recently ended first."""
    return (
        OfficeHolding.objects.filter(ends_on__lt=today, withdrawn=False)
        .select_related("office__service", "person")
        .order_by("-ends_on", "office__kind", "office__service__name", "person__full_name")
    )


def office_holdings_from(
    *, office: Office, role: HoldingRole, on: dt.date
) -> QuerySet[OfficeHolding]:
    """An office's holdings in ``role`` that have not ended before ``on`` (current or later)."""
    return (
        OfficeHolding.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(office=office, role=role, withdrawn=False)
        .select_related("person")
        .order_by("starts_on", "person__full_name")
    )


def officers_available(*, today: dt.date) -> QuerySet[Person]:
    """Officers who could take on an office: subject to the code and not gone by ``today``."""
    return (
        people_subject_to_code()
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
        .order_by("full_name", "pk")
    )


def office_actor_for_person(*, person: Person, today: dt.date) -> OfficeActor:
    """What the office rules need about ``person``: one query.

    Offices they hold or deputise for count from today and from any later start, so that someone
    about to take an office cannot shape it beforehand.
    """
    held: set[int] = set()
    deputised: set[int] = set()
    kinds_now: set[tuple[str, str]] = set()
    live = OfficeHolding.objects.filter(person=person, withdrawn=False).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for office_id, kind, role, starts_on in live.values_list(
        "office_id", "office__kind", "role", "starts_on"
    ):
        (held if role == HoldingRole.HOLDER else deputised).add(office_id)
        if starts_on <= today:
            kinds_now.add((kind, role))
    mo = OfficeKind.MONITORING_OFFICER
    return OfficeActor(
        person_id=person.pk,
        is_monitoring_officer=(mo, HoldingRole.HOLDER) in kinds_now,
        is_deputy_monitoring_officer=(mo, HoldingRole.DEPUTY) in kinds_now,
        is_chief_executive=(OfficeKind.CHIEF_EXECUTIVE, HoldingRole.HOLDER) in kinds_now,
        held_office_ids=frozenset(held),
        deputised_office_ids=frozenset(deputised),
    )


def person_names(*, person_ids: set[int]) -> dict[int, str]:
    """Full names by person id, in one query."""
    if not person_ids:
        return {}
    return dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "full_name"))


def person_names_for_users(*, user_ids: set[int]) -> dict[int, str]:
    """Full names by user account id, for people who have an account. One query."""
    if not user_ids:
        return {}
    return dict(Person.objects.filter(user_id__in=user_ids).values_list("user_id", "full_name"))
