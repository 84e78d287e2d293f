"""Audit events (who did what, when, from where, before and after) and outgoing email."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One write (or a read of special-category data), recorded in the same transaction."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    subject = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="The record this event belongs to, such as a declaration reference.",
    )
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    source = models.CharField(max_length=64, blank=True, help_text="Where the request came from.")
    seq = models.PositiveBigIntegerField(
        unique=True, help_text="The event's place in the audit chain, from 1 with no gaps."
    )
    prev_hash = models.CharField(
        max_length=64, blank=True, help_text="The hash of the event before it in the chain."
    )
    hash = models.CharField(
        max_length=64, help_text="HMAC-SHA256 of this event's content and the previous hash."
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"


class AuditChainHead(models.Model):
    """The one row that names the end of the audit chain; locked while an event is appended."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit chain: {self.last_seq} events"


class AuditCheck(models.Model):
    """The result of the latest ``verify_audit`` run (one row, replaced each run)."""

    checked_at = models.DateTimeField()
    intact = models.BooleanField()
    events = models.PositiveBigIntegerField(default=0)
    message = models.TextField()

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {self.message}"


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def unsent(self) -> OutgoingEmailQuerySet:
        """Emails waiting to send or that failed, newest first, without their bodies."""
        return (
            self.exclude(status=OutgoingEmail.Status.SENT)
            .defer("body")
            .order_by("-created_at", "-id")
        )

    def due_for_retry(self, *, now: dt.datetime) -> OutgoingEmailQuerySet:
        """Failed emails with tries left whose wait (10 minutes per attempt so far) is over."""
        waited = models.Q(last_attempt_at__isnull=True)
        for attempts in range(OutgoingEmail.MAX_ATTEMPTS):
            waited |= models.Q(
                attempts=attempts,
                last_attempt_at__lt=now - attempts * OutgoingEmail.RETRY_WAIT,
            )
        return self.filter(
            waited,
            status=OutgoingEmail.Status.FAILED,
            attempts__lt=OutgoingEmail.MAX_ATTEMPTS,
        ).order_by("created_at", "id")


class OutgoingEmail(models.Model):
    """One email, recorded in the transaction that caused it and sent by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    MAX_ATTEMPTS = 5
    """Tries made automatically; the Monitoring Officer can still ask for more."""
    RETRY_WAIT = dt.timedelta(minutes=10)
    """How long to wait after a failure, for each attempt made so far."""

    to = models.JSONField(default=list, help_text="The recipients' addresses.")
    subject = models.TextField()
    body = models.TextField()
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}: {self.subject}"

    @property
    def retries_automatically(self) -> bool:
        """Failed, with automatic tries left (``send_due_email`` will queue it again)."""
        return self.status == self.Status.FAILED and self.attempts < self.MAX_ATTEMPTS

    def mark_sent(self, *, now: dt.datetime) -> None:
        self.status = self.Status.SENT
        self.attempts += 1
        self.last_attempt_at = now
        self.sent_at = now
        self.last_error = ""
        self.save(update_fields=["status", "attempts", "last_attempt_at", "sent_at", "last_error"])

    def mark_failed(self, *, now: dt.datetime, error: str, attempted: bool = True) -> None:
        """Record a failure. ``attempted=False`` when the email could not even be queued."""
        self.status = self.Status.FAILED
        if attempted:
            self.attempts += 1
        self.last_attempt_at = now
        self.last_error = error[:2000]
        self.save(update_fields=["status", "attempts", "last_attempt_at", "last_error"])

    def mark_queued(self) -> None:
        """Queue a failed email to be sent again."""
        self.status = self.Status.QUEUED
        self.save(update_fields=["status"])
