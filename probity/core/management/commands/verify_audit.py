"""Check that no audit event has been changed, removed, added or reordered."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.core import clock
from probity.core.audit import audit_verify


class Command(BaseCommand):
    help = (
        "Walk the audit chain and check every event's keyed hash. Exits with an error naming the "
        "first bad event; prints 'audit chain intact: N events' otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify(now=clock.now(), batch_size=options["batch_size"])
        if not result.intact:
            raise CommandError(result.message)
        self.stdout.write(result.message)
