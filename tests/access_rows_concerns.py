"""Access rows for concerns and breach cases.

The matrix's concern was sent to the Monitoring Officer, is about the officer, and is handled by
the stranger; its breach case is about the officer. So the officer, their line manager and their
head of service get 404 for all of it, as does everyone else but the Monitoring Officer, the
deputy and the handler. The reporting pages are public. The anonymous reporter, who holds no
account, has rows of their own in tests/test_concerns_access.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from probity.concerns.models import BreachCase, Concern
from probity.concerns.services import (
    Attachment,
    Report,
    breach_open,
    concern_report,
    handler_assign,
    subject_add,
)
from probity.declarations.models import Declaration
from probity.people.models import Person
from tests.test_access_matrix import PERSONAS, SIGNED_IN, Row, only

NOW = dt.datetime(2027, 3, 2, 11, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n%%EOF\n"
SEES = ("mo", "deputy", "stranger")


def _made(d: dict[str, Declaration]) -> tuple[Concern, BreachCase]:
    cached: Any = d.get("_concern_made")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    officer = d["gift"].declarant
    mo = Person.objects.get(user__username="mo")
    stranger = Person.objects.get(user__username="stranger")
    concern, _ = concern_report(
        report=Report(
            kind="fraud",
            recipient="monitoring_officer",
            what="Something improper",
            when="Last week",
            who="",
            anonymous=True,
            password="a long reporter password",
            attachments=(Attachment("a.pdf", PDF, "application/pdf", "pdf"),),
        ),
        signed_in=None,
        now=NOW,
    )
    handler_assign(actor=mo, concern=concern, person=stranger, now=NOW)
    subject_add(actor=mo, concern=concern, person=officer, now=NOW)
    case = breach_open(
        actor=mo, person=officer, basis="concern", allegation="x", concern=concern, now=NOW
    )
    d["_concern_made"] = (concern, case)  # type: ignore[assignment]
    return concern, case


def concern(d: dict[str, Declaration]) -> dict[str, str]:
    return {"reference": _made(d)[0].reference}


def concern_file(d: dict[str, Declaration]) -> dict[str, str]:
    made = _made(d)[0]
    return {"reference": made.reference, "file_id": str(made.files.get().pk)}


def concern_action(d: dict[str, Declaration]) -> dict[str, str]:
    return {"reference": _made(d)[0].reference, "action": "note"}


def case(d: dict[str, Declaration]) -> dict[str, str]:
    return {"reference": _made(d)[1].reference}


def sees(allowed: tuple[str, ...], *, acts: tuple[str, ...] | None = None) -> dict[str, int]:
    """200 for those who may act, 403 for those who see but may not act, 404 for the rest."""
    acting = allowed if acts is None else acts
    expected = {p: 200 if p in acting else 403 if p in allowed else 404 for p in SIGNED_IN}
    expected["anonymous"] = 302
    return expected


PUBLIC = dict.fromkeys(PERSONAS, 200)

ROWS = {
    "concerns:report": Row(expect=PUBLIC),
    "concerns:follow_up": Row(expect=PUBLIC),
    # Without the reporter's own cookie, the case page sends everyone to the follow-up page.
    "concerns:case": Row(expect=dict.fromkeys(PERSONAS, 302)),
    "concerns:case_sign_out": Row(expect=dict.fromkeys(PERSONAS, 405)),
    "concerns:list": Row(expect=only(SIGNED_IN)),
    "concerns:counts": Row(expect=only(("mo", "deputy"))),
    "concerns:detail": Row(kwargs=concern, expect=sees(SEES)),
    "concerns:file": Row(kwargs=concern_file, expect=sees(SEES)),
    "concerns:act": Row(kwargs=concern_action, expect=sees(SEES)),
    "concerns:breach_list": Row(expect=only(("mo", "deputy"))),
    "concerns:breach_new": Row(expect=only(("mo", "deputy"))),
    "concerns:breach_detail": Row(kwargs=case, expect=sees(SEES)),
    "concerns:breach_update": Row(kwargs=case, expect=sees(SEES, acts=("mo", "deputy"))),
}
