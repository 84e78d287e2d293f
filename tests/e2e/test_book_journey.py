"""A councillor inspects the section 117 book: open on a weekday morning, closed in the evening
and on a bank holiday. axe on every page visited."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.core import clock
from probity.core.clock import LONDON
from probity.registers.models import BookInspection
from probity.registers.tests.test_book_views import s117_notice
from tests.e2e.conftest import Visitor
from tests.e2e.test_journeys import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_councillor_sees_the_book_only_in_office_hours(
    visitor: Visitor, council: Council
) -> None:
    notice = s117_notice(council.officer, contract="Leisure centre refurbishment")
    page = visitor.page
    with clock.frozen(dt.datetime(2027, 3, 3, 10, 0, tzinfo=LONDON)):  # a Wednesday, 10:00
        visitor.sign_in("councillor", PASSWORD)
        visitor.click_link("Section 117 book", exact=True)
        expect(page.locator("main")).to_contain_text(notice.reference)
        expect(page.locator("main")).to_contain_text("Leisure centre refurbishment")
    assert BookInspection.objects.filter(councillor=council.councillor).count() == 1

    with clock.frozen(dt.datetime(2027, 3, 3, 19, 0, tzinfo=LONDON)):  # the same day, 19:00
        visitor.goto("/section-117-book/")
        expect(page.locator("main")).to_contain_text("The book is closed at the moment")
        expect(page.locator("main")).to_contain_text("Thursday 4 March 2027 at 9:00am")
        expect(page.locator("main")).not_to_contain_text(notice.reference)

    with clock.frozen(dt.datetime(2027, 5, 3, 10, 0, tzinfo=LONDON)):  # Early May bank holiday
        visitor.goto("/section-117-book/")
        expect(page.locator("main")).to_contain_text("The book is closed at the moment")
        expect(page.locator("main")).to_contain_text("Tuesday 4 May 2027 at 9:00am")
        expect(page.locator("main")).not_to_contain_text(notice.reference)
    assert BookInspection.objects.filter(councillor=council.councillor).count() == 1

    response = page.goto(visitor.base_url + "/registers/")
    assert response is not None and response.status == 403
