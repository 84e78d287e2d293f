"""Work out the council's dashboard figures again (for cron, e.g. hourly, or after a bulk load)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from probity.core import clock
from probity.oversight.selectors import COUNCIL, dashboard_refresh


class Command(BaseCommand):
    help = "Work out the council's dashboard figures again and store them."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        dashboard_refresh(COUNCIL, now=clock.now())
        self.stdout.write(f"Dashboard figures worked out in {time.perf_counter() - started:.2f} s.")
