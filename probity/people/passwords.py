"""A password validator that also refuses passwords too like the person's own name."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError


def _names(user: Any) -> list[str]:
    """The person's name as written and run together ("Karen Doyle", "karendoyle")."""
    names: list[str] = []
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    for name in (
        getattr(person, "full_name", ""),
        f"{getattr(user, 'first_name', '')} {getattr(user, 'last_name', '')}",
    ):
        joined = re.sub(r"\W+", "", name or "").lower()
        if len(joined) >= 3:
            names.append(joined)
    return names


class PersonNameSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check, plus the person's whole name run together."""

    def validate(self, password: str, user: Any = None) -> None:
        super().validate(password, user)
        if user is None:
            return
        lowered = password.lower()
        for name in _names(user):
            if name in lowered or (
                SequenceMatcher(a=lowered, b=name).quick_ratio() >= self.max_similarity
                and SequenceMatcher(a=lowered, b=name).ratio() >= self.max_similarity
            ):
                raise ValidationError(
                    "Your password is too like your name. Choose one that is not.",
                    code="password_too_similar",
                )
