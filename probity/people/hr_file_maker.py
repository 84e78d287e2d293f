"""Made-up HR files the size of a large council, for benchmarks and trying the import."""

from __future__ import annotations

import datetime as dt
import random

from probity.people.feed import COLUMNS
from probity.people.feed_files import write_csv
from probity.people.models import Grade, Service

FIRST = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mo",
    "Nia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Vik",
    "Wen",
    "Xavier",
    "Yasmin",
    "Zac",
]
LAST = [
    "Adams",
    "Bennett",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owens",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Taylor",
    "Underwood",
    "Vaughan",
    "Walsh",
    "Young",
    "Zhang",
]
TITLES = ("Officer", "Senior Officer", "Assistant", "Adviser", "Team Leader", "Manager")


def hr_records(people: int, *, seed: int = 1, prefix: str = "HR") -> list[dict[str, str]]:
    """``people`` rows using the grades and services recorded now; each line manager comes
    earlier in the file, so there is no loop."""
    grades = list(Grade.objects.order_by("rank").values_list("name", flat=True))
    services = list(Service.objects.values_list("name", "directorate__name"))
    if not grades or not services:
        raise ValueError("Set up grades and services first (or load the demo council).")
    rng = random.Random(seed)  # noqa: S311 - made-up data, repeatable
    start = dt.date(2000, 1, 1)
    records: list[dict[str, str]] = []
    for i in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        service, directorate = rng.choice(services)
        manager = "" if i < 10 else f"{prefix}{rng.randrange(0, max(10, i // 6)):07d}"
        kind = rng.choices(("employee", "contractor", "agency"), weights=(90, 6, 4))[0]
        records.append(
            {
                "employee_number": f"{prefix}{i:07d}",
                "first_name": first,
                "last_name": last,
                "email": f"{first}.{last}.{i}@example.org".lower(),
                "job_title": rng.choice(TITLES),
                "grade": grades[min(len(grades) - 1, int(rng.triangular(0, len(grades), 2)))],
                "service": service,
                "directorate": directorate,
                "line_manager_employee_number": manager,
                "start_date": (start + dt.timedelta(days=rng.randrange(0, 9000))).isoformat(),
                "end_date": "",
                "kind": kind,
            }
        )
    assert all(set(r) == set(COLUMNS) for r in records[:1])  # noqa: S101 - the file's shape
    return records


def hr_file(people: int, *, seed: int = 1, xlsx: bool = False) -> bytes:
    records = hr_records(people, seed=seed)
    if not xlsx:
        return write_csv(records)
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("People")
    sheet.append(list(COLUMNS))
    for record in records:
        sheet.append([record[c] for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
