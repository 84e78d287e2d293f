"""The annual review of the registers by the Chief Executive, the s151 officer and the
Monitoring Officer: a frozen snapshot, findings with actions, and one sign-off per office.

Nothing here is ever deleted. A review's snapshot and digest are written once when it is opened;
only ``is_open`` and ``completed_at`` change, when the third office signs off.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from probity.people.choices import HoldingRole
from probity.people.models import Person


class AnnualReview(models.Model):
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateTimeField(help_text="The moment the snapshot describes.")
    snapshot = models.TextField(help_text="The registers' figures as canonical JSON (see ADR).")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the snapshot's UTF-8 bytes.")
    is_open = models.BooleanField(default=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_open"], condition=Q(is_open=True), name="annual_review_one_open"
            )
        ]
        indexes = [models.Index(fields=["completed_at"], name="annual_review_completed")]

    def __str__(self) -> str:
        return f"Annual review opened {self.opened_at:%Y-%m-%d}"


class ReviewFinding(models.Model):
    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveSmallIntegerField()
    finding = models.TextField()
    action = models.TextField()
    owner = models.CharField(
        max_length=150, help_text="Who will take the action (an office or a name)."
    )
    due_on = models.DateField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="review_finding_unique")
        ]

    def __str__(self) -> str:
        return f"Finding {self.number}"


class ReviewSignOff(models.Model):
    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="sign_offs")
    office = models.CharField(max_length=40)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=HoldingRole.choices)
    signed_at = models.DateTimeField()
    digest = models.CharField(max_length=64, help_text="The snapshot digest the signer saw.")

    class Meta:
        ordering = ["review", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "office"], name="review_sign_off_once"),
            models.UniqueConstraint(fields=["review", "person"], name="review_sign_off_one_person"),
        ]

    def __str__(self) -> str:
        return f"{self.office} signed {self.signed_at:%Y-%m-%d}"


class ReviewCheck(models.Model):
    """A check of a review's snapshot against the data as it is now."""

    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="checks")
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    digest_now = models.CharField(max_length=64)
    matches = models.BooleanField()

    class Meta:
        ordering = ["review", "-checked_at", "-id"]

    def __str__(self) -> str:
        return f"Check {self.checked_at:%Y-%m-%d}: {'matches' if self.matches else 'differs'}"


class DashboardFigures(models.Model):
    """A dashboard (the council's or a team's) as worked out at a moment, so that reading it costs one
    query at any size of council. A new row is added each time the figures are worked out
    again (hourly at most, or when the Monitoring Officer asks); rows are never changed."""

    computed_at = models.DateTimeField()
    manager = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The manager whose team the figures count; empty for the whole council.",
    )
    data = models.JSONField()

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [
            models.Index(fields=["computed_at"], name="dashboard_figures_at"),
            models.Index(fields=["manager", "computed_at"], name="dashboard_figures_team_at"),
        ]

    def __str__(self) -> str:
        return f"Dashboard figures {self.computed_at:%Y-%m-%d %H:%M}"
