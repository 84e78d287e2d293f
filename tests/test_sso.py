"""Single sign-on end to end, against a real OpenID Connect provider on the loopback
(``tests/oidc_provider``): real codes, real signed tokens, no mocks."""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from conftest import Council, signed_in
from probity.core.models import AuditEvent
from probity.people.sso_checks import single_sign_on_settings
from tests.oidc_provider.fixture import PASSWORD, Provider
from tests.test_startup import manage, production_env

STAFF_PASSWORD = "correct-horse-battery"  # the council fixture's accounts
# The callback: the session (read, and saved as the state is used up and again on signing in),
# one query for the people who match, the user, signing in and its audit event in the chain;
# the same however many people there are.
MAX_QUERIES = 25


def use(
    settings: SettingsWrapper, provider: Provider, client_id: str = "probity", **env: str
) -> None:
    for name, value in provider.settings(client_id, **env).items():
        setattr(settings, name, value)


def sign_in(client: Client, provider: Provider, username: str, *, next_url: str = "") -> Any:
    """Start at Probity, sign in at the provider, come back: Probity's last answer."""
    start = client.get(reverse("sso_start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    assert start["Location"].startswith(provider.issuer + "/authorize")
    callback = provider.sign_in(start["Location"], username)
    assert callback.startswith("http://testserver/accounts/sso/callback/?")
    return client.get(callback.removeprefix("http://testserver"))


def signed_in_user(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def no_tokens_in_the_audit_trail() -> None:
    for event in AuditEvent.objects.all():
        for text in (
            event.summary,
            event.subject,
            event.source,
            str(event.before),
            str(event.after),
        ):
            assert "eyJ" not in text, event.action


@pytest.fixture
def sso(settings: SettingsWrapper, oidc_provider: Provider) -> Provider:
    use(settings, oidc_provider)
    return oidc_provider


def test_a_person_signs_in_by_email_and_is_audited(
    sso: Provider,
    council: Council,
    caplog: pytest.LogCaptureFixture,
    django_assert_max_num_queries: Any,
) -> None:
    sso.add_person("o.fficer", email="OFFICER@example.org")
    client = Client()
    start = client.get(reverse("sso_start") + "?next=/declarations/")
    callback = sso.sign_in(start["Location"], "o.fficer").removeprefix("http://testserver")
    with caplog.at_level(logging.DEBUG), django_assert_max_num_queries(MAX_QUERIES):
        answer = client.get(callback)
    assert answer.status_code == 302
    assert answer["Location"] == "/declarations/"
    assert signed_in_user(client) == council.officer.user_id
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.filter(action="account.signed_in").get()
    assert event.target_id == str(council.officer.user_id)
    assert event.summary == "Signed in with the council account"
    no_tokens_in_the_audit_trail()
    for record in caplog.records:
        assert "eyJ" not in record.getMessage()


def test_a_person_signs_in_by_employee_number(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    use(
        settings,
        oidc_provider,
        PROBITY_OIDC_MATCH="employee_number",
        PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM="employeeid",
        PROBITY_OIDC_SCOPES="openid email profile employee",
    )
    council.manager.employee_number = "E-2041"
    council.manager.save()
    # The provider's address differs from Probity's: the number decides.
    oidc_provider.add_person("mgr", email="m.anager@elsewhere.example", employee_number="E-2041")
    client = Client()
    answer = sign_in(client, oidc_provider, "mgr")
    assert answer.status_code == 302
    assert signed_in_user(client) == council.manager.user_id


@pytest.mark.parametrize(
    ("who", "setup", "heading"),
    [
        ("nobody", "unknown", "Probity does not know you yet"),
        ("leaver", "left", "You cannot sign in after leaving the council"),
        ("noaccount", "no_account", "You do not have a Probity account yet"),
        ("unverified", "unverified", "Your email address has not been checked"),
    ],
)
def test_people_probity_cannot_sign_in_are_refused_and_never_created(
    sso: Provider, council: Council, who: str, setup: str, heading: str
) -> None:
    if setup == "unknown":
        sso.add_person(who, email="not.known@example.org")
    elif setup == "left":
        council.stranger.leaving_date = dt.date(2020, 1, 31)
        council.stranger.save()
        sso.add_person(who, email="stranger@example.org")
    elif setup == "no_account":
        from probity.people.tests.factories import PersonFactory

        PersonFactory.create(user=None, email="no.account@example.org")
        sso.add_person(who, email="no.account@example.org")
    else:
        sso.add_person(who, email="auditor@example.org", email_verified=False)
    users_before = User.objects.count()
    client = Client()
    answer = sign_in(client, sso, who)
    assert answer.status_code == 403
    assert heading in answer.content.decode()
    assert "You have not been signed in" in answer.content.decode()
    assert signed_in_user(client) is None
    assert User.objects.count() == users_before
    assert AuditEvent.objects.filter(action="account.sso_refused").count() == 1
    assert not AuditEvent.objects.filter(action="account.signed_in").exists()
    no_tokens_in_the_audit_trail()


def test_an_expired_id_token_is_refused(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    use(settings, oidc_provider, "probity-expired")
    oidc_provider.add_person("late", email="officer@example.org")
    client = Client()
    answer = sign_in(client, oidc_provider, "late")
    assert answer.status_code == 403
    assert "Your sign-in took too long" in answer.content.decode()
    assert signed_in_user(client) is None
    event = AuditEvent.objects.get(action="account.sso_refused")
    assert event.subject == "token_expired"


def test_a_token_altered_in_flight_is_refused(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    # The provider's answer is changed on the way to name the Monitoring Officer.
    council.mo.employee_number = "MO-1"
    council.mo.save()
    use(settings, oidc_provider, "probity-tampered")
    oidc_provider.add_person("mallory", email="officer@example.org")
    client = Client()
    answer = sign_in(client, oidc_provider, "mallory")
    assert answer.status_code == 403
    assert "Your sign-in could not be checked" in answer.content.decode()
    assert signed_in_user(client) is None
    assert AuditEvent.objects.get(action="account.sso_refused").subject == "token_invalid"


def test_a_code_brought_to_another_browser_or_used_twice_is_refused(
    sso: Provider, council: Council
) -> None:
    sso.add_person("o.fficer", email="officer@example.org")
    victim, attacker = Client(), Client()
    start = attacker.get(reverse("sso_start"))
    callback = sso.sign_in(start["Location"], "o.fficer").removeprefix("http://testserver")
    # The state belongs to the attacker's session, not the victim's.
    answer = victim.get(callback)
    assert answer.status_code == 403
    assert "Your sign-in could not be finished" in answer.content.decode()
    assert signed_in_user(victim) is None
    # A made-up state is refused the same way.
    code = parse_qs(urlsplit(callback).query)["code"][0]
    assert (
        attacker.get(reverse("sso_callback"), {"code": code, "state": "made-up"}).status_code == 403
    )
    assert signed_in_user(attacker) is None
    assert AuditEvent.objects.filter(action="account.sso_refused", subject="state").count() == 2


def test_the_provider_saying_no_is_refused(sso: Provider, council: Council) -> None:
    client = Client()
    client.get(reverse("sso_start"))
    answer = client.get(reverse("sso_callback"), {"error": "access_denied", "state": "x"})
    assert answer.status_code == 403
    assert "Your council account did not sign you in" in answer.content.decode()


def test_signing_out_also_signs_out_at_the_provider(sso: Provider, council: Council) -> None:
    sso.add_person("o.fficer", email="officer@example.org")
    client = Client()
    sign_in(client, sso, "o.fficer")
    assert signed_in_user(client) == council.officer.user_id
    answer = client.post(reverse("logout"))
    assert answer.status_code == 302
    assert signed_in_user(client) is None
    location = answer["Location"]
    assert location.startswith(sso.issuer + "/end-session?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert "id_token_hint" in query
    # The provider accepts it and sends the person back to Probity's sign-in page.
    back = requests.get(location, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    assert back.headers["Location"] == "http://testserver/accounts/login/"
    assert AuditEvent.objects.filter(action="account.signed_out").count() == 1


def test_a_password_sign_in_signs_out_only_here(sso: Provider, council: Council) -> None:
    client = signed_in(council.officer)
    answer = client.post(reverse("logout"))
    assert answer["Location"] == reverse("login")


def test_the_sign_in_page_offers_the_council_account(sso: Provider, council: Council) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page
    assert 'name="password"' in page
    assert "Emergency sign-in" not in page


def test_with_password_sign_in_off_only_the_monitoring_officer_uses_a_password(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    use(settings, oidc_provider, PROBITY_PASSWORD_SIGNIN="off")
    assert settings.PROBITY_PASSWORD_SIGNIN is False
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page
    assert 'name="password"' not in page
    assert reverse("emergency_sign_in") in page
    # The password form is gone, and posting to it anyway is refused.
    answer = client.post(reverse("login"), {"username": "officer", "password": STAFF_PASSWORD})
    assert answer.status_code == 403
    assert signed_in_user(client) is None
    # The emergency page: a right password is not enough for everyone else...
    emergency = reverse("emergency_sign_in")
    answer = client.post(emergency, {"username": "officer", "password": STAFF_PASSWORD})
    assert answer.status_code == 200
    assert "Please enter a correct username and password" in answer.content.decode()
    assert signed_in_user(client) is None
    assert AuditEvent.objects.filter(action="account.emergency_sign_in_refused").count() == 1
    # ...but the Monitoring Officer and the deputy get in, and it is audited.
    for person in (council.mo, council.deputy):
        assert person.user is not None
        visitor = Client()
        answer = visitor.post(
            emergency, {"username": person.user.username, "password": STAFF_PASSWORD}
        )
        assert answer.status_code == 302
        assert signed_in_user(visitor) == person.user_id
    events = AuditEvent.objects.filter(action="account.signed_in")
    assert {e.summary for e in events} == {"Signed in on the emergency sign-in page"}
    # A superuser without an office too (the person who installed Probity).
    User.objects.create_superuser("admin", password=STAFF_PASSWORD)
    visitor = Client()
    visitor.post(emergency, {"username": "admin", "password": STAFF_PASSWORD})
    assert signed_in_user(visitor) is not None


def test_the_emergency_page_keeps_the_lockout(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    use(settings, oidc_provider, PROBITY_PASSWORD_SIGNIN="off")
    emergency = reverse("emergency_sign_in")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(emergency, {"username": "mo", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    assert AccessAttempt.objects.filter(username="mo").exists()
    client = Client()
    answer = client.post(
        emergency, {"username": "mo", "password": STAFF_PASSWORD}, REMOTE_ADDR="10.9.9.8"
    )
    assert "You cannot sign in at the moment" in answer.content.decode()
    assert signed_in_user(client) is None


def test_a_refused_sign_on_does_not_lock_the_address(sso: Provider, council: Council) -> None:
    sso.add_person("nobody", email="not.known@example.org")
    for _ in range(6):
        assert sign_in(Client(), sso, "nobody").status_code == 403
    sso.add_person("o.fficer", email="officer@example.org")
    client = Client()
    sign_in(client, sso, "o.fficer")
    assert signed_in_user(client) == council.officer.user_id


def test_an_unreachable_provider_is_explained(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    use(settings, oidc_provider)
    oidc_provider.add_person("o.fficer", email="officer@example.org")
    client = Client()
    start = client.get(reverse("sso_start"))
    callback = oidc_provider.sign_in(start["Location"], "o.fficer")
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    answer = client.get(callback.removeprefix("http://testserver"))
    assert answer.status_code == 403
    assert "The sign-in service is not answering" in answer.content.decode()


@pytest.mark.parametrize(
    ("persona", "start", "callback"),
    [("anonymous", 302, 403), ("officer", 302, 403), ("mo", 302, 403)],
)
def test_the_sso_pages_with_sso_on(
    sso: Provider, council: Council, persona: str, start: int, callback: int
) -> None:
    client = Client() if persona == "anonymous" else signed_in(getattr(council, persona))
    answer = client.get(reverse("sso_start"))
    assert answer.status_code == start
    if persona != "anonymous":
        assert answer["Location"] == reverse("home")
    assert client.get(reverse("sso_callback")).status_code == callback


def test_the_check_stops_start_up_on_a_missing_endpoint(
    sso: Provider, settings: SettingsWrapper
) -> None:
    assert single_sign_on_settings(None) == []
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    errors = single_sign_on_settings(None)
    assert [e.msg for e in errors] == [
        "Single sign-on is on (PROBITY_OIDC_CLIENT_ID is set) but PROBITY_OIDC_TOKEN_ENDPOINT is not."
    ]


def test_sso_settings_reads_the_providers_configuration(oidc_provider: Provider) -> None:
    out = io.StringIO()
    call_command("sso_settings", oidc_provider.issuer, stdout=out)
    lines = out.getvalue().splitlines()
    assert f"PROBITY_OIDC_ISSUER={oidc_provider.issuer}" in lines
    assert f"PROBITY_OIDC_TOKEN_ENDPOINT={oidc_provider.issuer}/token" in lines
    assert f"PROBITY_OIDC_JWKS_URI={oidc_provider.issuer}/jwks" in lines
    assert f"PROBITY_OIDC_LOGOUT_ENDPOINT={oidc_provider.issuer}/end-session" in lines
    assert PASSWORD not in out.getvalue()


def test_a_token_from_another_issuer_is_refused(
    settings: SettingsWrapper, oidc_provider: Provider, council: Council
) -> None:
    use(settings, oidc_provider, PROBITY_OIDC_ISSUER="https://login.example.net/other")
    oidc_provider.add_person("o.fficer", email="officer@example.org")
    client = Client()
    answer = sign_in(client, oidc_provider, "o.fficer")
    assert answer.status_code == 403
    assert signed_in_user(client) is None
    assert AuditEvent.objects.get(action="account.sso_refused").subject == "token_invalid"


def test_start_up_stops_when_single_sign_on_is_half_set_up(oidc_provider: Provider) -> None:
    half = production_env(PROBITY_OIDC_CLIENT_ID="probity", PROBITY_PASSWORD_SIGNIN="off")
    result = manage(half, "check")
    assert result.returncode != 0
    assert "PROBITY_OIDC_TOKEN_ENDPOINT is not" in result.stderr
    assert "PROBITY_OIDC_JWKS_URI is not" in result.stderr
    whole = production_env(**oidc_provider.environ(PROBITY_PASSWORD_SIGNIN="off"))
    result = manage(whole, "check")
    assert result.returncode == 0, result.stderr
