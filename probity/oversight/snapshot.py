"""The frozen snapshot of every register an annual review looks at, and its digest.

The snapshot holds figures only (counts, totals and names of services; no person and no text
from a declaration). It is written as canonical JSON: keys sorted, no spaces, UTF-8, integers
and strings only (money as a string with two decimals), so the same figures always give the
same bytes and the same SHA-256 digest. See docs/adr/00XX-annual-review-snapshot.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from probity.declarations.choices import DeclarationKind, GiftOutcome, StepState
from probity.declarations.models import (
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    RouteStep,
)
from probity.oversight.rules import OVERDUE_AFTER_DAYS
from probity.oversight.selectors import (
    Scope,
    interests_not_reconfirmed,
    services_without_gifts,
)

FORMAT = 1


def canonical_json(data: Any) -> str:
    """One text for one value: sorted keys, no whitespace, non-ASCII kept, no floats."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)).quantize(Decimal('0.01'))}"


def build_snapshot(*, as_of: dt.datetime) -> dict[str, Any]:
    """The registers as they stand for every declaration submitted by ``as_of``. A fixed number of
    queries: declarations by kind and status, versions per table, gifts, steps, two red flags."""
    scope = Scope(title="The whole council", as_of=as_of)
    declared = Declaration.objects.filter(submitted_at__lte=as_of)
    registers: dict[str, dict[str, Any]] = {}
    for row in declared.values("kind", "status").annotate(n=Count("id")).order_by():
        entry = registers.setdefault(
            row["kind"], {"by_status": {}, "total": 0, "versions": 0, "special_category": 0}
        )
        entry["by_status"][row["status"]] = row["n"]
        entry["total"] += row["n"]
    for row in (
        declared.filter(special_category=True).values("kind").annotate(n=Count("id")).order_by()
    ):
        registers[row["kind"]]["special_category"] = row["n"]
    for model in (GiftHospitalityVersion, InterestVersion, DeclarationVersion):
        rows = (
            model.objects.filter(declaration__submitted_at__lte=as_of)
            .values("declaration__kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            registers[row["declaration__kind"]]["versions"] += row["n"]
    gifts = GiftHospitalityVersion.objects.filter(
        declaration__submitted_at__lte=as_of, is_current=True
    ).aggregate(
        accepted=Count("id", filter=Q(outcome=GiftOutcome.ACCEPTED)),
        declined=Count("id", filter=Q(outcome=GiftOutcome.DECLINED)),
        value=Sum("value", filter=Q(outcome=GiftOutcome.ACCEPTED)),
    )
    steps = RouteStep.objects.filter(
        state=StepState.WAITING, declaration__submitted_at__lte=as_of
    ).aggregate(
        waiting=Count("id"),
        overdue=Count(
            "id", filter=Q(waiting_since__lt=as_of - dt.timedelta(days=OVERDUE_AFTER_DAYS))
        ),
        stranded=Count("id", filter=Q(stranded=True)),
    )
    no_gifts = services_without_gifts(scope, as_of)
    stale = interests_not_reconfirmed(scope, as_of)
    return {
        "format": FORMAT,
        "as_of": as_of.astimezone(dt.UTC).isoformat(),
        "registers": {
            kind: registers.get(
                kind, {"by_status": {}, "total": 0, "versions": 0, "special_category": 0}
            )
            for kind in DeclarationKind.values
        },
        "gifts": {
            "accepted": gifts["accepted"],
            "declined": gifts["declined"],
            "accepted_value": _money(gifts["value"]),
        },
        "exceptions": {
            "steps_waiting": steps["waiting"],
            "steps_overdue": steps["overdue"],
            "steps_stranded": steps["stranded"],
        },
        "red_flags": {
            "services_without_gifts_12_months": sorted(str(r[0]) for r in no_gifts.rows),
            "interests_not_reconfirmed": stale.figures[0].value,
            "interests_standing": stale.figures[1].value,
        },
    }


def frozen(*, as_of: dt.datetime) -> tuple[str, str]:
    """(canonical JSON, SHA-256 digest) of the snapshot at ``as_of``."""
    text = canonical_json(build_snapshot(as_of=as_of))
    return text, digest_of(text)
