"""Whether a correction changes anything: a correction that changes nothing is refused.

Kept apart from the services so the check can be made by the correction form (to show
"You have not changed anything") and again, as a guard, by the service.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from probity.core import crypto
from probity.declarations.facts import GiftFacts, InterestFacts
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import VersionBase

NOTHING_CHANGED = "You have not changed anything"


class NothingChanged(ValueError):
    """A correction whose answers are the same as the entry's current version."""


def _same(stored: Any, given: Any) -> bool:
    if stored in (None, "") and given in (None, ""):
        return True
    if isinstance(stored, Decimal) or isinstance(given, Decimal):
        try:
            return Decimal(str(stored)) == Decimal(str(given))
        except ArithmeticError:
            return False
    return bool(stored == given)


def changes_nothing(
    version: VersionBase, facts: GiftFacts | InterestFacts | dict[str, Any]
) -> bool:
    """True when ``facts`` would store exactly what ``version`` already holds."""
    if isinstance(facts, GiftFacts | InterestFacts):
        return all(
            _same(getattr(version, name, None), value) for name, value in facts.as_fields().items()
        )
    shape = BY_KIND[version.declaration.kind].shape
    sealed = shape.sealed_text(version)
    current = crypto.unseal(sealed) if sealed else shape.facts_of(version)
    if current is None:
        return False
    return all(_same(current.get(name), facts.get(name)) for name in set(current) | set(facts))
