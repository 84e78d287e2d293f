"""Ready-made facts for declarations in tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from probity.declarations.choices import (
    GiftCategory,
    GiftOutcome,
    GiverLink,
    GiverType,
    InterestHolder,
    InterestType,
)
from probity.declarations.facts import GiftFacts, InterestFacts


def gift_facts(**changes: Any) -> GiftFacts:
    values: dict[str, Any] = {
        "giver_name": "Acme Facilities Ltd",
        "giver_type": GiverType.ORGANISATION,
        "giver_link": GiverLink.CONTRACTOR,
        "giver_link_detail": "",
        "category": GiftCategory.HOSPITALITY,
        "description": "Two tickets to a cup final",
        "value": Decimal("180.00"),
        "value_is_estimate": True,
        "offered_on": dt.date(2027, 3, 1),
        "outcome": GiftOutcome.DECLINED,
        "outcome_reason": "The company is bidding for the repairs contract.",
    }
    values.update(changes)
    return GiftFacts(**values)


def interest_facts(**changes: Any) -> InterestFacts:
    values: dict[str, Any] = {
        "holder": InterestHolder.RELATIVE,
        "relative_relationship": "Spouse",
        "interest_type": InterestType.FINANCIAL,
        "description": "Owns shares in a building firm that bids for council work.",
        "counterparty": "Northgate Builders Ltd",
        "starts_on": dt.date(2024, 6, 1),
        "ends_on": None,
    }
    values.update(changes)
    return InterestFacts(**values)
