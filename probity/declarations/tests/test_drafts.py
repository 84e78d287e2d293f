"""Answers kept between a form and its "check your answers" page: only the form's own fields,
within a size limit, and sealed for special-category kinds."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.declarations import drafts
from probity.declarations.models import Declaration
from probity.declarations.tests.test_views import INTEREST_FORM, NOW

pytestmark = pytest.mark.django_db

CLOSED_FORM = {
    "organisation": "The Order of the Lantern",
    "role": "",
    "joined_on_0": "1",
    "joined_on_1": "4",
    "joined_on_2": "2015",
    "left_on_0": "",
    "left_on_1": "",
    "left_on_2": "",
}


@pytest.fixture(autouse=True)
def frozen_clock() -> object:
    with clock.frozen(NOW):
        yield


def stored_session(client: object) -> str:
    """The session as the database holds it (decoded from its signed form)."""
    key = client.cookies["sessionid"].value  # type: ignore[attr-defined]
    return json.dumps(Session.objects.get(session_key=key).get_decoded())


def test_only_the_forms_own_fields_are_kept(council: Council) -> None:
    client = signed_in(council.officer)
    url = reverse("declarations:declare", kwargs={"slug": "interest"})
    client.post(url, {**INTEREST_FORM, "junk": "x" * 1000, "is_admin": "yes"})
    stored = stored_session(client)
    assert "Riverside Food Bank" in stored
    assert "junk" not in stored
    assert "is_admin" not in stored
    assert "csrfmiddlewaretoken" not in stored


def test_answers_that_are_too_large_are_refused_not_stored(
    council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every field has its own limit; the draft's limit is a second wall behind them.
    monkeypatch.setattr(drafts, "MAX_DRAFT_BYTES", 300)
    client = signed_in(council.officer)
    url = reverse("declarations:declare", kwargs={"slug": "interest"})
    response = client.post(url, {**INTEREST_FORM, "description": "I am a trustee. " * 20})
    assert response.status_code == 200
    assert "Your answers are too long" in response.content.decode()
    assert "probity-draft-interest" not in stored_session(client)


def test_a_closed_organisation_draft_is_never_in_the_session_as_plain_text(
    council: Council,
) -> None:
    client = signed_in(council.officer)
    url = reverse("declarations:declare", kwargs={"slug": "closed-organisation"})
    check_url = client.post(url, CLOSED_FORM)["Location"]
    assert "Lantern" not in stored_session(client)
    check = client.get(check_url)
    assert "The Order of the Lantern" in check.content.decode()
    sent = client.post(check_url, {"submission_token": check.context["token"]})
    assert sent.status_code == 302
    assert Declaration.objects.filter(kind="closed_organisation").count() == 1
    assert "Lantern" not in stored_session(client)
