"""``manage.py load_demo``: load the demo council, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from probity.demo.data import COUNCIL_NAME
from probity.demo.loader import load_demo


class Command(BaseCommand):
    help = f"Load the demo council ({COUNCIL_NAME}). Does nothing if it is already loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        if summary is None:
            self.stdout.write("Demo council already loaded.")
            return
        self.stdout.write(self.style.SUCCESS(summary.line()))
