"""Writes to council policy."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from probity.conduct.models import CouncilPolicy
from probity.conduct.selectors import policy_current
from probity.core.audit import audit_record, snapshot
from probity.people.models import Grade, Person
from probity.people.rules import DEFAULT_FALLBACKS, Viewer, fallbacks_valid


def policy_update_gift_guidance(
    *, actor: Person, gift_guidance: str, now: dt.datetime, source: str = ""
) -> CouncilPolicy:
    with transaction.atomic():
        policy = policy_current()
        if policy.pk is not None:
            policy = CouncilPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(policy) if policy.pk is not None else None
        policy.gift_guidance = gift_guidance
        policy.updated_at = now
        policy.updated_by = actor
        policy.save()
        audit_record(
            actor=actor.user,
            action="policy.gift_guidance_updated",
            target=policy,
            at=now,
            subject="policy",
            summary="Gift and hospitality guidance changed",
            before=before,
            after=snapshot(policy),
            source=source,
        )
    return policy


def policy_update_routing(
    *,
    actor: Person,
    consent_grade: Grade | None,
    referral_office: str,
    now: dt.datetime,
    source: str = "",
) -> CouncilPolicy:
    """Change the consent grade for outside employment and the office that decides referrals."""
    with transaction.atomic():
        policy = policy_current()
        if policy.pk is not None:
            policy = CouncilPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(policy) if policy.pk is not None else None
        policy.consent_grade = consent_grade
        policy.referral_office = referral_office
        policy.updated_at = now
        policy.updated_by = actor
        policy.save()
        audit_record(
            actor=actor.user,
            action="policy.routing_updated",
            target=policy,
            at=now,
            subject="policy",
            summary="Consent grade or referral office changed",
            before=before,
            after=snapshot(policy),
            source=source,
        )
    return policy


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
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can change council policy.")
    merged = {**DEFAULT_FALLBACKS, **fallbacks}
    problem = fallbacks_valid(merged)
    if problem:
        raise ValueError(problem)
    with transaction.atomic():
        policy = policy_current()
        if policy.pk is not None:
            policy = CouncilPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(policy) if policy.pk is not None else None
        policy.office_fallbacks = {k: v for k, v in merged.items() if DEFAULT_FALLBACKS.get(k) != v}
        policy.updated_at = now
        policy.updated_by = actor
        policy.save()
        audit_record(
            actor=actor.user,
            action="policy.fallbacks_updated",
            target=policy,
            at=now,
            subject="policy",
            summary="Where offices pass their work changed",
            before=before,
            after=snapshot(policy),
            source=source,
        )
    return policy
