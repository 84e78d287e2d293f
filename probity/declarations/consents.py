"""Conditions and review dates of approvals, read for a page of register rows at once.

The outside employment register shows, beside each entry, the conditions its consent was
given on and when the consent is to be reviewed. Those are on the decisions (approve with
conditions), so they are read here in one query per page rather than one per row; the CSV
reads them as one column of each row (``consent_rows``), so it needs no query of its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, OuterRef, Subquery, TextField
from django.db.models.functions import JSONArray

from probity.declarations.choices import DecisionAction
from probity.declarations.models import Decision, VersionBase


@dataclass(frozen=True)
class Consent:
    conditions: str
    review_on: dt.date | None


NO_CONDITIONS = Consent(conditions="", review_on=None)


def consent_from(approvals: Iterable[tuple[str, dt.date | None]]) -> Consent:
    """The consent that approvals (conditions, review date), oldest first, add up to: every
    condition once, in the order given, and the earliest review date any of them set."""
    conditions: list[str] = []
    reviews: list[dt.date] = []
    for text, review_on in approvals:
        text = text.strip()
        if text and text not in conditions:
            conditions.append(text)
        if review_on:
            reviews.append(review_on)
    return Consent(conditions=" ".join(conditions), review_on=min(reviews) if reviews else None)


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
        version.consent = consent_from(  # type: ignore[attr-defined]
            (d.conditions, d.review_on) for d in decisions
        )


def consent_of(version: VersionBase) -> Consent:
    consent: Consent = getattr(version, "consent", NO_CONDITIONS)
    return consent


class _JsonList(Aggregate):
    """The aggregated values as the text of a JSON array (SQLite and PostgreSQL)."""

    function = "JSON_GROUP_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="JSON_AGG",
            template="%(function)s(%(expressions)s)::text",
        )


def consent_rows() -> Subquery:
    """For rows of versions: the approvals with conditions of each row's declaration, as JSON
    text (``[[created_at, id, conditions, review_on], ...]``, in no order); ``consent_of_rows``
    reads it. NULL where there are none."""
    approvals = (
        Decision.objects.filter(
            declaration_id=OuterRef("declaration_id"),
            action=DecisionAction.APPROVED_WITH_CONDITIONS,
        )
        .order_by()
        .values("declaration_id")
        .annotate(rows=_JsonList(JSONArray("created_at", "pk", "conditions", "review_on")))
        .values("rows")
    )
    return Subquery(approvals, output_field=TextField())


def consent_of_rows(raw: str | None) -> Consent:
    """The consent in a ``consent_rows`` cell (pure)."""
    if not raw:
        return NO_CONDITIONS
    rows = sorted(json.loads(raw), key=lambda r: (str(r[0]), r[1]))
    return consent_from(
        (text or "", dt.date.fromisoformat(review) if review else None)
        for _, _, text, review in rows
    )
