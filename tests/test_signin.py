"""Sign-in: lockout and unlock, audited sign-ins and resets, throttled resets, password rules,
the idle timeout, and where a request came from."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from conftest import Council, signed_in
from probity.core.http import client_address
from probity.core.middleware import LAST_SEEN_KEY
from probity.core.models import AuditEvent
from probity.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_many_wrong_passwords_lock_the_account_even_against_the_right_one(
    council: Council,
) -> None:
    client = Client()
    for _ in range(50):
        sign_in(client, "officer", "wrong")
    response = sign_in(client, "officer", RIGHT)
    assert response.status_code == 429
    page = response.content.decode()
    assert "You cannot sign in at the moment" in page
    assert "30 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_another_address_too(council: Council) -> None:
    for n in range(5):
        sign_in(Client(), "officer", "wrong", address=f"10.0.1.{n}")
    assert sign_in(Client(), "officer", RIGHT, address="10.0.2.1").status_code == 429


def test_an_address_is_locked_whatever_account_it_tries(council: Council) -> None:
    for name in ("officer", "manager", "head", "mo", "deputy"):
        sign_in(Client(), name, "wrong", address="10.9.9.9")
    assert sign_in(Client(), "auditor", RIGHT, address="10.9.9.9").status_code == 429
    assert sign_in(Client(), "auditor", RIGHT, address="10.9.9.8").status_code == 302


def test_the_monitoring_officer_unlocks_an_account(council: Council) -> None:
    for _ in range(6):
        sign_in(Client(), "officer", "wrong")
    mo = signed_in(council.mo)
    page = mo.get(reverse("people:lockouts")).content.decode()
    assert "<code>officer</code>" in page
    assert "<code>10.0.0.1</code>" in page
    mo.post(reverse("people:lockout_lift"), {"kind": "account", "value": "officer"})
    mo.post(reverse("people:lockout_lift"), {"kind": "address", "value": "10.0.0.1"})
    assert "No account or address is locked" in mo.get(reverse("people:lockouts")).content.decode()
    assert sign_in(Client(), "officer", RIGHT).status_code == 302
    assert AuditEvent.objects.filter(action="account.unlocked").count() == 2


def test_sign_in_failure_and_sign_out_are_audited_with_the_address(council: Council) -> None:
    client = Client()
    sign_in(client, "officer", "wrong", address="10.1.1.1")
    sign_in(client, "nobody-at-all", "wrong", address="10.1.1.1")
    sign_in(client, "officer", RIGHT, address="10.1.1.1")
    client.post(reverse("logout"), REMOTE_ADDR="10.1.1.1")
    events = list(AuditEvent.objects.filter(action__startswith="account.").order_by("seq"))
    assert [e.action for e in events] == [
        "account.sign_in_failed",
        "account.sign_in_failed",
        "account.signed_in",
        "account.signed_out",
    ]
    assert {e.source for e in events} == {"10.1.1.1"}
    assert events[0].actor_id == council.officer.user_id
    assert events[1].actor_id is None
    assert "nobody-at-all" not in events[1].summary


def test_reset_requests_are_throttled_and_answer_the_same_way(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    known = council.officer.user.email  # type: ignore[union-attr]
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in [known] * 5 + ["nobody@example.org"] * 5:
            response = Client().post(reverse("password_reset"), {"email": email})
            answers.append((response.status_code, response["Location"]))
    assert set(answers) == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="account.password_reset_requested").count() == 10
    assert not AuditEvent.objects.filter(summary__contains="example.org").exists()


def test_reset_requests_from_one_address_are_throttled(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            Client().post(
                reverse("password_reset"),
                {"email": f"someone{n}@example.org"},
                REMOTE_ADDR="10.3.3.3",
            )
        Client().post(
            reverse("password_reset"),
            {"email": council.officer.user.email},  # type: ignore[union-attr]
            REMOTE_ADDR="10.3.3.3",
        )
    assert len(mail.outbox) == 0


def test_a_password_like_the_persons_name_is_refused() -> None:
    person = make_person("staff0421", full_name="Karen Doyle")
    with pytest.raises(ValidationError, match="too like your name"):
        validate_password("karendoyle", user=person.user)
    user = User.objects.create(username="x1", first_name="Karen", last_name="Doyle")
    with pytest.raises(ValidationError):
        validate_password("KarenDoyle", user=user)
    validate_password("stable-orange-kettle-91", user=person.user)


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "staff0421x"], ids=str)
def test_the_other_password_rules_are_on(password: str) -> None:
    person = make_person("staff0421", full_name="Karen Doyle")
    with pytest.raises(ValidationError):
        validate_password(password, user=person.user)


def idle_for(client: Client, minutes: int) -> None:
    """Pretend the last request was ``minutes`` ago."""
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_an_idle_session_ends(council: Council) -> None:
    client = signed_in(council.officer)
    assert client.get("/").status_code == 200
    idle_for(client, 29)
    assert client.get("/").status_code == 200
    idle_for(client, 31)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="account.signed_out").get()
    assert event.summary == "Signed out after being idle"
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used Probity for 30 minutes" in page


def test_an_active_session_is_kept(council: Council) -> None:
    client = signed_in(council.officer)
    for _ in range(3):
        idle_for(client, 20)
        assert client.get("/").status_code == 200


@override_settings(PROBITY_IDLE_TIMEOUT_MINUTES=5)
def test_the_idle_timeout_is_configurable(council: Council) -> None:
    client = signed_in(council.officer)
    idle_for(client, 6)
    assert client.get("/").status_code == 302


def test_forwarded_for_is_ignored_without_a_trusted_proxy() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.9"


@override_settings(PROBITY_TRUSTED_PROXY_COUNT=1)
def test_forwarded_for_names_the_client_behind_a_trusted_proxy() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4"
    )
    assert client_address(request) == "1.2.3.4"


def test_a_password_reset_is_audited_and_refuses_the_persons_name(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": council.officer.user.email})  # type: ignore[union-attr]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    refused = client.post(
        form_url, {"new_password1": "officerofficer", "new_password2": "officerofficer"}
    )
    assert refused.status_code == 200
    assert not AuditEvent.objects.filter(action="account.password_reset").exists()
    done = client.post(
        form_url,
        {"new_password1": "stable-orange-kettle-91", "new_password2": "stable-orange-kettle-91"},
    )
    assert done.status_code == 302
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.actor_id == council.officer.user_id
