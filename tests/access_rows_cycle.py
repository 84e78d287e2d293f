"""Access rows for the annual round: the Monitoring Officer's pages, each person's return and a
manager's team view. A round for everyone is opened for the rows that name one."""

from __future__ import annotations

import datetime as dt

from probity.core import clock
from probity.cycle.choices import PopulationScope
from probity.cycle.models import Round
from probity.cycle.rules import Population
from probity.cycle.services import round_open
from probity.declarations.models import Declaration
from probity.people.choices import OfficeKind
from probity.people.selectors import office_holders
from tests.test_access_matrix import EVERYONE_WHO_DECLARES, SIGNED_IN, Row, only


def _round_id(d: dict[str, Declaration]) -> str:
    round = Round.objects.order_by("pk").first()
    if round is None:
        today = clock.today()
        mo = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today).get()
        round = round_open(
            actor=mo,
            title="Annual return",
            deadline=today + dt.timedelta(days=30),
            population=Population(PopulationScope.EVERYONE),
            now=clock.now(),
        )
    return str(round.pk)


def _round(d: dict[str, Declaration]) -> dict[str, str]:
    return {"round_id": _round_id(d)}


def _interest(d: dict[str, Declaration]) -> dict[str, str]:
    return {"round_id": _round_id(d), "reference": d["interest"].reference}


KEEPERS = ("mo", "deputy")
#: People with reports or a service to head: the manager, the Head of Service and the MO (the
#: deputy reports to the MO).
TEAM = ("manager", "head", "mo", "deputy")

ROWS = {
    "cycle:rounds": Row(expect=only(KEEPERS, no=404)),
    "cycle:open": Row(expect=only(KEEPERS, no=404)),
    "cycle:settings": Row(expect=only(KEEPERS, no=404)),
    "cycle:detail": Row(kwargs=_round, expect=only(KEEPERS, no=404)),
    "cycle:team": Row(kwargs=_round, expect=only(TEAM, no=404)),
    # GET is the confirmation page; closing is a POST from it.
    "cycle:close": Row(kwargs=_round, expect=only(KEEPERS, no=404)),
    "cycle:mine": Row(kwargs=_round, expect=only(EVERYONE_WHO_DECLARES, no=404)),
    "cycle:nil_return": Row(kwargs=_round, expect=only(EVERYONE_WHO_DECLARES, no=404)),
    # Only the officer has the interest; anyone else is told it does not exist.
    "cycle:review_interest": Row(kwargs=_interest, expect=only(("officer",), no=404)),
    # The matrix asks with GET: the sign-in check runs first, then only POST is allowed.
    "cycle:confirm": Row(kwargs=_round, expect={**dict.fromkeys(SIGNED_IN, 405), "anonymous": 302}),
}
