"""``manage.py load_demo``: load the demo council, once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from probity.demo.data import COUNCIL_NAME
from probity.demo.loader import load_demo


class Command(BaseCommand):
    help = f"Load the demo council ({COUNCIL_NAME}). Does nothing if it is already loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PROBITY_ENV == "production":
            raise CommandError(
                "The demo council is made-up data and is never loaded in production. "
                "Use PROBITY_ENV=development with a database of its own."
            )
        summary = load_demo()
        if summary is None:
            self.stdout.write("Demo council already loaded.")
            return
        self.stdout.write(self.style.SUCCESS(summary.line()))
