"""The keyed hash that links audit events into one chain (pure: no ORM, no settings).

Each event's hash is HMAC-SHA256, under the audit key, of its canonical content (every field
that says what happened, plus its place in the chain) followed by the previous event's hash.
Changing, removing, inserting or reordering an event breaks the chain at that event. Data
migrations import this module, so it must keep working on plain values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "subject",
    "summary",
    "before",
    "after",
    "source",
)


def _normalise(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("Audit times must carry a time zone.")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash covers: its chained fields as sorted, compact JSON."""
    content = {name: _normalise(fields.get(name)) for name in CHAINED_FIELDS}
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str
    ).encode()


def event_hash(*, key: str, fields: Mapping[str, Any], prev_hash: str) -> str:
    """The hex HMAC-SHA256 of an event's content and the hash before it."""
    message = canonical(fields) + b"|" + prev_hash.encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def hashes_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
