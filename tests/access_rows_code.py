"""Access rows for the code and the protocol.

Published versions: everyone, signed in or not. Comparing: staff. Confirming: people the code
applies to. Who has confirmed: the Monitoring Officer, deputies and managers (their reports).
Drafting and governance: the Monitoring Officer and deputies only.
"""

from __future__ import annotations

import datetime as dt

from probity.conduct import code_services as svc
from probity.conduct.documents import parse_text
from probity.conduct.models import CodeVersion, DocumentKind, MeetingOutcome, VersionStage
from probity.people.models import Person
from probity.people.selectors import office_holders
from tests.test_access_matrix import EVERYONE_WHO_DECLARES, SIGNED_IN, Row, only

MO_ONLY = ("mo", "deputy")
CONFIRMATION_LISTS = ("manager", "head", "mo", "deputy")  # the MO, and managers of reports
STAFF = tuple(p for p in SIGNED_IN if p != "councillor")
TEXT = (
    "1. Introduction\n1.1 High standards.\n\n2. Gifts and hospitality\n2.1 Declare every offer.\n"
)
AT = dt.datetime(2027, 1, 4, 10, 0, tzinfo=dt.UTC)


def _mo() -> Person:
    from probity.people.choices import OfficeKind

    mo = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=AT.date()).first()
    assert mo is not None, "The council fixture has a Monitoring Officer"
    return mo


def _versions() -> dict[str, CodeVersion]:
    """An adopted code (version 1), a draft of version 2, and a protocol with committee."""
    found = {
        "adopted": CodeVersion.objects.filter(stage=VersionStage.ADOPTED).first(),
        "draft": CodeVersion.objects.filter(stage=VersionStage.DRAFT).first(),
        "with_committee": CodeVersion.objects.filter(stage=VersionStage.WITH_COMMITTEE).first(),
    }
    if all(found.values()):
        return {k: v for k, v in found.items() if v is not None}
    mo = _mo()
    code = svc.draft_start(actor=mo, document=DocumentKind.CODE, now=AT)
    svc.draft_update_text(
        actor=mo, version=code, title="Code", change_summary="", parsed=parse_text(TEXT), now=AT
    )
    svc.draft_send_to_committee(actor=mo, version=code, now=AT)
    svc.committee_decision_record(
        actor=mo,
        version=code,
        committee="Standards Committee",
        meeting_date=dt.date(2027, 1, 4),
        outcome=MeetingOutcome.RECOMMENDED,
        now=AT,
    )
    svc.adoption_record(
        actor=mo,
        version=code,
        body="Full Council",
        meeting_date=dt.date(2027, 1, 4),
        outcome=MeetingOutcome.ADOPTED,
        takes_effect_on=dt.date(2027, 2, 1),
        review_due_on=dt.date(2030, 2, 1),
        now=AT,
    )
    draft = svc.draft_start(actor=mo, document=DocumentKind.CODE, now=AT)
    protocol = svc.draft_start(actor=mo, document=DocumentKind.PROTOCOL, now=AT)
    svc.draft_update_text(
        actor=mo,
        version=protocol,
        title="Protocol",
        change_summary="",
        parsed=parse_text(TEXT),
        now=AT,
    )
    svc.draft_send_to_committee(actor=mo, version=protocol, now=AT)
    return {"adopted": code, "draft": draft, "with_committee": protocol}


def _published(d: object) -> dict[str, str]:
    return {"document": "code", "number": str(_versions()["adopted"].number)}


def _draft(d: object) -> dict[str, str]:
    return {"version_id": str(_versions()["draft"].pk)}


def _with_committee(d: object) -> dict[str, str]:
    return {"version_id": str(_versions()["with_committee"].pk)}


def _section(d: object) -> dict[str, str]:
    draft = _versions()["draft"]
    section = draft.sections.order_by("position").first()
    assert section is not None
    return {"version_id": str(draft.pk), "section_id": str(section.pk)}


def _code(d: object) -> dict[str, str]:
    _versions()
    return {"document": "code"}


def _nothing(d: object) -> dict[str, str]:
    _versions()
    return {}


def _mo_then(status: int) -> dict[str, int]:
    """Only the MO and deputies get past the check; then the page answers ``status``."""
    return only(MO_ONLY, yes=status)


ALL_ROWS = {
    "code:current": Row(kwargs=_code),
    "code:versions": Row(kwargs=_code),
    "code:version": Row(kwargs=_published),
    "code:print": Row(kwargs=_published),
    "code:pdf": Row(kwargs=_published),
    "code:compare": Row(kwargs=_code, expect=only(STAFF)),
    "code:confirm": Row(kwargs=_nothing, expect=only(EVERYONE_WHO_DECLARES)),
    "code:confirmations": Row(kwargs=_nothing, expect=only(CONFIRMATION_LISTS)),
    "code:confirmations_csv": Row(kwargs=_nothing, expect=only(CONFIRMATION_LISTS)),
    "code:manage": Row(kwargs=_nothing, expect=only(MO_ONLY)),
    "code:draft_new": Row(kwargs=lambda d: {"document": "protocol"}, expect=only(MO_ONLY)),
    "code:draft": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:draft_text": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:draft_import": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:draft_values": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:section_duties": Row(kwargs=_section, expect=only(MO_ONLY)),
    "code:draft_send": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:draft_discard": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:draft_compare": Row(kwargs=_draft, expect=only(MO_ONLY)),
    "code:committee": Row(kwargs=_with_committee, expect=only(MO_ONLY)),
    # Nothing is waiting for adoption here: the MO is sent back to the version's page.
    "code:adopt": Row(kwargs=_with_committee, expect=_mo_then(302)),
}


ROWS = ALL_ROWS
