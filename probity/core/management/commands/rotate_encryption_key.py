"""Re-encrypt every sealed value and stored file under the first key in PROBITY_ENCRYPTION_KEY."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.core import clock
from probity.core.crypto import EncryptionKeyError
from probity.core.sealing import rotate_sealed_values


class Command(BaseCommand):
    help = (
        "Re-encrypt every sealed value and stored file under the first key in PROBITY_ENCRYPTION_KEY. Put the new "
        "key first and keep the old one after it; run this; then remove the old key. Safe to run "
        "again if it stops part-way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = rotate_sealed_values(
                now=clock.now(),
                batch_size=options["batch_size"],
                progress=self.stdout.write if options["verbosity"] > 1 else None,
            )
        except EncryptionKeyError as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            what = f"{report.model}.{report.field}: {report.resealed} of {report.examined}"
            if report.field == "stored files":
                what = f"{report.model}: {report.resealed} of {report.examined} stored files"
            else:
                what += " sealed values"
            self.stdout.write(f"{what} re-encrypted under the first key.")
