"""``manage.py import_people``: the nightly job's exit codes, and the same file twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from conftest import Council
from probity.core import clock
from probity.core.models import AuditEvent
from probity.people.feed_files import write_csv
from probity.people.hr_file_maker import hr_records
from probity.people.models import FeedImport, Person
from probity.people.tests.factories import GradeFactory
from probity.people.tests.test_feed_services import row

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def grades(council: Council) -> None:
    GradeFactory.create(name="Scale E", rank=5)
    council.manager.employee_number = "M1"
    council.manager.save()


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_people", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_same_file_twice_changes_nothing_the_second_time(grades: None, tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_bytes(write_csv([row(), row(employee_number="N2", email="b@example.org")]))
    assert "Would apply (dry run): 2 rows; 2 to add" in run(str(path), "--dry-run")
    assert not Person.objects.filter(employee_number="N1").exists()
    assert "Applied: 2 rows; 2 to add" in run(str(path))
    assert FeedImport.objects.get().status == FeedImport.Status.APPLIED
    events = AuditEvent.objects.count()
    assert "0 to add, 0 to change, 0 leaving, 2 unchanged" in run(str(path))
    assert AuditEvent.objects.count() == events


def test_bad_rows_exit_2_and_change_nothing(grades: None, tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_bytes(write_csv([row(), row(employee_number="N1", email="b@example.org")]))
    with pytest.raises(CommandError) as raised:
        run(str(path))
    assert raised.value.returncode == 2
    assert not Person.objects.filter(employee_number="N1").exists()


def test_an_unreadable_file_exits_1(grades: None, tmp_path: Path) -> None:
    path = tmp_path / "hr.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as raised:
        run(str(path))
    assert raised.value.returncode == 1
    with pytest.raises(CommandError) as missing:
        run(str(tmp_path / "nowhere.csv"))
    assert missing.value.returncode == 1


def test_a_made_up_file_of_a_few_hundred_imports_cleanly(
    council: Council, grades: None, tmp_path: Path
) -> None:
    path = tmp_path / "big.xlsx"
    call_command("make_hr_file", str(path), "--people", "300", stdout=StringIO())
    assert "300 to add" in run(str(path), "--full")
    assert Person.objects.filter(employee_number__startswith="HR").count() == 300
    assert len(hr_records(5)) == 5
    assert "0 to add, 0 to change" in run(str(path), "--full")
