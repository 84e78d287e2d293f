"""A declarant reads their own answers in the first person; everyone else in the third."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.declarations import services
from probity.declarations.choices import DeclarationKind as K
from probity.declarations.kinds import BY_KIND, KINDS
from probity.declarations.tests.factories import interest_facts

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)

PLANNING = {
    "application_reference": "27/0123/FUL",
    "site": "12 Mill Lane",
    "made_by": "me",
    "description": "Rear extension",
}
OUTSIDE = {
    "employer": "Riverside Lettings",
    "role": "Weekend lettings agent",
    "hours": "8 hours a week",
    "starts_on": "2027-04-01",
    "could_conflict": "no",
    "conflict_detail": "",
}


@pytest.mark.parametrize(
    ("kind", "facts", "first", "third"),
    [
        (
            K.PLANNING_APPLICATION,
            PLANNING,
            ("Who made the application?", "I made it"),
            ("Who made the application?", "The officer"),
        ),
        (
            K.OUTSIDE_EMPLOYMENT,
            OUTSIDE,
            ("Your role", "Weekend lettings agent"),
            ("Their role", "Weekend lettings agent"),
        ),
        (
            K.OUTSIDE_EMPLOYMENT,
            OUTSIDE,
            ("Could it conflict with your council work?", "No"),
            ("Could it conflict with their council work?", "No"),
        ),
        (
            K.SPONSORSHIP,
            {
                "activity": "Fun run",
                "beneficiary": "partner",
                "beneficiary_detail": "Sam",
                "benefit": "Runs it",
                "starts_on": "2027-01-01",
            },
            ("Who benefits?", "My partner"),
            ("Who benefits?", "The officer's partner"),
        ),
    ],
)
def test_answers_read_in_the_first_or_third_person(
    kind: str, facts: dict[str, Any], first: tuple[str, str], third: tuple[str, str]
) -> None:
    form_class = BY_KIND[kind].form_class
    assert form_class is not None
    assert first in [(r.label, r.value) for r in form_class.rows(facts)]
    assert third in [(r.label, r.value) for r in form_class.rows(facts, third_person=True)]


@pytest.mark.parametrize(
    "spec", [s for s in KINDS if s.form_class is not None], ids=lambda s: s.slug
)
def test_third_person_wording_names_only_real_fields_and_answers(spec: Any) -> None:
    form_class = spec.form_class
    for name in form_class.third_person_labels:
        assert name in form_class.base_fields, name
    for name, answers in form_class.third_person_choices.items():
        choices = dict(form_class.base_fields[name].choices)
        assert set(answers) <= set(choices), name


@pytest.mark.django_db
def test_the_reviewer_reads_their_role_and_the_declarant_reads_your_role(council: Council) -> None:
    declaration = services.declaration_submit(
        kind=K.OUTSIDE_EMPLOYMENT,
        actor=council.officer,
        facts=OUTSIDE,
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    review = signed_in(council.manager).get(
        reverse("declarations:review", args=[declaration.reference])
    )
    assert "Their role" in review.content.decode()
    assert "Your role" not in review.content.decode()
    entry = reverse("registers:entry", args=[declaration.reference])
    assert "Your role" in signed_in(council.officer).get(entry).content.decode()
    assert "Their role" in signed_in(council.mo).get(entry).content.decode()


@pytest.mark.django_db
def test_an_own_interest_reads_as_the_officers_own_to_others(council: Council) -> None:
    declaration = services.interest_declare(
        actor=council.officer,
        facts=interest_facts(holder="self", relative_relationship=""),
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    entry = reverse("registers:entry", args=[declaration.reference])
    assert "The officer&#x27;s own" in signed_in(council.manager).get(entry).content.decode()
    assert "Mine" in signed_in(council.officer).get(entry).content.decode()
