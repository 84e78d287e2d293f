"""Email everyone who has not yet read the code in force. Run daily (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from probity.conduct.code_services import confirmation_requests_send
from probity.core import clock


class Command(BaseCommand):
    help = "Ask everyone the code applies to, who has not read the version in force, to read and confirm it."

    def handle(self, *args: Any, **options: Any) -> None:
        count = confirmation_requests_send(now=clock.now(), base_url=settings.PROBITY_BASE_URL)
        self.stdout.write(f"Asked {count} {'person' if count == 1 else 'people'} to read the code.")
