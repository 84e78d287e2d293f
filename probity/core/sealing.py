"""Where sealed (encrypted) values are kept, and re-encrypting them all under the first key.

Each app that stores values made by ``crypto.seal`` registers the (model, field) in its
``AppConfig.ready()`` with ``register_sealed_field``; ``rotate_encryption_key`` then reaches them
all. A field must hold the token alone (text), or be empty. An app that writes files made by
``crypto.seal_bytes`` registers their folder with ``register_sealed_files``: every ``*.bin`` file
in it is re-encrypted too, each replaced whole (written beside it, then renamed over it).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


_SEALED_FILES: dict[str, Callable[[], Path]] = {}


def register_sealed_files(label: str, folder: Callable[[], Path]) -> None:
    """Name a folder of sealed files (``folder`` is called when rotating, as settings may
    change) under a label for the reports and the audit trail."""
    _SEALED_FILES[label] = folder


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
    for label, folder in _SEALED_FILES.items():
        reports.append(_rotate_files(label, folder(), now=now))
    return reports


def _rotate_files(label: str, folder: Path, *, now: dt.datetime) -> RotationReport:
    examined = resealed = 0
    if folder.is_dir():
        for leftover in folder.glob("*.rotating"):  # a run stopped before its rename
            leftover.unlink(missing_ok=True)
        for path in sorted(folder.glob("*.bin")):
            examined += 1
            token = crypto.reseal_bytes(path.read_bytes())
            if token is None:
                continue
            partial = path.with_suffix(".rotating")
            with partial.open("wb") as handle:
                handle.write(token)
                handle.flush()
                os.fsync(handle.fileno())
            partial.chmod(path.stat().st_mode & 0o777)
            partial.replace(path)
            resealed += 1
    if resealed:
        with transaction.atomic():
            audit_event(
                action="encryption.resealed",
                target_type=label,
                at=now,
                summary=(
                    f"Re-encrypted {resealed} stored file{'s' if resealed != 1 else ''} under "
                    "the first key"
                ),
            )
    return RotationReport(label, "stored files", examined, resealed)
