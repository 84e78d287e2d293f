"""Typed facts a declarant gives, passed from forms to services."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class GiftFacts:
    giver_name: str
    giver_type: str
    giver_link: str
    giver_link_detail: str
    category: str
    description: str
    value: Decimal
    value_is_estimate: bool
    offered_on: dt.date
    outcome: str
    outcome_reason: str

    def as_fields(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class InterestFacts:
    holder: str
    relative_relationship: str
    interest_type: str
    description: str
    counterparty: str
    starts_on: dt.date
    ends_on: dt.date | None

    def as_fields(self) -> dict[str, Any]:
        return asdict(self)


GIFT_FIELDS = tuple(GiftFacts.__dataclass_fields__)
INTEREST_FIELDS = tuple(InterestFacts.__dataclass_fields__)
