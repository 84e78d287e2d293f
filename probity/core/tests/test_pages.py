"""Pages any visitor meets: the start page, the status page, the 500 page, refused requests."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory

from conftest import Council, signed_in
from probity.core.views import server_error


@pytest.mark.django_db
def test_signed_out_visitors_get_a_start_page_with_the_code_and_sign_in() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Declare gifts, hospitality and interests" in html
    assert 'href="/accounts/login/"' in html
    assert 'href="/code/"' in html
    assert "Sign in" in html


def test_signed_in_people_get_their_home_page(council: Council) -> None:
    response = signed_in(council.officer).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hello," in html
    assert "app-header__sign-in" not in html


@pytest.mark.django_db
def test_public_pages_have_a_sign_in_link_in_the_header_except_the_sign_in_page() -> None:
    code = Client().get("/code/").content.decode()
    assert (
        'class="govuk-header__link app-header__sign-in" href="/accounts/login/?next=/code/"' in code
    )
    login = Client().get("/accounts/login/").content.decode()
    assert "app-header__sign-in" not in login


@pytest.mark.django_db
def test_the_footer_links_to_a_status_page_for_people_not_raw_json() -> None:
    html = Client().get("/").content.decode()
    assert 'href="/status/"' in html
    assert 'href="/healthz"' not in html
    status = Client().get("/status/")
    assert status.status_code == 200
    assert "the database is answering" in status.content.decode()


def test_the_500_page_renders_without_a_user_or_database_and_says_nothing_was_saved() -> None:
    """Not marked django_db: any database access here would fail the test."""
    request = RequestFactory().post(
        "/declare/gift-or-hospitality/", HTTP_REFERER="http://testserver/declare/"
    )
    response = server_error(request)  # no session, no user, no database access allowed
    assert response.status_code == 500
    html = response.content.decode()
    assert "your answers have not been saved" in html
    assert 'class="govuk-header"' in html
    assert 'href="http://testserver/declare/"' in html  # the way back
    assert 'href="/"' in html


def test_the_500_page_ignores_a_way_back_to_another_site() -> None:
    request = RequestFactory().get("/", HTTP_REFERER="https://elsewhere.example/")
    assert "elsewhere.example" not in server_error(request).content.decode()


def test_refused_requests_are_logged_on_one_line(
    council: Council, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="django.request")
    assert signed_in(council.officer).get("/registers/no-such-register/").status_code == 404
    assert signed_in(council.officer).get("/settings/").status_code == 403
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert {getattr(r, "status_code", None) for r in refused} >= {403, 404}
    assert all(r.exc_info is None and not r.exc_text for r in refused)
