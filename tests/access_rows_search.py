"""Access rows for the search across every register and the page per person: the Monitoring
Officer and deputies only; anyone else is told the page does not exist."""

from __future__ import annotations

from probity.declarations.models import Declaration
from tests.test_access_matrix import Row, only


def _declarant(d: dict[str, Declaration]) -> dict[str, str]:
    return {"person_id": str(d["gift"].declarant_id)}


ROWS = {
    "registers:search": Row(expect=only(("mo", "deputy"), no=404)),
    "registers:person": Row(kwargs=_declarant, expect=only(("mo", "deputy"), no=404)),
}
