"""Rate limits for the public concern pages that keep nothing identifying.

A client is counted by a keyed hash of its address, under a random secret made each day and kept
only in the cache (never in the database or logs). Once the day's secret has expired, yesterday's
counters cannot be linked to any address, even by someone holding the cache. Counters live for
the window they count. A wrong case key or password is also counted per case (the keyed hash of
the key tried) and across the whole service, so trying many addresses does not help either.

With several application processes, the cache must be shared between them (such as the database
or Redis cache) for the limits to hold across processes; see docs/concerns.md.
"""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256

from django.core.cache import cache
from django.http import HttpRequest

from probity.core import clock
from probity.core.http import client_address

DAY = 60 * 60 * 24
HOUR = 60 * 60

#: (limit, window in seconds) per bucket.
LIMITS: dict[str, tuple[int, int]] = {
    "report": (10, HOUR),  # reports sent from one client
    "key-client": (5, 15 * 60),  # wrong keys or passwords from one client
    "key-case": (10, HOUR),  # wrong passwords for one case key
    "key-all": (500, HOUR),  # wrong keys or passwords across the service
}


def _daily_secret() -> bytes:
    name = f"concerns:throttle-secret:{clock.today().isoformat()}"
    secret: bytes = cache.get_or_set(name, secrets.token_bytes(32), timeout=DAY + HOUR)  # type: ignore[assignment]
    return secret


def client_token(request: HttpRequest) -> str:
    """An unlinkable stand-in for the client's address, good for one day."""
    return hmac.new(_daily_secret(), client_address(request).encode(), sha256).hexdigest()[:32]


def case_token(key: str) -> str:
    """The counter for one case key: its keyed hash, as the database already holds it."""
    from probity.concerns.casekeys import case_lookup

    return case_lookup(key)[:32]


def _key(bucket: str, token: str) -> str:
    return f"concerns:throttle:{bucket}:{token}"


def exceeded(bucket: str, token: str) -> bool:
    limit, _ = LIMITS[bucket]
    count: int = cache.get(_key(bucket, token), 0)
    return count >= limit


def count(bucket: str, token: str) -> None:
    _, window = LIMITS[bucket]
    key = _key(bucket, token)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
