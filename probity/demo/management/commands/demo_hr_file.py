"""``manage.py demo_hr_file [OUT]``: the demo council's sample HR file, to try the import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from probity.core import clock
from probity.demo.hr_sample import demo_hr_file
from probity.people.models import Person


class Command(BaseCommand):
    help = (
        "Write a sample HR file for the demo council (a starter, a leaver and a change of line "
        "manager), to import under People > Import an HR file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", nargs="?", default="demo-hr-file.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Person.objects.filter(employee_number__startswith="EB").exists():
            raise CommandError("Load the demo council first (manage.py load_demo).")
        out = Path(options["out"])
        out.write_bytes(demo_hr_file(today=clock.today()))
        self.stdout.write(f"Wrote the demo HR file to {out}")
