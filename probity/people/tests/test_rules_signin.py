"""Table tests for who a single sign-on is for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from probity.people.signin_rules import (
    MATCH_EMAIL,
    MATCH_EMPLOYEE_NUMBER,
    Candidate,
    Refusal,
    claimed_identity,
    decide_sign_in,
)
from probity.people.sso_config import sso_problems, sso_settings

TODAY = dt.date(2027, 3, 15)


def person(
    person_id: int,
    *,
    email: str = "",
    number: str | None = None,
    user_id: int | None = -1,
    active: bool = True,
    leaving: dt.date | None = None,
) -> Candidate:
    return Candidate(
        person_id=person_id,
        user_id=person_id * 10 if user_id == -1 else user_id,
        user_active=active,
        email=email,
        employee_number=number,
        leaving_date=leaving,
    )


ANNA = person(1, email="Anna.Smith@Example.org", number="E100")
ANNA_LEFT = person(2, email="anna.smith@example.org", number="E050", leaving=dt.date(2024, 1, 31))
BEN = person(3, email="ben@example.org", number="E200")
BEN_TWIN = person(4, email="BEN@example.org", number="E201")
NO_ACCOUNT = person(5, email="carl@example.org", number="E300", user_id=None)
DISABLED = person(6, email="dee@example.org", number="E400", active=False)
LEAVER = person(7, email="eve@example.org", number="E500", leaving=dt.date(2027, 3, 14))
LAST_DAY = person(8, email="fay@example.org", number="E600", leaving=TODAY)
NO_EMAIL = person(9, email="", number="E700")


@pytest.mark.parametrize(
    ("claims", "candidates", "user_id", "refusal"),
    [
        # Email compared without regard to case or surrounding spaces.
        ({"email": " anna.smith@EXAMPLE.org "}, [ANNA], 10, None),
        # A rehired person: the old record has left, the current one signs in.
        ({"email": "anna.smith@example.org"}, [ANNA_LEFT, ANNA], 10, None),
        ({"email": "nobody@example.org"}, [ANNA, BEN], None, Refusal.UNKNOWN),
        ({"email": "ben@example.org"}, [BEN, BEN_TWIN], None, Refusal.AMBIGUOUS),
        ({"email": "carl@example.org"}, [NO_ACCOUNT], None, Refusal.NO_ACCOUNT),
        ({"email": "dee@example.org"}, [DISABLED], None, Refusal.ACCOUNT_DISABLED),
        ({"email": "eve@example.org"}, [LEAVER], None, Refusal.LEFT),
        ({"email": "fay@example.org"}, [LAST_DAY], 80, None),
        ({}, [ANNA], None, Refusal.NO_CLAIM),
        ({"email": ""}, [NO_EMAIL], None, Refusal.NO_CLAIM),
        ({"email": ["anna.smith@example.org"]}, [ANNA], None, Refusal.NO_CLAIM),
        # The provider says the address is not verified: refused, even for a known person.
        (
            {"email": "ben@example.org", "email_verified": False},
            [BEN],
            None,
            Refusal.EMAIL_NOT_VERIFIED,
        ),
        (
            {"email": "ben@example.org", "email_verified": "false"},
            [BEN],
            None,
            Refusal.EMAIL_NOT_VERIFIED,
        ),
        ({"email": "ben@example.org", "email_verified": True}, [BEN], 30, None),
        ({"email": "ben@example.org", "email_verified": "true"}, [BEN], 30, None),
        # The employee number claim is ignored when matching by email.
        ({"email": "nobody@example.org", "employee_number": "E200"}, [BEN], None, Refusal.UNKNOWN),
    ],
)
def test_matching_by_email(
    claims: dict[str, Any], candidates: list[Candidate], user_id: int | None, refusal: Refusal
) -> None:
    decision = decide_sign_in(
        claims,
        candidates,
        match=MATCH_EMAIL,
        email_claim="email",
        number_claim="employee_number",
        today=TODAY,
    )
    assert decision.user_id == user_id
    assert decision.refusal == refusal
    assert decision.accepted is (refusal is None)


@pytest.mark.parametrize(
    ("claims", "candidates", "user_id", "refusal"),
    [
        ({"employeeid": "E100"}, [ANNA], 10, None),
        ({"employeeid": " E100 "}, [ANNA], 10, None),
        # A number sent as a JSON number still matches.
        ({"employeeid": 700}, [person(11, number="700")], 110, None),
        # Numbers are compared exactly: e100 is not E100.
        ({"employeeid": "e100"}, [ANNA], None, Refusal.UNKNOWN),
        # Two records, one left: the current one.
        (
            {"employeeid": "E1"},
            [person(12, number="E1", leaving=dt.date(2020, 1, 1)), person(13, number="E1")],
            130,
            None,
        ),
        ({"employeeid": "E500"}, [LEAVER], None, Refusal.LEFT),
        ({"employeeid": "E300"}, [NO_ACCOUNT], None, Refusal.NO_ACCOUNT),
        # The email claim plays no part, and an unverified email does not matter.
        ({"employeeid": "E200", "email": "x@y", "email_verified": False}, [BEN], 30, None),
        ({"email": "ben@example.org"}, [BEN], None, Refusal.NO_CLAIM),
        ({"employeeid": True}, [BEN], None, Refusal.NO_CLAIM),
        (
            {"employeeid": "E9"},
            [person(14, number=None), person(15, number="")],
            None,
            Refusal.UNKNOWN,
        ),
    ],
)
def test_matching_by_employee_number(
    claims: dict[str, Any], candidates: list[Candidate], user_id: int | None, refusal: Refusal
) -> None:
    decision = decide_sign_in(
        claims,
        candidates,
        match=MATCH_EMPLOYEE_NUMBER,
        email_claim="email",
        number_claim="employeeid",
        today=TODAY,
    )
    assert decision.user_id == user_id
    assert decision.refusal == refusal


def test_two_leavers_with_one_address_are_told_they_left() -> None:
    old = person(20, email="gus@example.org", leaving=dt.date(2020, 1, 1))
    older = person(21, email="gus@example.org", leaving=dt.date(2019, 1, 1))
    decision = decide_sign_in(
        {"email": "gus@example.org"},
        [old, older],
        match=MATCH_EMAIL,
        email_claim="email",
        number_claim="n",
        today=TODAY,
    )
    assert decision.refusal == Refusal.LEFT
    assert decision.person_id is None


def test_the_identity_is_what_was_matched_on() -> None:
    assert (
        claimed_identity({"upn": "A@B.org"}, match=MATCH_EMAIL, email_claim="upn", number_claim="n")
        == "a@b.org"
    )
    assert (
        claimed_identity({"n": 42}, match=MATCH_EMPLOYEE_NUMBER, email_claim="e", number_claim="n")
        == "42"
    )


ENTRA = {
    "PROBITY_OIDC_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
    "PROBITY_OIDC_CLIENT_SECRET": "a secret",
    "PROBITY_OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
    "PROBITY_OIDC_AUTHORIZATION_ENDPOINT": "https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize",
    "PROBITY_OIDC_TOKEN_ENDPOINT": "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
    "PROBITY_OIDC_JWKS_URI": "https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
}


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({}, []),
        ({"PROBITY_OIDC_TOKEN_ENDPOINT": ""}, ["PROBITY_OIDC_TOKEN_ENDPOINT is not"]),
        ({"PROBITY_OIDC_JWKS_URI": " "}, ["PROBITY_OIDC_JWKS_URI is not"]),
        ({"PROBITY_OIDC_ISSUER": ""}, ["PROBITY_OIDC_ISSUER is not"]),
        ({"PROBITY_OIDC_CLIENT_SECRET": ""}, ["PROBITY_OIDC_CLIENT_SECRET is not"]),
        ({"PROBITY_OIDC_MATCH": "name"}, ["PROBITY_OIDC_MATCH is 'name'"]),
        ({"PROBITY_OIDC_SIGN_ALGO": "HS256"}, ["PROBITY_OIDC_SIGN_ALGO is 'HS256'"]),
        ({"PROBITY_OIDC_SCOPES": "email profile"}, ["does not ask for openid"]),
        ({"PROBITY_OIDC_USERINFO_ENDPOINT": "graph/oidc"}, ["not a web address"]),
        ({"PROBITY_PASSWORD_SIGNIN": "maybe"}, ["PROBITY_PASSWORD_SIGNIN is 'maybe'"]),
        ({"PROBITY_OIDC_USE_PKCE": "perhaps"}, ["PROBITY_OIDC_USE_PKCE is 'perhaps'"]),
        # Without single sign-on, password sign-in cannot be off: nobody could sign in.
        ({"PROBITY_OIDC_CLIENT_ID": "", "PROBITY_PASSWORD_SIGNIN": "off"}, ["not set up"]),
        ({"PROBITY_OIDC_CLIENT_ID": ""}, []),
    ],
)
def test_the_settings_check_names_what_is_wrong(
    changes: dict[str, str], problems: list[str]
) -> None:
    found = sso_problems(sso_settings({**ENTRA, **changes}))
    assert len(found) == len(problems), found
    for (message, _hint), expected in zip(found, problems, strict=True):
        assert expected in message


def test_settings_from_the_environment() -> None:
    values = sso_settings({**ENTRA, "PROBITY_PASSWORD_SIGNIN": "off"})
    assert values["PROBITY_SSO_ENABLED"] is True
    assert values["PROBITY_PASSWORD_SIGNIN"] is False
    assert values["OIDC_CREATE_USER"] is False
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert values["OIDC_USE_PKCE"] is True
    assert values["PROBITY_OIDC_MATCH"] == "email"
    off = sso_settings({"PROBITY_PASSWORD_SIGNIN": "off"})
    assert off["PROBITY_SSO_ENABLED"] is False
    # Password sign-in stays on without single sign-on, whatever the variable says.
    assert off["PROBITY_PASSWORD_SIGNIN"] is True
    assert "OIDC_RP_CLIENT_ID" not in off
