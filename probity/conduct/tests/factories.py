"""A code version taken from draft to adoption through the services, for tests."""

from __future__ import annotations

import datetime as dt

from probity.conduct import code_services as svc
from probity.conduct.documents import parse_text
from probity.conduct.models import CodeVersion, DocumentKind, MeetingOutcome
from probity.people.models import Person

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


def adopted_version(
    mo: Person,
    *,
    text: str,
    title: str = "Code",
    effect: dt.date = dt.date(2027, 3, 1),
    review: dt.date = dt.date(2030, 3, 1),
    document: str = DocumentKind.CODE,
    duties: dict[str, list[str]] | None = None,
) -> CodeVersion:
    """Draft, send to committee, recommend and adopt a version; ``duties`` maps section numbers
    to the declaration kinds they ask for."""
    version = svc.draft_start(actor=mo, document=document, now=NOW)
    svc.draft_update_text(
        actor=mo, version=version, title=title, change_summary="", parsed=parse_text(text), now=NOW
    )
    for number, kinds in (duties or {}).items():
        svc.section_set_kinds(
            actor=mo, section=version.sections.get(number=number), kinds=kinds, now=NOW
        )
    svc.draft_send_to_committee(actor=mo, version=version, now=NOW)
    svc.committee_decision_record(
        actor=mo,
        version=version,
        committee="Standards Committee",
        meeting_date=dt.date(2027, 1, 10),
        outcome=MeetingOutcome.RECOMMENDED,
        now=NOW,
    )
    svc.adoption_record(
        actor=mo,
        version=version,
        body="Full Council",
        meeting_date=dt.date(2027, 2, 1),
        outcome=MeetingOutcome.ADOPTED,
        takes_effect_on=effect,
        review_due_on=review,
        now=NOW,
    )
    version.refresh_from_db()
    return version
