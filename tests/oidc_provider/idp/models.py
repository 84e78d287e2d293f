from __future__ import annotations

from django.conf import settings
from django.db import models


class Claims(models.Model):
    """What the provider says about a user beyond Django's fields."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    employee_number = models.CharField(max_length=40, blank=True)
    # None: the provider does not send email_verified at all (as Microsoft Entra ID does not).
    email_verified = models.BooleanField(null=True)

    def __str__(self) -> str:
        return f"Claims of {self.user}"
