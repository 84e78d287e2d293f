"""Reading and writing the encrypted text of concerns and breach cases."""

from __future__ import annotations

from typing import Any

from probity.core import crypto

#: Every (model, field) holding encrypted text, for key rotation.
SEALED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("concerns.Concern", "sealed"),
    ("concerns.Concern", "sealed_outcome"),
    ("concerns.ConcernMessage", "sealed"),
    ("concerns.ConcernNote", "sealed"),
    ("concerns.ConcernFile", "sealed_name"),
    ("concerns.BreachCase", "sealed"),
)


def seal(data: dict[str, Any]) -> str:
    return crypto.seal(data) if any(data.values()) else ""


def unseal(token: str) -> dict[str, Any]:
    return crypto.unseal(token) if token else {}


def text(token: str, name: str = "text") -> str:
    return str(unseal(token).get(name, ""))
