"""Pass waiting work to whoever may act on it today (run daily, from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from probity.core import clock
from probity.declarations.services import assignments_daily


class Command(BaseCommand):
    help = (
        "Pass waiting declarations to the people who may act on them today: office holdings "
        "that start today or ended yesterday, leavers, and steps nobody could take."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = assignments_daily(now=clock.now())
        self.stdout.write(f"Waiting work passed on for {changed} declaration(s).")
