"""Make any missing PDF of an adopted version. Run after each deploy and daily (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from probity.conduct.code_pdfs import pdfs_for_adopted
from probity.core import clock


class Command(BaseCommand):
    help = (
        "Make and keep the PDF of every adopted version of the code and the protocol whose "
        "print page has none yet (after a release, and when a version comes into force or is "
        "superseded). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made, kept = pdfs_for_adopted(today=clock.today(), now=clock.now())
        self.stdout.write(f"Made {made} PDF{'' if made == 1 else 's'}; {kept} already kept.")
