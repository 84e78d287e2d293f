"""Declaring through the pages: check your answers, bad input, forged and repeated posts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.declarations import services
from probity.declarations.choices import DeclarationStatus
from probity.declarations.forms import GiftForm, InterestForm
from probity.declarations.models import Declaration, GiftHospitalityVersion, InterestVersion
from probity.declarations.tests.factories import gift_facts, interest_facts

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)

GIFT_FORM = {
    "giver_type": "organisation",
    "giver_name": "Acme Facilities Ltd",
    "giver_link": "bidder",
    "giver_link_detail": "",
    "category": "hospitality",
    "description": "Dinner at a hotel after a site visit",
    "value": "£45.50",
    "offered_on_0": "1",
    "offered_on_1": "3",
    "offered_on_2": "2027",
    "outcome": "declined",
    "outcome_reason": "They are bidding for the cleaning contract.",
}

INTEREST_FORM = {
    "holder": "self",
    "relative_relationship": "",
    "interest_type": "non_financial",
    "counterparty": "Riverside Food Bank",
    "description": "I am an unpaid trustee.",
    "starts_on_0": "1",
    "starts_on_1": "9",
    "starts_on_2": "2025",
    "ends_on_0": "",
    "ends_on_1": "",
    "ends_on_2": "",
}


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with clock.frozen(NOW):
        yield


def test_declare_a_declined_gift_through_check_your_answers(council: Council) -> None:
    client = signed_in(council.officer)
    form_url = reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"})
    page = client.get(form_url)
    assert "guidance on token value" in page.content.decode()
    response = client.post(form_url, GIFT_FORM)
    assert response.status_code == 302
    check = client.get(response["Location"])
    body = check.content.decode()
    assert "Check your answers" in body
    assert "£45.50" in body
    assert "Declined" in body
    assert Declaration.objects.count() == 0  # nothing is written before "Send"
    token = check.context["token"]
    sent = client.post(response["Location"], {"submission_token": token})
    declaration = Declaration.objects.get()
    assert sent["Location"] == reverse(
        "declarations:confirmation", kwargs={"reference": declaration.reference}
    )
    confirmation = client.get(sent["Location"])
    assert declaration.reference in confirmation.content.decode()
    version = GiftHospitalityVersion.objects.get(declaration=declaration)
    assert str(version.value) == "45.50"
    assert version.outcome == "declined"


def test_sending_the_same_answers_twice_makes_one_declaration(council: Council) -> None:
    client = signed_in(council.officer)
    form_url = reverse("declarations:declare", kwargs={"slug": "interest"})
    check_url = client.post(form_url, INTEREST_FORM)["Location"]
    token = client.get(check_url).context["token"]
    first = client.post(check_url, {"submission_token": token})
    second = client.post(check_url, {"submission_token": token})
    assert Declaration.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_stale_form_with_an_unknown_token_writes_nothing(council: Council) -> None:
    client = signed_in(council.officer)
    check_url = reverse("declarations:check", kwargs={"slug": "interest"})
    response = client.post(check_url, {"submission_token": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Declaration.objects.count() == 0


def field_error(response: Any, field: str) -> str:
    errors = response.context["form"].errors
    assert field in errors, f"expected an error on {field}, got {dict(errors)}"
    return str(errors[field][0])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"giver_name": ""}, "giver_name", "Enter the name"),
        ({"giver_type": ""}, "giver_type", "Select who made the offer"),
        ({"giver_type": "alien"}, "giver_type", "Select who made the offer"),
        ({"value": "-5"}, "value", "less than £0"),
        ({"value": "12345678"}, "value", "£1,000,000 or less"),
        ({"value": "ten pounds"}, "value", "amount in pounds"),
        ({"value": "NaN"}, "value", "amount in pounds"),
        ({"value": "1.234"}, "value", "2 decimal places"),
        ({"value": ""}, "value", "Enter what it was worth"),
        (
            {"offered_on_0": "3", "offered_on_1": "3", "offered_on_2": "2027"},
            "offered_on",
            "today or in the past",
        ),
        (
            {"offered_on_0": "31", "offered_on_1": "2", "offered_on_2": "2026"},
            "offered_on",
            "Date it was offered must be a real date",
        ),
        (
            {"offered_on_0": "1", "offered_on_1": "1", "offered_on_2": "12345678901234567890"},
            "offered_on",
            "Date it was offered must be a real date",
        ),
        (
            {"offered_on_0": "12345678901234567890", "offered_on_1": "1", "offered_on_2": "2026"},
            "offered_on",
            "Date it was offered must be a real date",
        ),
        (
            {"offered_on_0": "1", "offered_on_1": "March", "offered_on_2": "2026"},
            "offered_on",
            "Date it was offered must be a real date",
        ),
        (
            {"offered_on_0": "1", "offered_on_1": "", "offered_on_2": "2026"},
            "offered_on",
            "Date it was offered must include a month",
        ),
        (
            {"offered_on_0": "", "offered_on_1": "", "offered_on_2": "2026"},
            "offered_on",
            "Date it was offered must include a day and month",
        ),
        (
            {"offered_on_0": "1", "offered_on_1": "3", "offered_on_2": "26"},
            "offered_on",
            "The year in date it was offered must include 4 numbers",
        ),
        (
            {"offered_on_0": "", "offered_on_1": "", "offered_on_2": ""},
            "offered_on",
            "Enter date it was offered",
        ),
        ({"description": "x" * 2001}, "description", "2000 characters or fewer"),
        ({"giver_name": "Acme\x00Ltd"}, "giver_name", "Null characters"),
        ({"giver_link": "other", "giver_link_detail": ""}, "giver_link_detail", "what their link"),
        ({"outcome": ""}, "outcome", "accepted or declined"),
        ({"outcome_reason": "   "}, "outcome_reason", "Say why"),
    ],
)
def test_bad_gift_input_is_refused_with_a_message(
    council: Council, changes: dict[str, str], field: str, message: str
) -> None:
    client = signed_in(council.officer)
    response = client.post(
        reverse("declarations:declare", kwargs={"slug": "gift-or-hospitality"}),
        {**GIFT_FORM, **changes},
    )
    assert response.status_code == 200
    assert message in field_error(response, field)
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert body.count("<title>Error:") == 1
    assert "probity-draft-gift-or-hospitality" not in client.session


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"holder": "relative", "relative_relationship": ""},
            "relative_relationship",
            "related to you",
        ),
        ({"counterparty": ""}, "counterparty", "Enter the organisation"),
        (
            {"starts_on_0": "1", "starts_on_1": "1", "starts_on_2": "2099"},
            "starts_on",
            "today or in the past",
        ),
        (
            {"ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2025"},
            "ends_on",
            "same as or after the start date",
        ),
        (
            {"starts_on_0": "1", "starts_on_1": "1", "starts_on_2": "1066"},
            "starts_on",
            "must be after",
        ),
    ],
)
def test_bad_interest_input_is_refused_with_a_message(
    council: Council, changes: dict[str, str], field: str, message: str
) -> None:
    client = signed_in(council.officer)
    response = client.post(
        reverse("declarations:declare", kwargs={"slug": "interest"}), {**INTEREST_FORM, **changes}
    )
    assert response.status_code == 200
    assert message in field_error(response, field)


def test_a_relatives_interest_records_the_relationship(council: Council) -> None:
    client = signed_in(council.officer)
    data = {**INTEREST_FORM, "holder": "relative", "relative_relationship": "Brother"}
    check_url = client.post(reverse("declarations:declare", kwargs={"slug": "interest"}), data)[
        "Location"
    ]
    token = client.get(check_url).context["token"]
    client.post(check_url, {"submission_token": token})
    assert InterestVersion.objects.get().relative_relationship == "Brother"


def test_a_forged_correction_of_someone_elses_entry_is_refused(council: Council) -> None:
    declaration = services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    url = reverse("declarations:correct", kwargs={"reference": declaration.reference})
    data = {**GIFT_FORM, "change_reason": "forged"}
    assert signed_in(council.manager).post(url, data).status_code == 403
    assert signed_in(council.stranger).post(url, data).status_code == 404
    assert GiftHospitalityVersion.objects.filter(declaration=declaration).count() == 1


def test_a_forged_review_by_someone_who_is_not_the_reviewer_is_refused(council: Council) -> None:
    declaration = services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    url = reverse("declarations:review", kwargs={"reference": declaration.reference})
    assert signed_in(council.auditor).post(url, {"decision": "note"}).status_code == 403
    assert signed_in(council.officer).post(url, {"decision": "note"}).status_code == 403
    assert signed_in(council.stranger).post(url, {"decision": "note"}).status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED


def test_the_manager_notes_a_declaration(council: Council) -> None:
    declaration = services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    client = signed_in(council.manager)
    review_list = client.get(reverse("declarations:review_list")).content.decode()
    assert declaration.reference in review_list
    url = reverse("declarations:review", kwargs={"reference": declaration.reference})
    assert client.post(url, {"decision": "refer"}).status_code == 200  # needs a comment and who
    response = client.post(url, {"decision": "note", "comment": ""})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.NOTED
    assert client.get(reverse("declarations:review_list")).context["rows"] == []


def test_correct_and_end_an_interest_through_the_pages(council: Council) -> None:
    declaration = services.interest_declare(
        actor=council.officer, facts=interest_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    client = signed_in(council.officer)
    correct_url = reverse("declarations:correct", kwargs={"reference": declaration.reference})
    form = client.get(correct_url)
    assert "Northgate Builders Ltd" in form.content.decode()
    data = {
        **INTEREST_FORM,
        "holder": "relative",
        "relative_relationship": "Spouse",
        "interest_type": "financial",
        "counterparty": "Northgate Construction Ltd",
        "change_reason": "The company changed its name.",
    }
    assert client.post(correct_url, data).status_code == 302
    end_url = reverse("declarations:end", kwargs={"reference": declaration.reference})
    assert (
        client.post(end_url, {"ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2027"}).status_code
        == 302
    )
    entry = client.get(
        reverse("registers:entry", kwargs={"reference": declaration.reference})
    ).content.decode()
    assert "Version 3" in entry and "Version 2" in entry and "Version 1" in entry
    assert "Northgate Builders Ltd" in entry  # the old version is still there
    assert "Tell us this has ended" not in entry


def test_ending_in_the_future_is_refused(council: Council) -> None:
    declaration = services.interest_declare(
        actor=council.officer, facts=interest_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    client = signed_in(council.officer)
    end_url = reverse("declarations:end", kwargs={"reference": declaration.reference})
    response = client.post(end_url, {"ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2030"})
    assert response.status_code == 200
    assert "today or in the past" in field_error(response, "ends_on")


def test_a_councillor_cannot_declare(council: Council) -> None:
    client = signed_in(council.councillor)
    response = client.post(
        reverse("declarations:declare", kwargs={"slug": "interest"}), INTEREST_FORM
    )
    assert response.status_code == 403


@pytest.mark.parametrize("form_class", [GiftForm, InterestForm])
def test_every_error_in_the_summary_links_to_an_input_that_exists(form_class: Any) -> None:
    import re

    from django.template import Context, Template

    form = form_class({"value": "x", "offered_on_0": "40"}, today=NOW.date())
    assert not form.is_valid()
    html = Template(
        "{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}"
    ).render(Context({"form": form}))
    targets = re.findall(r'<a href="#([^"]+)">', html)
    assert targets
    for target in targets:
        assert f'id="{target}"' in html, target
