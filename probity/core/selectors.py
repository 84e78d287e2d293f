"""Reads of audit events."""

from __future__ import annotations

from django.db.models import QuerySet

from probity.core.models import AuditEvent


def audit_events_for_subject(*, subject: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject=subject).select_related("actor").order_by("at", "id")
