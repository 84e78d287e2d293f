"""Services check permission themselves, whatever the page did: the code, the book and policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Council
from probity.conduct import code_services
from probity.conduct.models import DocumentKind
from probity.conduct.services import policy_update_gift_guidance
from probity.people.selectors import viewer_for_person
from probity.registers import book_services

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("who", ["officer", "manager", "head", "auditor", "councillor"])
def test_only_the_monitoring_officer_drafts_the_code_or_keeps_the_book(
    council: Council, who: str
) -> None:
    person = getattr(council, who)
    with pytest.raises(PermissionDenied):
        code_services.draft_start(actor=person, document=DocumentKind.CODE, now=NOW)
    with pytest.raises(PermissionDenied):
        book_services.inspection_hours_update(
            actor=person, opens=dt.time(9), closes=dt.time(17), now=NOW
        )
    with pytest.raises(PermissionDenied):
        book_services.closure_day_add(
            actor=person, day=dt.date(2027, 12, 29), reason="Closed", now=NOW
        )
    with pytest.raises(PermissionDenied):
        policy_update_gift_guidance(
            actor=person,
            viewer=viewer_for_person(person=person, today=NOW.date()),
            gift_guidance="Anything goes.",
            now=NOW,
        )


def test_only_councillors_and_the_keepers_inspect_the_book(council: Council) -> None:
    book_services.book_inspection_record(councillor=council.councillor, now=NOW)
    book_services.book_inspection_record(councillor=council.mo, now=NOW)
    with pytest.raises(PermissionDenied):
        book_services.book_inspection_record(councillor=council.officer, now=NOW)


def test_the_monitoring_officer_and_deputy_may(council: Council) -> None:
    for person in (council.mo, council.deputy):
        book_services.inspection_hours_update(
            actor=person, opens=dt.time(9), closes=dt.time(17), now=NOW
        )
