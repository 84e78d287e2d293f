"""Writes for the annual review: each in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from probity.core import clock
from probity.core.audit import audit_record
from probity.oversight.access import review_offices_of
from probity.oversight.models import AnnualReview, ReviewCheck, ReviewFinding, ReviewSignOff
from probity.oversight.rules import SignOffFact, is_complete, may_add_finding, may_sign_off
from probity.oversight.snapshot import frozen
from probity.people.models import Person
from probity.people.selectors import viewer_for_person


def _holds(person: Person, now: dt.datetime) -> dict[str, str]:
    return review_offices_of(
        viewer_for_person(person=person, today=now.astimezone(clock.LONDON).date())
    )


def _signed(review: AnnualReview) -> tuple[SignOffFact, ...]:
    return tuple(
        SignOffFact(office=o, person_id=p)
        for o, p in review.sign_offs.values_list("office", "person_id")
    )


def review_open(*, actor: Person, now: dt.datetime) -> AnnualReview:
    """Open this year's review: freeze a snapshot of every register and its digest."""
    if "monitoring_officer" not in _holds(actor, now):
        raise PermissionDenied("Only the Monitoring Officer opens the annual review.")
    with transaction.atomic():
        if AnnualReview.objects.select_for_update().filter(is_open=True).exists():
            raise ValidationError("A review is already open. Finish it before opening another.")
        text, digest = frozen(as_of=now)
        review = AnnualReview.objects.create(
            opened_at=now, opened_by=actor, as_of=now, snapshot=text, digest=digest
        )
        audit_record(
            actor=actor.user,
            action="annual_review.opened",
            target=review,
            at=now,
            summary=f"Annual review opened; snapshot digest {digest}",
            after={"digest": digest, "as_of": now.isoformat()},
        )
    return review


def finding_add(
    *,
    review: AnnualReview,
    actor: Person,
    finding: str,
    action: str,
    owner: str,
    due_on: dt.date,
    now: dt.datetime,
) -> ReviewFinding:
    if not _holds(actor, now):
        raise PermissionDenied("Only the three reviewing offices record findings.")
    with transaction.atomic():
        review = AnnualReview.objects.select_for_update().get(pk=review.pk)
        verdict = may_add_finding(signed=_signed(review), complete=not review.is_open)
        if not verdict.allowed:
            raise ValidationError(verdict.reason)
        number = review.findings.count() + 1
        row = ReviewFinding.objects.create(
            review=review,
            number=number,
            finding=finding,
            action=action,
            owner=owner,
            due_on=due_on,
            recorded_by=actor,
            recorded_at=now,
        )
        audit_record(
            actor=actor.user,
            action="annual_review.finding_added",
            target=review,
            at=now,
            summary=f"Finding {number} recorded, action due {due_on.isoformat()}",
            after={"finding": number, "owner": owner, "due_on": due_on.isoformat()},
        )
    return row


def sign_off(
    *, review: AnnualReview, actor: Person, office: str, now: dt.datetime
) -> ReviewSignOff:
    """Sign off the review for one office; the third office's sign-off completes it."""
    holds = _holds(actor, now)
    with transaction.atomic():
        review = AnnualReview.objects.select_for_update().get(pk=review.pk)
        signed = _signed(review)
        verdict = may_sign_off(
            office=office,
            person_id=actor.pk,
            holds=holds,
            signed=signed,
            complete=not review.is_open,
        )
        if not verdict.allowed:
            raise ValidationError(verdict.reason)
        row = ReviewSignOff.objects.create(
            review=review,
            office=office,
            person=actor,
            role=holds[office],
            signed_at=now,
            digest=review.digest,
        )
        summary = f"Signed off for {office} as {holds[office]}"
        if is_complete((*signed, SignOffFact(office=office, person_id=actor.pk))):
            review.is_open = False
            review.completed_at = now
            review.save(update_fields=["is_open", "completed_at"])
            summary += "; the review is complete"
        audit_record(
            actor=actor.user,
            action="annual_review.signed_off",
            target=review,
            at=now,
            summary=summary,
            after={"office": office, "role": holds[office], "digest": review.digest},
        )
    return row


def review_verify(*, review: AnnualReview, actor: Person, now: dt.datetime) -> ReviewCheck:
    """Work the snapshot out again from the data as it is now and record whether it matches."""
    if not _holds(actor, now):
        raise PermissionDenied("Only the three reviewing offices check the snapshot.")
    with transaction.atomic():
        _, digest_now = frozen(as_of=review.as_of)
        check = ReviewCheck.objects.create(
            review=review,
            checked_at=now,
            checked_by=actor,
            digest_now=digest_now,
            matches=digest_now == review.digest,
        )
        audit_record(
            actor=actor.user,
            action="annual_review.verified",
            target=review,
            at=now,
            summary=(
                "The snapshot matches the data"
                if check.matches
                else "The data has changed since the snapshot"
            ),
            after={"digest": review.digest, "digest_now": digest_now, "matches": check.matches},
        )
    return check
