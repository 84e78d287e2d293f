"""What declarations tell the offices settings: the days on which a person recorded decisions.

Registered in ``people.hooks.acts_recorded`` when the app starts, so that a back-dated change of
who holds an office never cuts short a holding under which decisions were made.
"""

from __future__ import annotations

import datetime as dt

from probity.core.clock import LONDON
from probity.declarations.models import Decision


def decision_days(person_id: int, first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The days (in London) from ``first`` to ``last`` on which ``person_id`` recorded a decision."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=LONDON)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)
    made = Decision.objects.filter(actor_id=person_id, created_at__gte=start, created_at__lt=end)
    return frozenset(
        at.astimezone(LONDON).date() for at in made.values_list("created_at", flat=True)
    )
