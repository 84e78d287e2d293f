"""Erase the personal content of closed concerns kept past their date (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from probity.concerns.services import erase_due
from probity.core import clock


class Command(BaseCommand):
    help = (
        "Erase the personal content of every closed concern whose keep-until date has passed, "
        "leaving an audited stub. Run once a day; safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = erase_due(clock.today())
        self.stdout.write(f"{erased} concern(s) erased.")
