"""System checks of our own (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.database, deploy=True)
def sqlite_in_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if settings.PROBITY_ENV == "production" and engine == "django.db.backends.sqlite3":
        return [
            Warning(
                "Production is running on SQLite.",
                hint=(
                    "SQLite serves a small council on one machine, one writer at a time. Use "
                    "PostgreSQL (DATABASE_URL=postgres://...) for a larger body, several "
                    "application servers, or backups taken while it runs."
                ),
                id="probity.W001",
            )
        ]
    return []
