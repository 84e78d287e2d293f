"""The demo's code: two versions with a real governance history, and the protocol."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Council
from probity.conduct import documents
from probity.conduct.code_selectors import (
    code_review_warning,
    confirmation_rows,
    section_texts,
    sections_for_kind,
    version_in_force,
)
from probity.conduct.models import CodeVersion, DocumentKind, GovernanceDecision, VersionStage
from probity.core.clock import LONDON
from probity.core.models import AuditEvent
from probity.demo.code import load_demo_code

# The code's URLs are not yet in probity/urls.py: remove this mark when they are.
pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.astimezone(LONDON).date()


def test_the_demo_code_has_two_adopted_versions_and_a_protocol(council: Council) -> None:
    load_demo_code(mo=council.mo, now=NOW)
    code = version_in_force(document=DocumentKind.CODE, today=TODAY)
    assert code is not None and code.number == 2
    assert code.sections.count() == 19
    assert code.principles.count() == 7 + 3  # the Nolan principles and three values
    v1 = CodeVersion.objects.get(document=DocumentKind.CODE, number=1)
    assert v1.stage == VersionStage.ADOPTED and v1.sections.count() == 17
    # The committee deferred version 2 once before recommending it.
    outcomes = list(
        GovernanceDecision.objects.filter(version=code).values_list("outcome", flat=True)
    )
    assert outcomes == ["deferred", "recommended", "adopted"]
    for decision in GovernanceDecision.objects.all():
        assert decision.meeting_date.weekday() < 5
    protocol = version_in_force(document=DocumentKind.PROTOCOL, today=TODAY)
    assert protocol is not None and protocol.sections.count() == 9
    assert AuditEvent.objects.filter(action="code.adopted").count() == 3


def test_the_comparison_shows_real_changes(council: Council) -> None:
    load_demo_code(mo=council.mo, now=NOW)
    v1, v2 = CodeVersion.objects.filter(document=DocumentKind.CODE).order_by("number")
    changes = documents.diff_sections(section_texts(version=v1), section_texts(version=v2))
    summary = documents.summarise_diff(changes)
    assert summary.added == 2  # raising concerns, using council services
    assert summary.changed >= 4  # outside work, gifts, property, declarations
    assert summary.removed == 0
    gifts = next(c for c in changes if c.new and c.new.heading == "Gifts and hospitality")
    assert gifts.change == documents.Change.CHANGED
    assert gifts.renumbered and gifts.old is not None and gifts.old.number == "13"


def test_each_duty_leads_to_a_section_and_the_review_warning_shows(council: Council) -> None:
    load_demo_code(mo=council.mo, now=NOW)
    refs = sections_for_kind("gift_hospitality", today=TODAY)
    assert [(r.number, r.heading) for r in refs] == [("15", "Gifts and hospitality")]
    for kind in documents.DECLARATION_KINDS:
        assert sections_for_kind(kind, today=TODAY), f"No section asks for {kind}"
    warnings = code_review_warning(TODAY)
    assert [w.version.document for w in warnings] == ["protocol"]


def test_some_have_confirmed_and_the_demo_officer_has_not(council: Council) -> None:
    load_demo_code(mo=council.mo, now=NOW)
    code = version_in_force(document=DocumentKind.CODE, today=TODAY)
    assert code is not None
    rows = {
        r.person.user.username: r
        for r in confirmation_rows(version=code, today=TODAY)
        if r.person.user
    }
    assert not rows["officer"].confirmed
    assert not rows["contractor"].confirmed
    assert any(r.confirmed for r in rows.values())
    assert not all(r.confirmed for r in rows.values())


def test_the_code_loads_into_the_full_demo_council() -> None:
    from probity.demo.loader import load_demo

    load_demo(now=NOW)
    # load_demo loads the code as part of the demo council.
    code = version_in_force(document=DocumentKind.CODE, today=TODAY)
    assert code is not None and code.number == 2
    rows = confirmation_rows(version=code, today=TODAY)
    assert 0 < sum(r.confirmed for r in rows) < len(rows)
    assert {r.directorate for r in rows} - {"No directorate"}
