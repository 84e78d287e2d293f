"""Declaration links follow their sections; a draft can be discarded and compared with the
version in force; "Send to committee" lists each section's link and warns about lost ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.conduct import code_services as svc
from probity.conduct.code_services import CodeError
from probity.conduct.documents import (
    LostLink,
    ParagraphText,
    SectionText,
    Stage,
    Standing,
    VersionFacts,
    can_discard,
    can_start_draft,
    carry_kinds,
    diff_sections,
    lost_links,
    parse_text,
    standing,
)
from probity.conduct.models import CodeVersion, DocumentKind, VersionStage
from probity.conduct.tests.factories import adopted_version
from probity.core import clock
from probity.core.models import AuditEvent

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
GIFT = "gift_hospitality"
INTEREST = "personal_interest"


def s(number: str, heading: str, text: str = "", kinds: tuple[str, ...] = ()) -> SectionText:
    paragraphs = (ParagraphText(f"{number}.1", text),) if text else ()
    return SectionText(number, heading, paragraphs, kinds)


OLD = (
    s("1", "Introduction", "High standards are expected of everyone."),
    s("2", "Gifts and hospitality", "Declare every offer you receive.", (GIFT,)),
    s("3", "Your interests", "Tell us about shares and land you own.", (INTEREST,)),
)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        # Pasted again unchanged: every link stays.
        (
            tuple(SectionText(x.number, x.heading, x.paragraphs) for x in OLD),
            ((), (GIFT,), (INTEREST,)),
        ),
        # A new section 2 pushes the others down: links follow their headings, not numbers.
        (
            (
                s("1", "Introduction", "High standards are expected of everyone."),
                s("2", "Using council resources", "Only for council work."),
                s("3", "Gifts and hospitality", "Declare every offer you receive."),
                s("4", "Your interests", "Tell us about shares and land you own."),
            ),
            ((), (), (GIFT,), (INTEREST,)),
        ),
        # A renamed heading with the same words keeps its link (likeness).
        (
            (
                s("1", "Introduction", "High standards are expected of everyone."),
                s("2", "Gifts, hospitality and invitations", "Declare every offer you receive."),
                s("3", "Your interests", "Tell us about shares and land you own."),
            ),
            ((), (GIFT,), (INTEREST,)),
        ),
        # Renamed and rewritten, but the same number: the number decides.
        (
            (
                s("1", "Introduction", "High standards are expected of everyone."),
                s("2", "Offers", "Completely different wording throughout here."),
                s("3", "Your interests", "Tell us about shares and land you own."),
            ),
            ((), (GIFT,), (INTEREST,)),
        ),
        # A section removed: its link goes with it; the rest keep theirs.
        (
            (
                s("1", "Introduction", "High standards are expected of everyone."),
                s("2", "Your interests", "Tell us about shares and land you own."),
            ),
            ((), (INTEREST,)),
        ),
        # Kinds named by the new text win.
        (
            (s("1", "Gifts and hospitality", "Declare every offer.", (INTEREST,)),),
            ((INTEREST,),),
        ),
    ],
    ids=["pasted-again", "renumbered", "renamed", "same-number", "removed", "explicit"],
)
def test_links_follow_their_sections(
    new: tuple[SectionText, ...], expected: tuple[tuple[str, ...], ...]
) -> None:
    assert carry_kinds(OLD, new) == expected


def test_lost_links_name_removed_sections_and_sections_that_stopped_asking() -> None:
    new = (
        s("1", "Introduction", "High standards are expected of everyone."),
        s("2", "Gifts and hospitality", "Declare every offer you receive."),
    )
    assert lost_links(diff_sections(OLD, new)) == (
        LostLink("2", "Gifts and hospitality", (GIFT,), removed=False),
        LostLink("3", "Your interests", (INTEREST,), removed=True),
    )
    assert lost_links(diff_sections(OLD, OLD)) == ()


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.DRAFT, True),
        (Stage.WITH_COMMITTEE, False),
        (Stage.RECOMMENDED, False),
        (Stage.ADOPTED, False),
        (Stage.DISCARDED, False),
    ],
)
def test_only_a_draft_can_be_discarded(stage: Stage, expected: bool) -> None:
    assert can_discard(stage) is expected


def test_a_discarded_draft_stands_discarded_and_frees_the_way_for_another() -> None:
    discarded = VersionFacts(2, Stage.DISCARDED)
    versions = (VersionFacts(1, Stage.ADOPTED, dt.date(2025, 1, 1)), discarded)
    assert standing(discarded, versions=versions, on=dt.date(2026, 1, 1)) == Standing.DISCARDED
    assert can_start_draft(versions)


# --- Through the database -------------------------------------------------------------------

TEXT = """1. Introduction
1.1 High standards are expected of everyone.

2. Gifts and hospitality
2.1 Declare every offer you receive.

3. Your interests
3.1 Tell us about shares and land you own.
"""
RENUMBERED = """1. Introduction
1.1 High standards are expected of everyone.

2. Using council resources
2.1 Only for council work.

3. Gifts and hospitality
3.1 Declare every offer you receive.
"""


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def in_force(council: Council) -> CodeVersion:
    return adopted_version(council.mo, text=TEXT, duties={"2": [GIFT], "3": [INTEREST]})


def replace_text(council: Council, version: CodeVersion, text: str) -> None:
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(text),
        now=NOW,
    )


@pytest.mark.django_db
def test_pasting_renumbered_text_keeps_each_link_with_its_section(council: Council) -> None:
    in_force(council)
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    replace_text(council, draft, RENUMBERED)
    kinds = {s.number: s.declaration_kinds for s in draft.sections.all()}
    assert kinds == {"1": [], "2": [], "3": [GIFT]}


@pytest.mark.django_db
def test_send_to_committee_lists_links_and_warns_about_lost_ones(council: Council) -> None:
    in_force(council)
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    replace_text(council, draft, RENUMBERED)
    page = signed_in(council.mo).get(reverse("code:draft_send", args=[draft.pk]))
    html = page.content.decode()
    assert "3. Gifts and hospitality" in html and "Gift or hospitality" in html
    assert "1 section has lost" in html
    assert "Section 3, Your interests: removed; it asked for Personal interest" in html


@pytest.mark.django_db
def test_replacing_the_text_warns_when_a_link_is_lost(council: Council) -> None:
    in_force(council)
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    response = signed_in(council.mo).post(
        reverse("code:draft_text", args=[draft.pk]),
        {"title": "Code", "change_summary": "", "text": RENUMBERED},
        follow=True,
    )
    assert "Section 3 (Your interests) was removed. It asked for: Personal interest." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_draft_is_compared_with_the_version_in_force(council: Council) -> None:
    current = in_force(council)
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    replace_text(council, draft, RENUMBERED)
    response = signed_in(council.mo).get(reverse("code:draft_compare", args=[draft.pk]))
    assert response.context["old"] == current
    summary = response.context["summary"]
    # Gifts moved from 2 to 3 with the same words and link: unchanged.
    assert (summary.added, summary.removed, summary.unchanged) == (1, 1, 2)
    assert "Using council resources" in response.content.decode()


@pytest.mark.django_db
def test_a_first_draft_has_nothing_to_compare_with(council: Council) -> None:
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    response = signed_in(council.mo).get(reverse("code:draft_compare", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["old"] is None


@pytest.mark.django_db
def test_discarding_keeps_the_draft_marked_with_who_and_why(council: Council) -> None:
    in_force(council)
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    client = signed_in(council.deputy)
    url = reverse("code:draft_discard", args=[draft.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "Superseded by the new national model code"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.stage == VersionStage.DISCARDED
    assert draft.discarded_by == council.deputy and draft.discarded_at == NOW
    assert draft.discard_reason == "Superseded by the new national model code"
    assert AuditEvent.objects.filter(action="code.draft_discarded").count() == 1
    assert CodeVersion.objects.filter(pk=draft.pk).exists()
    # The way is clear for a new draft, and the discarded one cannot be sent on.
    assert svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW).number == 3
    with pytest.raises(CodeError):
        svc.draft_send_to_committee(actor=council.mo, version=draft, now=NOW)
    page = client.get(reverse("code:draft", args=[draft.pk])).content.decode()
    assert "This draft was discarded" in page


@pytest.mark.django_db
def test_a_version_sent_to_committee_cannot_be_discarded(council: Council) -> None:
    current = in_force(council)
    with pytest.raises(CodeError, match="Only a draft"):
        svc.draft_discard(actor=council.mo, version=current, reason="No", now=NOW)
    response = signed_in(council.mo).post(
        reverse("code:draft_discard", args=[current.pk]), {"reason": "No"}
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.stage == VersionStage.ADOPTED
