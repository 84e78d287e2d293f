"""People, the organisation they work in, and the offices they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from probity.people.choices import HoldingRole, OfficeKind, PersonKind


class Directorate(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """A pay grade. ``rank`` orders grades: a higher rank is more senior."""

    name = models.CharField(max_length=60, unique=True)
    rank = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Anyone Probity knows: officers, contractors, councillors and auditors."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="person",
    )
    employee_number = models.CharField(
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        help_text="The number HR's system knows this person by; empty for people HR does not employ.",
    )
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=20, choices=PersonKind.choices, default=PersonKind.EMPLOYEE)
    job_title = models.CharField(max_length=150, blank=True)
    grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="direct_reports"
    )
    start_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True)
    not_in_feed_since = models.DateField(
        null=True,
        blank=True,
        help_text="Missing from the last full HR file since this day: HR confirms whether they left.",
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(Upper("email"), name="person_email_upper")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("id")),
                name="person_not_own_line_manager",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_subject_to_code(self) -> bool:
        return self.kind in {PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY}


class Office(models.Model):
    """A role the rules address (Monitoring Officer, Head of Service of a service, ...)."""

    kind = models.CharField(max_length=40, choices=OfficeKind.choices)
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
        help_text="Only for offices held per service, such as Head of Service.",
    )
    title = models.CharField(
        max_length=150, help_text="The name this council gives the office, shown to people."
    )

    class Meta:
        ordering = ["kind", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "service"], name="office_unique_per_service"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(service__isnull=True),
                name="office_unique_council_wide",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OfficeHolding(models.Model):
    """A person holding (or deputising for) an office for a period."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="holdings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="holdings")
    role = models.CharField(max_length=10, choices=HoldingRole.choices, default=HoldingRole.HOLDER)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    withdrawn = models.BooleanField(
        default=False,
        help_text=(
            "A change put right before it took effect. It is kept for the record, and its last day "
            "is the day before its first, so it never counts as held."
        ),
    )

    class Meta:
        ordering = ["office", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on"))
                | Q(withdrawn=True),
                name="holding_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.office})"


class FeedImport(models.Model):
    """One HR file: uploaded (or read by the nightly command), previewed, then applied or not.

    The parsed rows are kept so that what is applied is what was previewed; the plan is made
    again when it is applied and refused if the people changed in between."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for confirmation"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Applying"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"
        DISCARDED = "discarded", "Not applied"

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feed_imports",
    )
    filename = models.CharField(max_length=200)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the file as received.")
    full = models.BooleanField(
        default=False, help_text="A full file lists everyone; people missing from it are listed."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(default=list, help_text="The file's rows as read, with row numbers.")
    summary = models.JSONField(default=dict, help_text="How many adds, changes, leavers, errors.")
    plan_digest = models.CharField(max_length=64, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.APPLIED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))
