"""``manage.py import_people FILE [--full] [--dry-run]``: apply an HR file, for a nightly job.

Exit codes: 0 applied (or nothing to change); 1 the file cannot be read; 2 rows with errors,
nothing applied (each is printed with its row number); 3 the database refused the changes,
nothing applied. ``--dry-run`` prints what would change and applies nothing (0, or 2 with errors).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from probity.core import clock
from probity.people import feed_services
from probity.people.feed_files import FileProblem, read_file

SOURCE = "import_people"


class Command(BaseCommand):
    help = "Apply an HR file (CSV or XLSX) to the people recorded; all of it or none of it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The HR file (.csv or .xlsx).")
        parser.add_argument(
            "--full",
            action="store_true",
            help="The file lists everyone: people missing from it are listed for HR to check.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        now = clock.now()
        try:
            data = path.read_bytes()
            rows = read_file(path.name, data)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=1) from exc
        except FileProblem as exc:
            raise CommandError(f"{path}: {exc}", returncode=1) from exc
        result = feed_services.plan_rows(
            rows, full=options["full"], today=now.astimezone(clock.LONDON).date()
        )
        for error in result.errors:
            self.stderr.write(
                f"Row {error.row} ({error.employee_number or 'no number'}): {error.reason}"
            )
        if result.errors:
            self._summary(result.summary(), options, "Not applied")
            raise CommandError(
                f"{len(result.errors)} rows have errors; nothing was applied.", returncode=2
            )
        if options["dry_run"]:
            self._summary(result.summary(), options, "Would apply (dry run)")
            return
        try:
            feed, _ = feed_services.feed_receive(
                user=None, filename=path.name, data=data, full=options["full"], now=now
            )
            applied = feed_services.feed_apply(feed=feed, user=None, now=now, source=SOURCE)
        except feed_services.FeedRefused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except DatabaseError as exc:
            raise CommandError(
                f"The database refused the changes, so nothing was applied: {exc}", returncode=3
            ) from exc
        self._summary(applied.summary(), options, "Applied")

    def _summary(self, summary: dict[str, int], options: dict[str, Any], lead: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"result": lead, **summary}))
            return
        self.stdout.write(
            f"{lead}: {summary['rows']} rows; {summary['adds']} to add, {summary['changes']} to "
            f"change, {summary['leavers']} leaving, {summary['unchanged']} unchanged, "
            f"{summary['errors']} with errors"
            + (
                f"; {summary['missing']} not in the file ({summary['newly_missing']} newly)"
                if options["full"]
                else ""
            )
        )
