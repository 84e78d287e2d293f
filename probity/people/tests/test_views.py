"""Signing in and out, password reset, and the demo accounts on the sign-in page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import reverse

from conftest import Council

pytestmark = pytest.mark.django_db


def test_sign_in_with_a_wrong_password_shows_an_error_and_signs_in_with_the_right_one(
    council: Council,
) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(
        reverse("login"), {"username": "officer", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_signing_out_needs_a_post_and_ends_the_session(council: Council) -> None:
    client = Client()
    client.force_login(council.officer.user)  # type: ignore[arg-type]
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("declarations:mine")).status_code == 302
    assert "app-header__sign-in" in client.get(reverse("home")).content.decode()  # start page


@override_settings(PROBITY_DEMO=False)
def test_the_demo_accounts_are_not_listed_outside_demo_mode(council: Council) -> None:
    body = Client().get(reverse("login")).content.decode()
    assert "Demo accounts" not in body
    assert "probity-demo" not in body


@override_settings(PROBITY_DEMO=True)
def test_the_demo_accounts_are_listed_in_demo_mode(council: Council) -> None:
    body = Client().get(reverse("login")).content.decode()
    assert "Demo accounts" in body
    assert "probity-demo" in body
    assert "head-of-service" in body


def test_password_reset_by_email(council: Council, django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": council.officer.user.email})  # type: ignore[union-attr]
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a-much-longer-password-2027",
            "new_password2": "a-much-longer-password-2027",
        },
    )
    assert done.status_code == 302
    assert client.login(
        request=HttpRequest(), username="officer", password="a-much-longer-password-2027"
    )


def test_password_reset_does_not_reveal_whether_an_address_exists(council: Council) -> None:
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_an_account_with_no_person_record_is_refused(db: None) -> None:
    from django.contrib.auth.models import User

    user = User.objects.create_user(username="orphan", password="x")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 403
