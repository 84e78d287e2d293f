"""The annual round: who was asked, what they answered, and what was sent to whom."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from probity.cycle.choices import (
    AttendanceSource,
    ImportStatus,
    MembershipState,
    NoticeKind,
    PopulationScope,
    ReviewOutcome,
    SessionKind,
)
from probity.cycle.rules import DEFAULT_INDUCTION_DAYS, DEFAULT_INDUCTION_OFFICER_DAYS
from probity.cycle.schedule import DEFAULT_ESCALATION_DAYS, DEFAULT_REMINDER_DAYS
from probity.declarations.models import Decision, Declaration
from probity.people.models import Directorate, Grade, Person, Service


def _default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def _default_escalation_days() -> list[int]:
    return list(DEFAULT_ESCALATION_DAYS)


class CycleSettings(models.Model):
    """The council's settings for the yearly cycle. One row; every change is audited."""

    reminder_days = models.JSONField(
        default=_default_reminder_days,
        help_text="Days before a round's deadline on which those who have not made their return are reminded.",
    )
    escalation_days = models.JSONField(
        default=_default_escalation_days,
        help_text=(
            "Days after the deadline on which the line manager, then the Head of Service, then the "
            "Monitoring Officer are told who has not made their return."
        ),
    )
    refresher_years = models.PositiveSmallIntegerField(
        default=3, help_text="Years after which staff are due refresher training."
    )
    induction_days = models.PositiveSmallIntegerField(
        default=DEFAULT_INDUCTION_DAYS,
        help_text="Days after their start date by which a new starter completes induction.",
    )
    induction_officer_days = models.PositiveSmallIntegerField(
        default=DEFAULT_INDUCTION_OFFICER_DAYS,
        help_text=(
            "Days after the line manager is told of an overdue induction that the Monitoring "
            "Officer is told."
        ),
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "cycle settings"

    def __str__(self) -> str:
        return "Yearly cycle settings"


class Round(models.Model):
    """An annual round: everyone in its population confirms their declarations or makes a nil
    return by the deadline. Who is in it is fixed when it opens."""

    title = models.CharField(max_length=150)
    opened_on = models.DateField()
    deadline = models.DateField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=20, choices=PopulationScope.choices)
    min_grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    population = models.JSONField(default=dict, help_text="The population as it was chosen.")
    member_count = models.PositiveIntegerField(default=0)
    reminded_step = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Days before the deadline of the last reminder sent. Everyone outstanding is reminded "
            "together, so this is each outstanding person's last reminder too (see ``Notice``)."
        ),
    )
    escalated_step = models.PositiveSmallIntegerField(
        default=0, help_text="The last escalation step at which outstanding returns were reported."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_reason = models.TextField(
        blank=True, help_text="Why the round was closed before its deadline, when it was."
    )
    not_made_count = models.PositiveIntegerField(
        default=0, help_text="Returns still outstanding when the round closed."
    )

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class RoundMembership(models.Model):
    """One person asked to make a return in a round, with their service as it was at opening."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="round_memberships")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        max_length=20, choices=MembershipState.choices, default=MembershipState.OUTSTANDING
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    nil_return = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="round_membership_once"),
        ]
        indexes = [
            models.Index(fields=["round", "state"], name="membership_round_state"),
            models.Index(fields=["person", "state"], name="membership_person_state"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.round_id}: {self.state}"


class InterestReview(models.Model):
    """What a person said in a round about one of their live declarations."""

    membership = models.ForeignKey(
        RoundMembership, on_delete=models.PROTECT, related_name="reviews"
    )
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "declaration"], name="interest_review_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id}: {self.outcome}"


class Notice(models.Model):
    """An email the yearly cycle sent, kept so that nothing is sent twice.

    A reminder is one per person, round and point (days before the deadline); a digest is one per
    recipient, round, escalation step and day (a later day only for returns not yet reported).
    """

    # Indexed through the unique constraints only: tens of thousands are written at once.
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="notices", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    step = models.PositiveSmallIntegerField(
        help_text="For a reminder, days before the deadline; for a digest, the escalation step."
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    items = models.PositiveIntegerField(default=1, help_text="Returns a digest listed.")

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "kind", "step"],
                condition=Q(kind=NoticeKind.REMINDER),
                name="notice_reminder_once",
            ),
            models.UniqueConstraint(
                fields=["round", "person", "kind", "step", "sent_on"],
                condition=Q(kind=NoticeKind.DIGEST),
                name="notice_digest_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.step} to {self.person_id} ({self.sent_on})"


class Renewal(models.Model):
    """An approval given with a review date that has come back for renewal: one per decision."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="+")
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    noticed_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.declaration_id} due for renewal on {self.due_on}"


class TrainingSession(models.Model):
    """A training session on the code: induction, a refresher, or one for managers."""

    title = models.CharField(max_length=150)
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %B %Y})"


class Attendance(models.Model):
    """A person attended a session. One per person and session; never changed, only removed when
    it was recorded by mistake (with the reason in the audit trail)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="attendances"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=AttendanceSource.choices)

    class Meta:
        ordering = ["session", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once"),
        ]
        indexes = [models.Index(fields=["person", "session"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.person_id} attended {self.session_id}"


class AttendanceImport(models.Model):
    """A file of attendees for a session: read, previewed, then applied or not. The rows are
    kept so that what is applied is what was previewed."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="imports")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the file as received.")
    rows = models.JSONField(default=list, help_text="The file's rows as read, with row numbers.")
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    added = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class InductionChecklist(models.Model):
    """A new starter's induction: read the code, make their declarations or a nil return, attend
    an induction session, by the deadline. Whether each item is done is worked out from those
    records when read (``training_selectors``); what is kept here is who was told it is overdue."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="induction")
    start_date = models.DateField()
    deadline = models.DateField()
    created_at = models.DateTimeField()
    manager_told_on = models.DateField(
        null=True, blank=True, help_text="When the line manager was told it is overdue."
    )
    officer_told_on = models.DateField(
        null=True, blank=True, help_text="When the Monitoring Officer was told it is overdue."
    )

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["deadline"], name="induction_deadline")]

    def __str__(self) -> str:
        return f"Induction of {self.person_id} by {self.deadline}"
