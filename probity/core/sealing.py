"""Where sealed (encrypted) values are kept, and re-encrypting them all under the first key.

Each app that stores values made by ``crypto.seal`` registers the (model, field) in its
``AppConfig.ready()`` with ``register_sealed_field``; ``rotate_encryption_key`` then reaches them
all. A field must hold the token alone (text), or be empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from probity.core import crypto
from probity.core.audit import audit_event

_SEALED_FIELDS: list[tuple[str, str]] = []


def register_sealed_field(model: str, field: str) -> None:
    """Name a field (``"app_label.Model"``, ``"field"``) that holds sealed text."""
    if (model, field) not in _SEALED_FIELDS:
        _SEALED_FIELDS.append((model, field))


def sealed_fields() -> list[tuple[str, str]]:
    return list(_SEALED_FIELDS)


@dataclass(frozen=True)
class RotationReport:
    model: str
    field: str
    examined: int
    resealed: int


def rotate_sealed_values(
    *,
    now: dt.datetime,
    batch_size: int = 500,
    progress: Callable[[str], None] | None = None,
) -> list[RotationReport]:
    """Re-encrypt every sealed value under the first key, one batch per transaction.

    Values already under the first key are left alone, so a run that stops part-way can simply
    be run again. Each batch that changed anything leaves one audit event.
    """
    reports: list[RotationReport] = []
    for label, field in sealed_fields():
        model = apps.get_model(label)
        examined = resealed = 0
        last_pk = None
        while True:
            with transaction.atomic():
                rows = model._default_manager.select_for_update().exclude(**{field: ""})
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(rows.order_by("pk").values_list("pk", field)[:batch_size])
                if not batch:
                    break
                changed = 0
                for pk, token in batch:
                    new_token = crypto.reseal(token)
                    if new_token is not None:
                        model._default_manager.filter(pk=pk).update(**{field: new_token})
                        changed += 1
                if changed:
                    audit_event(
                        action="encryption.resealed",
                        target_type=model._meta.label_lower,
                        at=now,
                        summary=(
                            f"Re-encrypted {changed} value{'s' if changed != 1 else ''} of "
                            f"{field} under the first key (ids {batch[0][0]} to {batch[-1][0]})"
                        ),
                    )
            examined += len(batch)
            resealed += changed
            last_pk = batch[-1][0]
            if progress is not None:
                progress(f"{label}.{field}: {examined} examined, {resealed} re-encrypted")
        reports.append(RotationReport(label, field, examined, resealed))
    return reports
