"""``manage.py bench_hr_import --people 50000``: time an HR file of N people imported twice.

Uses the grades and services recorded now (load the demo council first on an empty database).
The second import must change nothing. Prints JSON with both timings."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.people.feed_services import bench_import
from probity.people.hr_file_maker import hr_file


class Command(BaseCommand):
    help = "Time importing a made-up HR file of N people twice (the second run changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--xlsx", action="store_true", help="Use an Excel file, not CSV.")

    def handle(self, *args: Any, **options: Any) -> None:
        suffix = ".xlsx" if options["xlsx"] else ".csv"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"hr{suffix}"
            path.write_bytes(hr_file(options["people"], seed=options["seed"], xlsx=options["xlsx"]))
            first = bench_import(path)
            second = bench_import(path)
        report = {
            "people": options["people"],
            "format": suffix[1:],
            "first": first,
            "second": second,
        }
        self.stdout.write(json.dumps(report))
        changed = {
            k: v for k, v in second["summary"].items() if k not in ("rows", "unchanged", "missing")
        }
        if any(changed.values()):
            raise CommandError(f"The second import changed something: {changed}")
