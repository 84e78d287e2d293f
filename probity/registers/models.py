"""The section 117 book's office hours, the council's closure days and the log of inspections."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from probity.people.models import Person

DEFAULT_OPENS = dt.time(9, 0)
DEFAULT_CLOSES = dt.time(17, 0)


class InspectionHours(models.Model):
    """When councillors may inspect the book, Monday to Friday. One row, kept by the MO."""

    opens = models.TimeField(default=DEFAULT_OPENS, help_text="Local time the book opens.")
    closes = models.TimeField(default=DEFAULT_CLOSES, help_text="Local time the book closes.")
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "inspection hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="inspection_hours_close_after_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opens:%H:%M} to {self.closes:%H:%M}"


class ClosureDay(models.Model):
    """A day the council's offices are closed besides weekends and bank holidays."""

    day = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.reason}"


class BookInspection(models.Model):
    """A councillor inspected the book. The log is never changed or deleted."""

    councillor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="book_inspections"
    )
    at = models.DateTimeField(db_index=True)
    source = models.CharField(
        max_length=64, blank=True, help_text="Where the request came from (its IP address)."
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.councillor_id}"
