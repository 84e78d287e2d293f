"""The HR file planner: rows from HR's system against the people recorded now, giving a plan.

Pure: no ORM, no clock, no settings. The caller reads the file (``feed_files``), gathers the
current state (``feed_services``) and applies the plan in one transaction. A plan with any row
error is not applied: the file is put right and read again.

Every value is compared as text (dates as YYYY-MM-DD), so the same file read twice gives an empty
plan, and an audit trail of "before" and "after" reads the same as the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

COLUMNS: tuple[str, ...] = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "grade",
    "service",
    "directorate",
    "line_manager_employee_number",
    "start_date",
    "end_date",
    "kind",
)
REQUIRED: tuple[str, ...] = ("employee_number", "first_name", "last_name", "email")
KINDS: Mapping[str, str] = {
    "employee": "employee",
    "contractor": "contractor",
    "external contractor": "contractor",
    "agency": "agency",
    "agency worker": "agency",
}
#: The fields of a person the file sets, in the order pages show them.
FIELDS: tuple[str, ...] = (
    "full_name",
    "email",
    "job_title",
    "grade",
    "service",
    "line_manager",
    "start_date",
    "leaving_date",
    "kind",
)
LABELS: Mapping[str, str] = {
    "full_name": "Name",
    "email": "Email",
    "job_title": "Job title",
    "grade": "Grade",
    "service": "Service",
    "line_manager": "Line manager",
    "start_date": "Start date",
    "leaving_date": "Last day",
    "kind": "Works as",
}
LIMITS: Mapping[str, int] = {
    "employee_number": 40,
    "full_name": 150,
    "email": 254,
    "job_title": 150,
}
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

Record = dict[str, str]


@dataclass(frozen=True)
class FeedRow:
    """One data row of the file: its row number as a spreadsheet shows it, and its cells."""

    number: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Current:
    """A person as recorded now, in the file's terms."""

    person_id: int
    employee_number: str
    record: Mapping[str, str]
    not_in_feed: bool = False
    kept_by_hr: bool = True


@dataclass(frozen=True)
class Organisation:
    """Names the file may use, keyed by their case-folded form, and each service's directorate."""

    grades: Mapping[str, str]
    services: Mapping[str, str]
    directorates: Mapping[str, str]
    service_directorate: Mapping[str, str]

    @classmethod
    def of(
        cls, *, grades: Iterable[str], services: Mapping[str, str], directorates: Iterable[str]
    ) -> Organisation:
        """From grade names, {service name: directorate name} and directorate names."""
        return cls(
            grades={g.casefold(): g for g in grades},
            services={s.casefold(): s for s in services},
            directorates={d.casefold(): d for d in directorates},
            service_directorate=dict(services),
        )


@dataclass(frozen=True)
class Add:
    row: int
    employee_number: str
    record: Record


@dataclass(frozen=True)
class Change:
    row: int
    employee_number: str
    person_id: int
    before: Record
    after: Record

    @property
    def fields(self) -> list[str]:
        return list(self.after)

    @property
    def described(self) -> list[tuple[str, str, str]]:
        """(what, was, becomes) for each field that changes, as a page shows them."""
        return [(LABELS.get(f, f), self.before.get(f, ""), v) for f, v in self.after.items()]


@dataclass(frozen=True)
class RowError:
    row: int
    employee_number: str
    reason: str


@dataclass
class Plan:
    rows: int = 0
    adds: list[Add] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    leavers: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: In the file's terms, people recorded now who are missing from a full file.
    missing: list[Current] = field(default_factory=list)
    #: Of those, the ones to be newly listed as "not in the last HR file".
    newly_missing: list[int] = field(default_factory=list)
    #: People listed as "not in the last HR file" who are in this one.
    back_in: list[int] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return not self.errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.adds or self.changes or self.leavers or self.newly_missing or self.back_in)

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "adds": len(self.adds),
            "changes": len(self.changes),
            "leavers": len(self.leavers),
            "unchanged": self.unchanged,
            "errors": len(self.errors),
            "missing": len(self.missing),
            "newly_missing": len(self.newly_missing),
            "back_in": len(self.back_in),
        }

    def digest(self) -> str:
        """A fingerprint of what applying the plan would write: the plan confirmed must be the
        plan applied."""
        content = {
            "adds": [(a.employee_number, a.record) for a in self.adds],
            "changes": [(c.person_id, c.after) for c in self.changes + self.leavers],
            "newly_missing": sorted(self.newly_missing),
            "back_in": sorted(self.back_in),
        }
        return hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()


def header_problems(header: Sequence[str]) -> list[str]:
    """What is wrong with the header row: missing or unknown columns, or a column twice."""
    names = [h.strip().lower() for h in header]
    problems = []
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        problems.append(f"The file has no column {', '.join(missing)}")
    unknown = [h for h in names if h and h not in COLUMNS]
    if unknown:
        problems.append(f"The file has columns this import does not know: {', '.join(unknown)}")
    twice = sorted({h for h in names if h and names.count(h) > 1})
    if twice:
        problems.append(f"The file has the column {', '.join(twice)} more than once")
    return problems


def parse_date(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY; ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


class _RowProblem(ValueError):
    pass


def _record(cells: Mapping[str, str], org: Organisation) -> Record:
    """The person a row describes, in the file's terms; _RowProblem for the first fault."""
    values = {c: _clean(cells.get(c, "")) for c in COLUMNS}
    for column in REQUIRED:
        if not values[column]:
            raise _RowProblem(f"{column} is missing")
    full_name = f"{values['first_name']} {values['last_name']}"
    for name, value in (
        ("employee_number", values["employee_number"]),
        ("full_name", full_name),
        ("email", values["email"]),
        ("job_title", values["job_title"]),
    ):
        if len(value) > LIMITS[name]:
            shown = "first_name and last_name" if name == "full_name" else name
            raise _RowProblem(f"{shown} is longer than {LIMITS[name]} characters")
    if not EMAIL.match(values["email"]):
        raise _RowProblem(f"email '{values['email']}' is not an email address")
    grade = ""
    if values["grade"]:
        grade = org.grades.get(values["grade"].casefold(), "")
        if not grade:
            raise _RowProblem(f"unknown grade '{values['grade']}'")
    service = ""
    if values["service"]:
        service = org.services.get(values["service"].casefold(), "")
        if not service:
            raise _RowProblem(f"unknown service '{values['service']}'")
    if values["directorate"]:
        directorate = org.directorates.get(values["directorate"].casefold(), "")
        if not directorate:
            raise _RowProblem(f"unknown directorate '{values['directorate']}'")
        if service and org.service_directorate.get(service) != directorate:
            raise _RowProblem(
                f"service '{service}' is in the directorate "
                f"'{org.service_directorate.get(service)}', not '{directorate}'"
            )
    dates: dict[str, str] = {}
    for column in ("start_date", "end_date"):
        try:
            day = parse_date(values[column])
        except ValueError:
            raise _RowProblem(
                f"bad date in {column}: '{values[column]}' (write dates as YYYY-MM-DD)"
            ) from None
        dates[column] = day.isoformat() if day else ""
    if dates["start_date"] and dates["end_date"] and dates["end_date"] < dates["start_date"]:
        raise _RowProblem("end_date is before start_date")
    kind = KINDS.get(values["kind"].casefold() or "employee")
    if kind is None:
        raise _RowProblem(f"bad kind '{values['kind']}': use employee, contractor or agency")
    return {
        "full_name": full_name,
        "email": values["email"],
        "job_title": values["job_title"],
        "grade": grade,
        "service": service,
        "line_manager": values["line_manager_employee_number"],
        "start_date": dates["start_date"],
        "leaving_date": dates["end_date"],
        "kind": kind,
    }


def _loops(managers: Mapping[str, str], starts: Iterable[str]) -> dict[str, list[str]]:
    """For each employee number in ``starts`` that is part of a loop of line managers, the loop."""
    found: dict[str, list[str]] = {}
    done: set[str] = set()
    for start in starts:
        if start in done:
            continue
        path: list[str] = []
        index: dict[str, int] = {}
        node: str | None = start
        while node and node not in done and node not in index:
            index[node] = len(path)
            path.append(node)
            node = managers.get(node) or None
        if node and node in index:
            loop = path[index[node] :]
            for member in loop:
                found[member] = [*loop, loop[0]]
        done.update(path)
    return found


def plan(
    rows: Sequence[FeedRow],
    *,
    current: Mapping[str, Current],
    org: Organisation,
    full: bool,
    today: dt.date,
) -> Plan:
    """What applying ``rows`` would do to the people in ``current`` (keyed by employee number)."""
    result = Plan(rows=len(rows))
    first_row: dict[str, int] = {}
    good: dict[str, tuple[int, Record]] = {}
    failed: set[str] = set()
    for row in rows:
        number = _clean(row.cells.get("employee_number", ""))
        if number and number in first_row:
            result.errors.append(
                RowError(
                    row.number,
                    number,
                    f"duplicate employee number: {number} is also on row {first_row[number]}",
                )
            )
            continue
        if number:
            first_row[number] = row.number
        try:
            record = _record(row.cells, org)
            existing = current.get(number)
            if existing is not None and not existing.kept_by_hr:
                raise _RowProblem(
                    f"employee number {number} belongs to someone HR does not keep "
                    "(a councillor or an external auditor)"
                )
        except _RowProblem as problem:
            result.errors.append(RowError(row.number, number, str(problem)))
            failed.add(number)
            continue
        good[number] = (row.number, record)

    # Line managers: known in the file or recorded now, and never a loop.
    managers = {n: c.record.get("line_manager", "") for n, c in current.items()}
    managers.update({n: rec["line_manager"] for n, (_, rec) in good.items()})
    loops = _loops(managers, good)
    in_file = set(good) | failed
    for number, (row_number, record) in list(good.items()):
        manager = record["line_manager"]
        reason = ""
        if manager == number:
            reason = "manager loop: someone cannot be their own line manager"
        elif manager and manager not in in_file and manager not in current:
            reason = f"unknown manager: nobody has the employee number {manager}"
        elif number in loops:
            reason = "manager loop: " + " → ".join(loops[number])
        if reason:
            result.errors.append(RowError(row_number, number, reason))
            del good[number]
    result.errors.sort(key=lambda e: e.row)

    for number, (row_number, record) in good.items():
        existing = current.get(number)
        if existing is None:
            result.adds.append(Add(row_number, number, record))
            continue
        if existing.not_in_feed:
            result.back_in.append(existing.person_id)
        changed = [f for f in FIELDS if existing.record.get(f, "") != record[f]]
        if not changed:
            result.unchanged += 1
            continue
        change = Change(
            row=row_number,
            employee_number=number,
            person_id=existing.person_id,
            before={f: existing.record.get(f, "") for f in changed},
            after={f: record[f] for f in changed},
        )
        if record["leaving_date"] and not existing.record.get("leaving_date"):
            result.leavers.append(change)
        else:
            result.changes.append(change)

    if full:
        listed = set(first_row)
        for number, person in sorted(current.items()):
            leaving = person.record.get("leaving_date", "")
            if (
                number in listed
                or not person.kept_by_hr
                or (leaving and leaving < today.isoformat())
            ):
                continue
            result.missing.append(person)
            if not person.not_in_feed:
                result.newly_missing.append(person.person_id)
    return result
