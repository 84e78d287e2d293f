"""Stored states of the yearly cycle."""

from django.db import models


class PopulationScope(models.TextChoices):
    EVERYONE = "everyone", "Everyone the code applies to"
    GRADE_AND_ABOVE = "grade", "Staff at or above a grade"
    SERVICES = "services", "Staff in chosen services"
    CONTRACTORS = "contractors", "External contractors and agency workers"


class MembershipState(models.TextChoices):
    OUTSTANDING = "outstanding", "Not done yet"
    CONFIRMED = "confirmed", "Confirmed complete"
    NIL_RETURN = "nil_return", "Nil return"
    NOT_MADE = "not_made", "Not made by the close"


class ReviewOutcome(models.TextChoices):
    CURRENT = "current", "Still current"
    ENDED = "ended", "Ended"


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", "Reminder before the deadline"
    DIGEST = "digest", "Digest of outstanding returns after the deadline"
    RENEWAL = "renewal", "Approval due for renewal"


class SessionKind(models.TextChoices):
    INDUCTION = "induction", "Induction"
    REFRESHER = "refresher", "Refresher"
    MANAGERS = "managers", "For managers"


class AttendanceSource(models.TextChoices):
    BY_HAND = "hand", "Recorded by hand"
    FILE = "file", "Imported from a file"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "Waiting for confirmation"
    APPLIED = "applied", "Applied"
    DISCARDED = "discarded", "Not applied"
