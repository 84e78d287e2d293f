"""A sample HR file for the demo council: everyone HR keeps as recorded, plus a starter, a leaver
and a change of line manager (the Housing Options Officer, who has declarations waiting for
their manager, moves to another manager)."""

from __future__ import annotations

import datetime as dt

from probity.people.choices import PersonKind
from probity.people.feed import COLUMNS
from probity.people.feed_files import write_csv
from probity.people.models import Person

HR_KEPT = (PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY)
STARTER = "EB9001"
LEAVER = "joanne.pritchard"
MOVER = "officer"
NEW_MANAGER = "kevin.marsden"


def demo_employee_number(index: int) -> str:
    """The demo council's employee numbers: EB0001 onwards, in the order of ``data.STAFF``."""
    return f"EB{index:04d}"


def _record(person: Person, numbers: dict[int, str]) -> dict[str, str]:
    first, _, last = person.full_name.partition(" ")
    return {
        "employee_number": person.employee_number or "",
        "first_name": first,
        "last_name": last,
        "email": person.email,
        "job_title": person.job_title,
        "grade": person.grade.name if person.grade else "",
        "service": person.service.name if person.service else "",
        "directorate": person.service.directorate.name if person.service else "",
        "line_manager_employee_number": numbers.get(person.line_manager_id or 0, ""),
        "start_date": person.start_date.isoformat() if person.start_date else "",
        "end_date": person.leaving_date.isoformat() if person.leaving_date else "",
        "kind": person.kind,
    }


def demo_hr_records(*, today: dt.date) -> list[dict[str, str]]:
    people = list(
        Person.objects.filter(kind__in=HR_KEPT, employee_number__isnull=False)
        .select_related("grade", "service__directorate", "user")
        .order_by("employee_number")
    )
    numbers = {p.pk: p.employee_number or "" for p in people}
    by_username = {p.user.username: p for p in people if p.user is not None}
    records = []
    for person in people:
        record = _record(person, numbers)
        username = person.user.username if person.user else ""
        if username == MOVER and NEW_MANAGER in by_username:
            record["line_manager_employee_number"] = by_username[NEW_MANAGER].employee_number or ""
        if username == LEAVER:
            record["end_date"] = (today + dt.timedelta(days=28)).isoformat()
        records.append(record)
    manager = by_username.get("manager")
    records.append(
        {
            "employee_number": STARTER,
            "first_name": "Sam",
            "last_name": "Okafor",
            "email": "sam.okafor@example-borough.gov.uk",
            "job_title": "Housing Support Assistant",
            "grade": "Scale B",
            "service": "Housing Options",
            "directorate": manager.service.directorate.name if manager and manager.service else "",
            "line_manager_employee_number": (manager.employee_number or "") if manager else "",
            "start_date": (today + dt.timedelta(days=14)).isoformat(),
            "end_date": "",
            "kind": "employee",
        }
    )
    assert all(set(r) == set(COLUMNS) for r in records)  # noqa: S101 - the file's shape
    return records


def demo_hr_file(*, today: dt.date) -> bytes:
    return write_csv(demo_hr_records(today=today))
