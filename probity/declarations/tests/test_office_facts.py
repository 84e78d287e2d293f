"""Decisions keep the office record whole: a back-dated change cannot cut them off."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from conftest import Council
from probity.declarations import services
from probity.declarations.office_facts import decision_days
from probity.declarations.rules import Action
from probity.declarations.tests.factories import gift_facts
from probity.people import services as office_services
from probity.people.choices import OfficeKind
from probity.people.models import Office, OfficeHolding
from probity.people.selectors import viewer_for_person

pytestmark = pytest.mark.django_db

DECIDED = dt.datetime(2027, 2, 20, 23, 30, tzinfo=dt.UTC)  # 20 February in London too
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


def test_a_back_dated_change_cannot_cut_short_a_holding_with_decisions(council: Council) -> None:
    declaration = services.gift_declare(
        actor=council.manager,
        facts=gift_facts(),
        submission_token=uuid.uuid4(),
        now=DECIDED - dt.timedelta(days=1),
    )
    services.declaration_decide(
        actor=council.head,
        viewer=viewer_for_person(person=council.head, today=DECIDED.date()),
        declaration=declaration,
        action=Action.NOTE,
        comment="",
        now=DECIDED,
    )
    assert decision_days(council.head.pk, dt.date(2027, 2, 1), dt.date(2027, 3, 3)) == {
        dt.date(2027, 2, 20)
    }
    assert decision_days(council.head.pk, dt.date(2027, 2, 21), dt.date(2027, 3, 3)) == set()

    office = Office.objects.get(kind=OfficeKind.HEAD_OF_SERVICE, service=council.housing)
    with pytest.raises(office_services.OfficeChangeRefused) as refused:
        office_services.office_holder_change(
            actor=council.mo,
            office=office,
            new_holder=council.manager,
            starts_on=dt.date(2027, 2, 1),
            reason="Appointed in February",
            now=NOW,
        )
    assert "after 20 February 2027" in str(refused.value)
    assert OfficeHolding.objects.get(person=council.head).ends_on is None
