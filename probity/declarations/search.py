"""The text a version is found by in the Monitoring Officer's search.

One helper, called wherever a version is built, so the stored ``search_text`` always matches
what the version says. Special-category facts are sealed and never reach this text: sealed
versions carry only their neutral title.
"""

from __future__ import annotations

from probity.core.search import search_normalise
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    VersionBase,
)


def search_text_parts(version: VersionBase) -> list[str]:
    """What a version may be found by: reference, declarant and what the entry is about."""
    declaration = version.declaration
    parts = [declaration.reference, declaration.declarant.full_name]
    parts.extend(BY_KIND[declaration.kind].shape.search_parts(version))
    return parts


def version_search_text(version: VersionBase) -> str:
    """The stored, normalised search text of a version (see ``probity.core.search``)."""
    return search_normalise(" ".join(p for p in search_text_parts(version) if p))
