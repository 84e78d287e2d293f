"""The council's policy settings that the code's rules read."""

from __future__ import annotations

from django.db import models

from probity.people.choices import OfficeKind
from probity.people.models import Grade, Person


class CouncilPolicy(models.Model):
    """Policy values the Monitoring Officer sets. One row; every change is audited."""

    gift_guidance = models.TextField(
        help_text="The council's guidance on gifts and hospitality of token value."
    )
    consent_grade = models.ForeignKey(
        Grade,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Outside employment at or above this grade needs prior consent. Empty: every grade.",
    )
    referral_office = models.CharField(
        max_length=40,
        choices=OfficeKind.choices,
        default=OfficeKind.CHIEF_EXECUTIVE,
        help_text="The senior office that decides cases about staff in discretionary services.",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "council policy"

    def __str__(self) -> str:
        return "Council policy"
