"""Access rows for the offices pages: the Monitoring Officer and deputies (and the Chief Executive, for the Monitoring Officer's office)."""

from __future__ import annotations

from probity.people.models import Office, OfficeHolding
from tests.test_access_matrix import SIGNED_IN, Row, only


def _first_office(d: object) -> dict[str, str]:
    office = Office.objects.order_by("pk").first()
    assert office is not None, "The council fixture creates offices"
    return {"office_id": str(office.pk)}


def _first_holding(d: object) -> dict[str, str]:
    holding = OfficeHolding.objects.order_by("pk").first()
    assert holding is not None, "The council fixture creates holdings"
    return {"holding_id": str(holding.pk)}


ROWS = {
    "people:offices": Row(expect=only(("mo", "deputy"))),
    "people:office_holder": Row(kwargs=_first_office, expect=only(("mo", "deputy"))),
    "people:office_deputy": Row(kwargs=_first_office, expect=only(("mo", "deputy"))),
    # The matrix asks with GET: the sign-in check runs first, then only POST is allowed.
    "people:holding_end": Row(
        kwargs=_first_holding, expect={**dict.fromkeys(SIGNED_IN, 405), "anonymous": 302}
    ),
}
