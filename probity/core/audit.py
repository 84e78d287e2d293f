"""Writing audit events. Call only from inside a service's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from probity.core.models import AuditEvent

JSONValue = Any


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, JSONValue]:
    """A JSON-safe copy of a model instance's concrete field values."""
    data: dict[str, JSONValue] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | float | str | list | dict):
            value = str(value)
        data[field.name] = value
    return data


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    at: dt.datetime,
    subject: str = "",
    summary: str = "",
    before: Mapping[str, JSONValue] | None = None,
    after: Mapping[str, JSONValue] | None = None,
    source: str = "",
) -> AuditEvent:
    """Record an audit event. Must run inside the transaction of the write it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the service's transaction.")
    return AuditEvent.objects.create(
        at=at,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else "",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        subject=subject,
        summary=summary[:300],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        source=source[:64],
    )
