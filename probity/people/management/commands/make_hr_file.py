"""``manage.py make_hr_file --people N OUT``: a made-up HR file for benchmarks and trials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.people.hr_file_maker import hr_file


class Command(BaseCommand):
    help = (
        "Write a made-up HR file of N people (CSV, or Excel if OUT ends .xlsx), using the grades "
        "and services recorded now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="Where to write the file (.csv or .xlsx).")
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            data = hr_file(
                options["people"], seed=options["seed"], xlsx=out.suffix.lower() == ".xlsx"
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(data)
        self.stdout.write(f"Wrote {options['people']} people to {out}")
