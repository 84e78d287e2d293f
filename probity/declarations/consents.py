"""Conditions and review dates of approvals, read for a page of register rows at once.

The outside employment register shows, beside each entry, the conditions its consent was
given on and when the consent is to be reviewed. Those are on the decisions (approve with
conditions), so they are read here in one query per page rather than one per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from probity.declarations.choices import DecisionAction
from probity.declarations.models import Decision, VersionBase


@dataclass(frozen=True)
class Consent:
    conditions: str
    review_on: dt.date | None


NO_CONDITIONS = Consent(conditions="", review_on=None)


def attach_consents(versions: Iterable[VersionBase]) -> None:
    """Set ``consent`` on each version: every condition it was approved on, and the
    earliest review date any approval set."""
    rows = list(versions)
    by_declaration: dict[int, list[Decision]] = {}
    approvals = Decision.objects.filter(
        declaration_id__in=[v.declaration_id for v in rows],
        action=DecisionAction.APPROVED_WITH_CONDITIONS,
    ).order_by("created_at", "pk")
    for decision in approvals:
        by_declaration.setdefault(decision.declaration_id, []).append(decision)
    for version in rows:
        decisions = by_declaration.get(version.declaration_id, [])
        conditions: list[str] = []
        for decision in decisions:
            text = decision.conditions.strip()
            if text and text not in conditions:
                conditions.append(text)
        reviews = [d.review_on for d in decisions if d.review_on]
        version.consent = Consent(  # type: ignore[attr-defined]
            conditions=" ".join(conditions), review_on=min(reviews) if reviews else None
        )


def consent_of(version: VersionBase) -> Consent:
    consent: Consent = getattr(version, "consent", NO_CONDITIONS)
    return consent
