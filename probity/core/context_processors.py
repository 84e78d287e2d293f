from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def probity(request: HttpRequest) -> dict[str, Any]:
    return {
        "council_name": settings.PROBITY_COUNCIL_NAME,
        "probity_version": settings.PROBITY_VERSION,
        "demo_mode": settings.PROBITY_DEMO,
    }
