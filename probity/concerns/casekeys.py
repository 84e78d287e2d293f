"""Case keys for reporters who follow up without an account.

A case key is 32 random bytes, shown once. Only two things derived from it are stored: a keyed
hash (HMAC-SHA256 under a secret of the deployment) that finds the case without a scan, and a
slow salted hash (Django's password hasher) that checks it. The reporter's own password is kept
as a slow hash too. Neither the key nor the password can be read back from the database.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.utils.crypto import salted_hmac

KEY_BYTES = 32
_DUMMY = "probity-case-key-that-matches-nothing"


def new_case_key() -> str:
    """A fresh case key: 43 characters, letters, digits, - and _."""
    return secrets.token_urlsafe(KEY_BYTES)


def normalise(key: str) -> str:
    """What the reporter typed, without spaces or line breaks they may have copied with it."""
    return "".join(key.split())


def case_lookup(key: str) -> str:
    """The keyed hash that finds a case by its key."""
    return salted_hmac(
        "probity.concerns.case-lookup",
        normalise(key),
        secret=settings.PROBITY_CASE_KEY_SECRET,
        algorithm="sha256",
    ).hexdigest()


def hash_secret(value: str) -> str:
    return make_password(value)


def secret_matches(value: str, stored: str) -> bool:
    return bool(stored) and check_password(value, stored)


def waste_time_like_a_check() -> None:
    """Spend as long as a real check, so a key that finds nothing is not told apart by time."""
    check_password(_DUMMY, make_password(_DUMMY))
