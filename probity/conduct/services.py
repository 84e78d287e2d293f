"""Writes to council policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from probity.conduct.models import CouncilPolicy
from probity.conduct.selectors import policy_current
from probity.core.audit import audit_record, snapshot
from probity.people.models import Grade, Person
from probity.people.rules import DEFAULT_FALLBACKS, Viewer, fallbacks_valid


def _policy_change(
    *,
    actor: Person,
    viewer: Viewer | None,
    action: str,
    summary: str,
    change: Callable[[CouncilPolicy], None],
    now: dt.datetime,
    source: str,
) -> CouncilPolicy:
    """One audited change to the council's policy row, made by the Monitoring Officer or a
    deputy (``viewer`` None only for the demo loader and commands, which act as the system)."""
    if viewer is not None and not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can change council policy.")
    with transaction.atomic():
        policy = policy_current()
        if policy.pk is not None:
            policy = CouncilPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(policy) if policy.pk is not None else None
        change(policy)
        policy.updated_at = now
        policy.updated_by = actor
        policy.save()
        audit_record(
            actor=actor.user,
            action=action,
            target=policy,
            at=now,
            subject="policy",
            summary=summary,
            before=before,
            after=snapshot(policy),
            source=source,
        )
    return policy


def policy_update_gift_guidance(
    *,
    actor: Person,
    gift_guidance: str,
    now: dt.datetime,
    viewer: Viewer | None = None,
    source: str = "",
) -> CouncilPolicy:
    def change(policy: CouncilPolicy) -> None:
        policy.gift_guidance = gift_guidance

    return _policy_change(
        actor=actor,
        viewer=viewer,
        action="policy.gift_guidance_updated",
        summary="Gift and hospitality guidance changed",
        change=change,
        now=now,
        source=source,
    )


def policy_update_routing(
    *,
    actor: Person,
    consent_grade: Grade | None,
    referral_office: str,
    now: dt.datetime,
    viewer: Viewer | None = None,
    source: str = "",
) -> CouncilPolicy:
    """Change the consent grade for outside employment and the office that decides referrals.
    Declarations already sent keep their route (ADR 7)."""

    def change(policy: CouncilPolicy) -> None:
        policy.consent_grade = consent_grade
        policy.referral_office = referral_office

    return _policy_change(
        actor=actor,
        viewer=viewer,
        action="policy.routing_updated",
        summary="Consent grade or referral office changed",
        change=change,
        now=now,
        source=source,
    )


def policy_update_fallbacks(
    *,
    actor: Person,
    viewer: Viewer,
    fallbacks: dict[str, str],
    now: dt.datetime,
    source: str = "",
) -> CouncilPolicy:
    """Change where each office's work passes when nobody in it may act (new assignments only:
    work already waiting keeps its people until an office holder changes)."""
    merged = {**DEFAULT_FALLBACKS, **fallbacks}
    problem = fallbacks_valid(merged)
    if problem:
        raise ValueError(problem)

    def change(policy: CouncilPolicy) -> None:
        policy.office_fallbacks = {k: v for k, v in merged.items() if DEFAULT_FALLBACKS.get(k) != v}

    return _policy_change(
        actor=actor,
        viewer=viewer,
        action="policy.fallbacks_updated",
        summary="Where offices pass their work changed",
        change=change,
        now=now,
        source=source,
    )
