"""How a version's facts read to a person: labelled rows for summary lists and tables.

Each kind's shape (``kinds.KindShape``) knows how its versions read; these ask it.
"""

from __future__ import annotations

from typing import Any

from probity.declarations.kinds import (
    BY_KIND,
    HIDDEN,
    OWN_INTEREST_THIRD_PERSON,
    FactRow,
)
from probity.declarations.models import VersionBase

__all__ = [
    "HIDDEN",
    "OWN_INTEREST_THIRD_PERSON",
    "Row",
    "version_rows",
    "version_summary",
]

Row = FactRow


def version_rows(
    version: VersionBase, *, facts: dict[str, Any] | None = None, third_person: bool = False
) -> list[Row]:
    """Labelled rows of a version's facts. Sealed facts show only when decrypted ``facts`` are given.

    ``third_person`` words the rows for someone other than the declarant ("Their role").
    """
    shape = BY_KIND[version.declaration.kind].shape
    return shape.rows(version, facts=facts, third_person=third_person)


def version_summary(version: VersionBase) -> str:
    """One line that names the entry in lists."""
    return BY_KIND[version.declaration.kind].shape.summary(version)
