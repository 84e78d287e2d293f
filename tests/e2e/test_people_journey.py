"""HR imports a file through the browser: upload, the preview with a bad row, the file put right,
the preview, confirmation and the result; axe on every page. Then the people pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.people.choices import OfficeKind
from probity.people.feed_files import write_csv
from probity.people.models import Person
from probity.people.tests.factories import GradeFactory, hold_office, make_person
from probity.people.tests.test_feed_services import row
from tests.e2e.conftest import Visitor

PASSWORD = "correct-horse-battery"
pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_uploads_previews_and_confirms_a_file(
    visitor: Visitor, council: Council, tmp_path: object
) -> None:
    from pathlib import Path

    hr = make_person("hr", service=council.planning, employee_number="H1")
    hold_office(hr, OfficeKind.HR_OD_MANAGER)
    GradeFactory.create(name="Scale E", rank=5)
    council.manager.employee_number = "M1"
    council.manager.save()
    folder = Path(str(tmp_path))
    bad = folder / "bad.csv"
    bad.write_bytes(write_csv([row(), row(employee_number="N2", email="b@example.org", grade="Q")]))
    good = folder / "good.csv"
    good.write_bytes(write_csv([row()]))

    page = visitor.page
    visitor.sign_in("hr", PASSWORD)
    visitor.click_link("People", exact=True)
    visitor.click_link("Import an HR file")
    page.get_by_label("HR file", exact=True).set_input_files(str(bad))
    visitor.click_button("Check the file")
    expect(page.get_by_text("The file has 1 row with errors")).to_be_visible()
    expect(page.get_by_text("Unknown grade 'Q'")).to_be_visible()
    expect(page.get_by_role("button", name="Apply these changes")).to_have_count(0)
    visitor.click_button("Do not apply this file")

    page.get_by_label("HR file", exact=True).set_input_files(str(good))
    visitor.click_button("Check the file")
    expect(page.get_by_role("cell", name="Nia New")).to_be_visible()
    visitor.click_button("Apply these changes")
    expect(page.get_by_role("heading", level=1)).to_have_text("The HR file has been applied")
    expect(page.get_by_text("1 added, 0 changed, 0 leaving")).to_be_visible()
    assert Person.objects.filter(employee_number="N1").exists()

    visitor.click_link("Go to people")
    visitor.click_link("Nia New")
    visitor.click_link("Record leaving")
    visitor.click_link("Back")
    visitor.goto("/people/organisation/")
    visitor.goto("/people/add/")
    visitor.click_button("Add person")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    visitor.goto("/people/not-in-last-hr-file/")

    # A large file being applied in the background: the progress bar, checked by axe too.
    import datetime as dt

    from probity.people.models import FeedImport

    running = FeedImport.objects.create(
        created_at=dt.datetime.now(dt.UTC),
        filename="everyone.csv",
        digest="x",
        status=FeedImport.Status.RUNNING,
        total=50_000,
        done=20_000,
    )
    visitor.goto(f"/people/hr-file/{running.pk}/status/")
    expect(page.get_by_text("40% done")).to_be_visible()
    FeedImport.objects.filter(pk=running.pk).update(status=FeedImport.Status.APPLIED)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The HR file has been applied", timeout=10_000
    )
