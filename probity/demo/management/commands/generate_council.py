"""``manage.py generate_council``: a large made-up council for benchmarks and load tests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from probity.core import clock
from probity.demo.generate import (
    DEFAULT_DECLARATIONS,
    DEFAULT_PEOPLE,
    GenerateRefused,
    generate_council,
)


class Command(BaseCommand):
    help = (
        "Load the demo council, then add people and declarations around it until it is the size "
        "asked for: a council to benchmark and load-test. The same seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"People in the council, the demo's included (default {DEFAULT_PEOPLE:,}).",
        )
        parser.add_argument(
            "--declarations",
            type=int,
            default=DEFAULT_DECLARATIONS,
            help=f"Declarations to add (default {DEFAULT_DECLARATIONS:,}).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the made-up data.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the database first (everything in it is lost).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PROBITY_ENV == "production":
            raise CommandError(
                "A generated council is made-up data and is never made in production. "
                "Use PROBITY_ENV=development with a database of its own."
            )
        if options["people"] < 1 or options["declarations"] < 0:
            raise CommandError("--people must be at least 1 and --declarations at least 0.")

        def say(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        try:
            result = generate_council(
                people=options["people"],
                declarations=options["declarations"],
                seed=options["seed"],
                now=clock.now(),
                replace=options["replace"],
                progress=say,
            )
        except (GenerateRefused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        say("Rows:")
        for table_name, count in result.counts.items():
            say(f"  {table_name}: {count:,}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
                row = cursor.fetchone()
            say(f"Database size: {row[0] if row else 'unknown'}")
        self.stdout.write(
            self.style.SUCCESS(f"Generated the council in {result.total_seconds:.1f} s.")
        )
