"""What the registers show: what was offered, and the terms outside employment was allowed on."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.conduct.models import CouncilPolicy
from probity.core import clock
from probity.declarations import services
from probity.declarations.choices import DeclarationKind
from probity.declarations.rules import Action
from probity.declarations.tests.factories import gift_facts
from probity.declarations.tests.test_kinds import NOW, decide, submit
from probity.people.choices import OfficeKind
from probity.people.models import Grade, Person
from probity.people.tests.factories import hold_office, make_person


@pytest.fixture
def senior(council: Council) -> Person:
    """An officer at the consent grade: outside employment needs both consents."""
    grade = Grade.objects.create(name="Scale G", rank=7)
    CouncilPolicy.objects.create(gift_guidance="Declare it.", consent_grade=grade)
    return make_person("senior", service=council.housing, line_manager=council.manager, grade=grade)


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning)
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


def test_the_gifts_register_shows_what_was_offered(council: Council) -> None:
    services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    page = signed_in(council.mo).get(
        reverse("registers:list", kwargs={"slug": "gifts-and-hospitality"})
    )
    html = page.content.decode()
    assert re.search(r">\s*What was offered\s*</th>", html)
    assert gift_facts().description in html


def test_the_outside_employment_register_shows_role_conditions_and_review_date(
    council: Council, senior: Person, hr: Person
) -> None:
    declaration = submit(senior, DeclarationKind.OUTSIDE_EMPLOYMENT)
    decide(hr, declaration, Action.APPROVE)
    decide(
        council.head,
        declaration,
        Action.APPROVE,
        conditions="No work for council tenants.",
        review_on=dt.date(2028, 3, 1),
    )
    with clock.frozen(NOW):
        html = (
            signed_in(council.mo)
            .get(reverse("registers:list", kwargs={"slug": "outside-employment"}))
            .content.decode()
        )
    headers = re.findall(r'<th scope="col"[^>]*>\s*(?:<a[^>]*>)?([^<]+)', html)
    assert [h.strip() for h in headers][3:8] == [
        "Employer or business",
        "Role",
        "From",
        "Conditions",
        "Review date",
    ]
    assert "Weekend lettings agent" in html
    assert "No work for council tenants." in html
    assert "1 March 2028" in html
    assert 'class="govuk-tag govuk-tag--green">Approved with conditions<' in html


def test_the_outside_employment_csv_has_the_conditions(
    council: Council, senior: Person, hr: Person
) -> None:
    declaration = submit(senior, DeclarationKind.OUTSIDE_EMPLOYMENT)
    decide(hr, declaration, Action.APPROVE, conditions="Tell HR of any change.")
    csv = (
        signed_in(council.mo)
        .get(reverse("registers:csv", kwargs={"slug": "outside-employment"}))
        .getvalue()
        .decode()
    )
    header, row = csv.splitlines()[:2]
    assert "Conditions" in header and "Review date" in header and "Role" in header
    assert "Tell HR of any change." in row


def test_wide_tables_scroll_inside_a_labelled_focusable_region(council: Council) -> None:
    services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    html = (
        signed_in(council.mo)
        .get(reverse("registers:list", kwargs={"slug": "gifts-and-hospitality"}))
        .content.decode()
    )
    region = re.search(r'<div class="app-table-scroll"[^>]*>', html)
    assert region is not None
    assert 'role="region"' in region.group(0)
    assert 'aria-label="Gifts and hospitality' in region.group(0)
    assert 'tabindex="0"' in region.group(0)
    assert 'aria-controls="register-filters"' in html  # the "Show filters" button


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"offered_from": "12345678901234567890"}, "Offered from must be a real date"),
        ({"offered_to": "2026-02-31"}, "Offered to must be a real date"),
        ({"value_min": "12345678901234567890"}, ""),
    ],
)
def test_absurd_filter_values_get_a_message_not_a_crash(
    council: Council, query: dict[str, str], message: str
) -> None:
    response = signed_in(council.mo).get(
        reverse("registers:list", kwargs={"slug": "gifts-and-hospitality"}), query
    )
    assert response.status_code == 200
    assert message in response.content.decode()
