"""The anonymous reporter as a persona of their own, beside the access matrix.

They hold a case key and password, not an account: with both they reach their case page and
nothing else. Every concern URL is asked by them (with the case cookie the follow-up page gives)
and by a signed-out visitor with a forged or stale cookie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import Council
from probity.concerns import reporter_session
from probity.concerns.models import Concern
from probity.concerns.services import Attachment, Report, concern_report
from probity.core import clock
from tests.test_access_matrix import MATRIX_TIME

PASSWORD = "a long reporter password"
NOW = dt.datetime(2027, 3, 2, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    cache.clear()
    with clock.frozen(MATRIX_TIME):
        yield


def _report(council: Council) -> tuple[Concern, str]:
    return concern_report(
        report=Report(
            kind="fraud",
            recipient="monitoring_officer",
            what="Something improper",
            when="Last week",
            who="",
            anonymous=True,
            password=PASSWORD,
            attachments=(Attachment("a.pdf", b"%PDF-1.4\n", "application/pdf", "pdf"),),
        ),
        signed_in=None,
        now=NOW,
    )


def _reporter(key: str) -> Client:
    client = Client()
    response = client.post(reverse("concerns:follow_up"), {"key": key, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_the_anonymous_reporter_reaches_their_case_and_nothing_else(council: Council) -> None:
    concern, key = _report(council)
    reporter = _reporter(key)
    ref = {"reference": concern.reference}
    expected = {
        reverse("concerns:report"): 200,
        reverse("concerns:follow_up"): 200,
        reverse("concerns:case"): 200,
        reverse("concerns:case_sign_out"): 405,
        reverse("concerns:list"): 302,
        reverse("concerns:counts"): 302,
        reverse("concerns:detail", kwargs=ref): 302,
        reverse("concerns:act", kwargs={**ref, "action": "message"}): 302,
        reverse("concerns:file", kwargs={**ref, "file_id": concern.files.get().pk}): 302,
        reverse("concerns:breach_list"): 302,
        reverse("concerns:breach_new"): 302,
        reverse("home"): 200,  # the public start page
        reverse("declarations:mine"): 302,
        reverse("registers:index"): 302,
    }
    for url, status in expected.items():
        assert reporter.get(url).status_code == status, url
    case_page = reporter.get(reverse("concerns:case")).content.decode()
    assert "Something improper" not in case_page  # the report itself is not shown back


@pytest.mark.django_db
def test_a_forged_or_other_cookie_opens_nothing(council: Council) -> None:
    concern, _ = _report(council)
    other, _ = _report(council)
    visitor = Client()
    visitor.cookies[reporter_session.COOKIE] = str(concern.pk)  # unsigned
    assert visitor.get(reverse("concerns:case")).status_code == 302
    signed = Client()
    response = signed.post(
        reverse("concerns:follow_up"), {"key": "wrong" * 9, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert reporter_session.COOKIE not in response.cookies
    # A cookie from another purpose's signature does not pass either.
    from django.core import signing

    forged = signing.get_cookie_signer(salt="other" + reporter_session.COOKIE).sign(str(other.pk))
    visitor.cookies[reporter_session.COOKIE] = forged
    assert visitor.get(reverse("concerns:case")).status_code == 302


@pytest.mark.django_db
def test_the_case_cookie_is_strict_and_short(council: Council) -> None:
    _, key = _report(council)
    client = Client()
    response = client.post(reverse("concerns:follow_up"), {"key": key, "password": PASSWORD})
    cookie = response.cookies[reporter_session.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/report-a-concern/"
    assert int(cookie["max-age"]) == 30 * 60
