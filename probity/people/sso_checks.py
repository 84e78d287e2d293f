"""The system check for single sign-on: start-up stops when a PROBITY_OIDC_* variable is missing
or malformed (``manage.py check`` and every command run it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from probity.people.sso_config import sso_problems


def _values() -> dict[str, Any]:
    return {name: getattr(settings, name) for name in dir(settings) if name.isupper()}


@register()
def single_sign_on_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(message, hint=hint, id=f"probity.E1{number:02d}")
        for number, (message, hint) in enumerate(sso_problems(_values()), start=1)
    ]
