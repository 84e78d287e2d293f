"""Delete expired sessions. Part of the daily schedule; safe to run at any time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from probity.core import clock
from probity.core.maintenance import sessions_clear_expired


class Command(BaseCommand):
    help = "Delete sessions that have expired."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = sessions_clear_expired(now=clock.now())
        self.stdout.write(f"Deleted {deleted} expired session{'' if deleted == 1 else 's'}.")
