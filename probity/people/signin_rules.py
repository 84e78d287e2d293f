"""Who a single sign-on is for: pure rules over the provider's claims and the people who might
match them. No database, no clock, no settings: the caller passes all of it in.

Nobody is ever created from a sign-on. The person must already be known, by their work email
(compared without regard to case) or by their employee number, must have an account, must not
have left, and must be the only one who matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MATCH_EMAIL = "email"
MATCH_EMPLOYEE_NUMBER = "employee_number"


class Refusal(StrEnum):
    NO_CLAIM = "no_claim"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    NO_ACCOUNT = "no_account"
    ACCOUNT_DISABLED = "account_disabled"
    LEFT = "left"


@dataclass(frozen=True)
class Candidate:
    """What the rules need to know about one person who might be the one signing in."""

    person_id: int
    user_id: int | None
    user_active: bool
    email: str
    employee_number: str | None
    leaving_date: dt.date | None


@dataclass(frozen=True)
class Decision:
    """Either a user to sign in, or the reason for refusing; ``identity`` is what was matched on
    (an email address or an employee number), for the audit trail."""

    identity: str
    user_id: int | None = None
    person_id: int | None = None
    refusal: Refusal | None = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None and self.user_id is not None


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def normalise_number(value: str) -> str:
    return value.strip()


def claimed_identity(
    claims: Mapping[str, Any], *, match: str, email_claim: str, number_claim: str
) -> str:
    """The email address or employee number the claims carry, normalised; "" when absent."""
    value = claims.get(email_claim if match == MATCH_EMAIL else number_claim)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    text = str(value)
    return normalise_email(text) if match == MATCH_EMAIL else normalise_number(text)


def _email_unverified(claims: Mapping[str, Any]) -> bool:
    """True only when the provider says the email is not verified (many, Entra ID among them,
    do not send the claim at all; its absence is not a refusal)."""
    if "email_verified" not in claims:
        return False
    value = claims["email_verified"]
    if isinstance(value, str):
        return value.strip().lower() not in {"true", "1", "yes"}
    return value is not True


def has_left(candidate: Candidate, *, today: dt.date) -> bool:
    """A leaver may still sign in on their last day, not after it."""
    return candidate.leaving_date is not None and candidate.leaving_date < today


def decide_sign_in(
    claims: Mapping[str, Any],
    candidates: Iterable[Candidate],
    *,
    match: str,
    email_claim: str,
    number_claim: str,
    today: dt.date,
) -> Decision:
    """Decide whom ``claims`` sign in, from ``candidates`` (people the caller found by the same
    identity; any that do not match are ignored)."""
    identity = claimed_identity(
        claims, match=match, email_claim=email_claim, number_claim=number_claim
    )
    if not identity:
        return Decision(identity="", refusal=Refusal.NO_CLAIM)
    if match == MATCH_EMAIL and _email_unverified(claims):
        return Decision(identity=identity, refusal=Refusal.EMAIL_NOT_VERIFIED)
    if match == MATCH_EMAIL:
        matches = [c for c in candidates if c.email and normalise_email(c.email) == identity]
    else:
        matches = [
            c
            for c in candidates
            if c.employee_number and normalise_number(c.employee_number) == identity
        ]
    if not matches:
        return Decision(identity=identity, refusal=Refusal.UNKNOWN)
    # Someone who left and came back may have two records: the current one is theirs.
    current = [c for c in matches if not has_left(c, today=today)]
    if not current:
        person_id = matches[0].person_id if len(matches) == 1 else None
        return Decision(identity=identity, person_id=person_id, refusal=Refusal.LEFT)
    if len(current) > 1:
        return Decision(identity=identity, refusal=Refusal.AMBIGUOUS)
    person = current[0]
    if person.user_id is None:
        return Decision(identity=identity, person_id=person.person_id, refusal=Refusal.NO_ACCOUNT)
    if not person.user_active:
        return Decision(
            identity=identity, person_id=person.person_id, refusal=Refusal.ACCOUNT_DISABLED
        )
    return Decision(identity=identity, user_id=person.user_id, person_id=person.person_id)
