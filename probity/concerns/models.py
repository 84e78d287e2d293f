"""Concerns reported in confidence, and breach cases the Monitoring Officer opens.

What a reporter writes, what handlers write about it and every file are encrypted at rest
(``probity.core.crypto``). An anonymous concern stores no account, address or browser detail: the
reporter comes back with a case key, of which only a keyed hash (to find the case) and a slow hash
(to check it) are kept, and a password of their own, kept as a slow hash. See docs/concerns.md.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from probity.concerns.choices import (
    BreachBasis,
    BreachOutcome,
    ConcernKind,
    ConcernOutcome,
    ConcernStatus,
    DisciplinaryResult,
    MessageFrom,
    Recipient,
)
from probity.declarations.models import Declaration
from probity.people.models import Person


class Concern(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=30, choices=ConcernKind.choices)
    recipient = models.CharField(max_length=30, choices=Recipient.choices)
    recipient_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The line manager it was sent to, when the reporter chose their line manager.",
    )
    anonymous = models.BooleanField(default=False)
    submission_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=(
            "One per report form shown, so a form sent twice (a refreshed confirmation page) "
            "records one concern. Random: it says nothing about who sent it."
        ),
    )
    reporter = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A named reporter who was signed in. Always empty for an anonymous concern.",
    )
    received_on = models.DateField()
    sealed = models.TextField(
        blank=True,
        help_text="Encrypted: what happened, when, who was involved, reporter's details.",
    )
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED
    )
    outcome = models.CharField(
        max_length=20, choices=ConcernOutcome.choices, blank=True, default=""
    )
    sealed_outcome = models.TextField(
        blank=True, help_text="Encrypted: the reasons for the outcome."
    )
    closed_on = models.DateField(null=True, blank=True)
    retain_until = models.DateField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    # Follow-up by case key: a keyed hash finds the case, slow hashes check key and password.
    case_lookup = models.CharField(max_length=64, null=True, blank=True, unique=True)
    key_hash = models.CharField(max_length=200, blank=True)
    password_hash = models.CharField(max_length=200, blank=True)
    reporter_unread = models.PositiveIntegerField(
        default=0, help_text="Messages from the reporter that no handler has opened the case since."
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(
                fields=["retain_until"],
                condition=Q(erased_at__isnull=True),
                name="concern_erase_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(reporter__isnull=True, recipient_person__isnull=True),
                name="concern_anonymous_names_nobody",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def sent_to(self) -> str:
        """Who it was sent to, as a heading: "Line manager", "Monitoring Officer"."""
        return SENT_TO.get(str(self.recipient), str(self.recipient))


SENT_TO: dict[str, str] = {
    Recipient.LINE_MANAGER: "Line manager",
    Recipient.FRAUD_MANAGER: "Corporate Fraud Manager",
    Recipient.MONITORING_OFFICER: "Monitoring Officer",
}


class ConcernHandler(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="handlers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "person"], name="concern_handler_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} handles {self.concern}"


class ConcernSubject(models.Model):
    """A person the concern is about: they never see it, whatever offices they hold."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "person"], name="concern_subject_once")
        ]

    def __str__(self) -> str:
        return f"{self.concern} is about {self.person}"


class ConcernMessage(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=MessageFrom.choices)
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The handler who wrote it; empty for the reporter.",
    )
    at = models.DateTimeField()
    sealed = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk} on {self.concern}"


class ConcernNote(models.Model):
    """A handler's note, never shown to the reporter."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    sealed = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.concern}"


class ConcernFile(models.Model):
    """A file attached by the reporter or a handler, encrypted in private storage."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="files")
    from_reporter = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sealed_name = models.TextField(blank=True, help_text="Encrypted: the file's original name.")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"File {self.pk} on {self.concern}"


class BreachCase(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=20, choices=BreachBasis.choices)
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.PROTECT, related_name="breach_cases"
    )
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    sealed = models.TextField(
        blank=True, help_text="Encrypted: the allegation, investigation notes and reasons."
    )
    investigation_started_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=BreachOutcome.choices, blank=True, default="")
    outcome_on = models.DateField(null=True, blank=True)
    disciplinary_result = models.CharField(
        max_length=20, choices=DisciplinaryResult.choices, blank=True, default=""
    )
    disciplinary_result_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.reference
