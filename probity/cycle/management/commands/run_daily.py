"""Everything due today, from cron once a day. Running it twice on one day sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.core import clock
from probity.cycle.run import run_daily


class Command(BaseCommand):
    help = (
        "Do everything due today: annual round reminders and overdue digests, approvals due for "
        "renewal, requests to read the code, passing on waiting work, deleting expired sessions "
        "and checking the audit chain. Exits with an error if any part failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-audit-check",
            action="store_true",
            help="Leave out the audit chain check (it reads every event; run verify_audit apart).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_daily(
            now=clock.now(),
            base_url=settings.PROBITY_BASE_URL,
            audit_check=not options["skip_audit_check"],
        )
        for part in report.parts:
            self.stdout.write(f"{part.name}: {part.outcome} ({part.seconds:.2f} s)")
        if not report.ok:
            raise CommandError("Some of today's work failed; see above.")
