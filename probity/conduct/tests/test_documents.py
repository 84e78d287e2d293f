"""Tables for the pure rules about the code as a document: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.conduct.documents import (
    Block,
    BlockKind,
    Change,
    ParagraphText,
    ReviewStatus,
    SectionText,
    Stage,
    Standing,
    TextBlock,
    VersionFacts,
    build_document,
    can_start_draft,
    confirmation_counts,
    current_version,
    diff_sections,
    document_as_text,
    parse_text,
    review_state,
    standing,
    summarise_diff,
    text_blocks,
    values_from_text,
    word_diff,
)

D = dt.date
V1 = VersionFacts(1, Stage.ADOPTED, D(2020, 4, 1))
V2 = VersionFacts(2, Stage.ADOPTED, D(2024, 6, 1))
V3_LATER = VersionFacts(3, Stage.ADOPTED, D(2027, 1, 1))
DRAFT = VersionFacts(4, Stage.DRAFT)
RETURNED = VersionFacts(5, Stage.RETURNED)
SAME_DAY = VersionFacts(6, Stage.ADOPTED, D(2024, 6, 1))


@pytest.mark.parametrize(
    ("versions", "on", "expected"),
    [
        ((), D(2025, 1, 1), None),
        ((DRAFT,), D(2025, 1, 1), None),
        ((V1,), D(2020, 3, 31), None),  # adopted but not yet in force
        ((V1,), D(2020, 4, 1), 1),  # in force from its first day
        ((V1, V2), D(2024, 5, 31), 1),
        ((V1, V2), D(2024, 6, 1), 2),
        ((V2, V1), D(2030, 1, 1), 2),  # order does not matter
        ((V1, V2, V3_LATER), D(2026, 12, 31), 2),  # a later adoption does not displace it early
        ((V1, V2, V3_LATER), D(2027, 1, 1), 3),
        ((V1, V2, DRAFT, RETURNED), D(2025, 1, 1), 2),  # drafts never count
        ((V2, SAME_DAY), D(2024, 6, 1), 6),  # same day: the higher number
    ],
)
def test_current_version_on_a_date(
    versions: tuple[VersionFacts, ...], on: dt.date, expected: int | None
) -> None:
    found = current_version(versions, on=on)
    assert (found.number if found else None) == expected


ALL = (V1, V2, V3_LATER, DRAFT, RETURNED)


@pytest.mark.parametrize(
    ("version", "on", "expected"),
    [
        (V1, D(2025, 1, 1), Standing.SUPERSEDED),
        (V2, D(2025, 1, 1), Standing.IN_FORCE),
        (V3_LATER, D(2025, 1, 1), Standing.ADOPTED_NOT_YET_IN_FORCE),
        (V3_LATER, D(2027, 1, 1), Standing.IN_FORCE),
        (V2, D(2027, 1, 1), Standing.SUPERSEDED),
        (DRAFT, D(2025, 1, 1), Standing.DRAFT),
        (RETURNED, D(2025, 1, 1), Standing.CLOSED),
        (VersionFacts(7, Stage.WITH_COMMITTEE), D(2025, 1, 1), Standing.WITH_COMMITTEE),
        (VersionFacts(8, Stage.RECOMMENDED), D(2025, 1, 1), Standing.RECOMMENDED),
        (VersionFacts(9, Stage.NOT_ADOPTED), D(2025, 1, 1), Standing.CLOSED),
    ],
)
def test_how_a_version_stands(version: VersionFacts, on: dt.date, expected: Standing) -> None:
    assert standing(version, versions=ALL, on=on) == expected


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        ((), True),
        ((V1, V2), True),
        ((V1, RETURNED), True),
        ((V1, DRAFT), False),
        ((V1, VersionFacts(3, Stage.WITH_COMMITTEE)), False),
        ((V1, VersionFacts(3, Stage.RECOMMENDED)), False),
        ((V1, VersionFacts(3, Stage.NOT_ADOPTED)), True),
    ],
)
def test_one_draft_at_a_time(versions: tuple[VersionFacts, ...], expected: bool) -> None:
    assert can_start_draft(versions) is expected


@pytest.mark.parametrize(
    ("due", "today", "status", "days_left", "warn"),
    [
        (None, D(2026, 1, 1), ReviewStatus.NOT_SET, None, False),
        (D(2027, 1, 1), D(2026, 1, 1), ReviewStatus.NOT_DUE, 365, False),
        (D(2027, 1, 1), D(2026, 10, 2), ReviewStatus.NOT_DUE, 91, False),
        (D(2027, 1, 1), D(2026, 10, 3), ReviewStatus.DUE_SOON, 90, True),  # 90 days before
        (D(2027, 1, 1), D(2026, 12, 31), ReviewStatus.DUE_SOON, 1, True),
        (D(2027, 1, 1), D(2027, 1, 1), ReviewStatus.DUE_SOON, 0, True),  # due today
        (D(2027, 1, 1), D(2027, 1, 2), ReviewStatus.OVERDUE, -1, True),
        (D(2027, 1, 1), D(2029, 1, 1), ReviewStatus.OVERDUE, -731, True),
    ],
)
def test_whether_a_review_is_due(
    due: dt.date | None, today: dt.date, status: ReviewStatus, days_left: int | None, warn: bool
) -> None:
    review = review_state(due, today=today)
    assert (review.status, review.days_left, review.warn) == (status, days_left, warn)


def test_the_warning_window_can_be_set() -> None:
    assert review_state(D(2027, 1, 31), today=D(2027, 1, 1), warn_days=30).warn
    assert not review_state(D(2027, 2, 1), today=D(2027, 1, 1), warn_days=30).warn


# --- Parsing ---------------------------------------------------------------------------------

TYPED = """This code applies to everyone who works for the council.

1. Introduction
1.1 The public expects high standards.
It is wrapped onto a second line.

1.2 Read it with the principles.

2. Gifts and hospitality
Declare every offer.
- a meal
- tickets to an event
2.1 Accepted or declined, declare it.
"""


def test_typed_text_becomes_sections_and_paragraphs() -> None:
    parsed = parse_text(TYPED)
    assert parsed.ok, parsed.errors
    assert parsed.introduction == "This code applies to everyone who works for the council."
    assert [(s.number, s.heading) for s in parsed.sections] == [
        ("1", "Introduction"),
        ("2", "Gifts and hospitality"),
    ]
    intro = parsed.sections[0].paragraphs
    assert intro == (
        ParagraphText(
            "1.1", "The public expects high standards. It is wrapped onto a second line."
        ),
        ParagraphText("1.2", "Read it with the principles."),
    )
    gifts = parsed.sections[1].paragraphs
    assert gifts[0] == ParagraphText("", "Declare every offer.\n\n- a meal\n- tickets to an event")
    assert gifts[1] == ParagraphText("2.1", "Accepted or declined, declare it.")


def test_text_round_trips_through_the_editing_box() -> None:
    parsed = parse_text(TYPED)
    again = parse_text(document_as_text(parsed.introduction, parsed.sections))
    assert again.sections == parsed.sections
    assert again.introduction == parsed.introduction


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "no numbered section headings"),
        ("Just some words\nwith no numbers", "no numbered section headings"),
        ("1.1 A paragraph first\n\n1. Heading", "Line 1: paragraph 1.1 comes before"),
        ("1. One\n\n1. One again", "Line 3: there are two sections numbered 1"),
        ("1. One\n2.1 Wrong place", "Line 2: paragraph 2.1 is under section 1"),
        ("1. " + "x" * 201, "longer than 200 characters"),
    ],
)
def test_text_that_cannot_be_split_says_why(text: str, error: str) -> None:
    parsed = parse_text(text)
    assert not parsed.ok
    assert any(error in e for e in parsed.errors), parsed.errors


@pytest.mark.parametrize(
    ("line", "kind", "number"),
    [
        ("1. Introduction", BlockKind.HEADING, "1"),
        ("12) Gifts", BlockKind.HEADING, "12"),
        ("Section 4: Relationships", BlockKind.HEADING, "4"),
        ("12.3 Declare it", BlockKind.PARAGRAPH, "12.3"),
        ("12.3. Declare it", BlockKind.PARAGRAPH, "12.3"),
        ("- a bullet", BlockKind.BULLET, ""),
        ("\u2022 a bullet", BlockKind.BULLET, ""),
        ("25 February 2022 was the meeting", BlockKind.TEXT, ""),  # a date is not a heading
        ("2022. A year", BlockKind.TEXT, ""),  # four digits are not a section number
    ],
)
def test_how_each_line_is_read(line: str, kind: BlockKind, number: str) -> None:
    from probity.conduct.documents import blocks_from_text

    (block,) = blocks_from_text(line)
    assert (block.kind, block.number) == (kind, number)


def test_word_numbering_is_renumbered_under_its_section() -> None:
    blocks = [
        Block(BlockKind.HEADING, "Introduction"),
        Block(BlockKind.PARAGRAPH, "First"),
        Block(BlockKind.PARAGRAPH, "Second"),
        Block(BlockKind.HEADING, "Gifts"),
        Block(BlockKind.PARAGRAPH, "Third", "7.1"),
    ]
    parsed = build_document(blocks, strict_numbers=False)
    assert parsed.ok
    assert [(s.number, [p.number for p in s.paragraphs]) for s in parsed.sections] == [
        ("1", ["1.1", "1.2"]),
        ("2", ["2.1"]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line.", (TextBlock(text="One line."),)),
        ("First.\n\nSecond.", (TextBlock(text="First."), TextBlock(text="Second."))),
        (
            "Declare:\n- a meal\n- a gift",
            (TextBlock(text="Declare:"), TextBlock(items=("a meal", "a gift"))),
        ),
        ("<script>alert(1)</script>", (TextBlock(text="<script>alert(1)</script>"),)),
        ("", ()),
    ],
)
def test_stored_text_is_shown_as_paragraphs_and_lists(
    text: str, expected: tuple[TextBlock, ...]
) -> None:
    assert text_blocks(text) == expected


# --- Comparing -------------------------------------------------------------------------------


def s(number: str, heading: str, *paragraphs: str, kinds: tuple[str, ...] = ()) -> SectionText:
    return SectionText(
        number,
        heading,
        tuple(ParagraphText(f"{number}.{i}", text) for i, text in enumerate(paragraphs, 1)),
        kinds,
    )


OLD = (
    s("1", "Introduction", "High standards are expected."),
    s("2", "Gifts", "Declare gifts over £25.", kinds=("gift_hospitality",)),
    s("3", "Politics", "Stay neutral."),
)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (OLD, [("1", Change.UNCHANGED), ("2", Change.UNCHANGED), ("3", Change.UNCHANGED)]),
        (
            (OLD[0], s("2", "Gifts", "Declare every gift."), OLD[2]),
            [("1", Change.UNCHANGED), ("2", Change.CHANGED), ("3", Change.UNCHANGED)],
        ),
        (
            (OLD[0], OLD[1]),
            [("1", Change.UNCHANGED), ("2", Change.UNCHANGED), ("3", Change.REMOVED)],
        ),
        (
            (OLD[0], OLD[2]),  # section 2 removed: it shows where it stood
            [("1", Change.UNCHANGED), ("2", Change.REMOVED), ("3", Change.UNCHANGED)],
        ),
        (
            # A new section 2 pushes the others down: they are renumbered, not changed.
            (
                OLD[0],
                s("2", "Social media", "Think before you post."),
                s("3", "Gifts", "Declare gifts over £25.", kinds=("gift_hospitality",)),
                s("4", "Politics", "Stay neutral."),
            ),
            [
                ("1", Change.UNCHANGED),
                ("2", Change.ADDED),
                ("3", Change.UNCHANGED),
                ("4", Change.UNCHANGED),
            ],
        ),
        (
            # The heading changed but the number did not: the same section, changed.
            (OLD[0], OLD[1], s("3", "Political neutrality", "Stay neutral.")),
            [("1", Change.UNCHANGED), ("2", Change.UNCHANGED), ("3", Change.CHANGED)],
        ),
        (
            # Only the declarations it asks for changed.
            (OLD[0], s("2", "Gifts", "Declare gifts over £25."), OLD[2]),
            [("1", Change.UNCHANGED), ("2", Change.CHANGED), ("3", Change.UNCHANGED)],
        ),
        ((), [("1", Change.REMOVED), ("2", Change.REMOVED), ("3", Change.REMOVED)]),
        (
            # Renamed and moved up: still the same section, changed (not removed and added).
            (OLD[0], s("2", "Politics and neutrality", "Stay neutral."), OLD[1]),
            [("1", Change.UNCHANGED), ("2", Change.CHANGED), ("2", Change.UNCHANGED)],
        ),
    ],
)
def test_sections_are_compared(
    new: tuple[SectionText, ...], expected: list[tuple[str, Change]]
) -> None:
    changes = diff_sections(OLD, new)
    assert [(c.number, c.change) for c in changes] == expected


def test_a_changed_paragraph_shows_the_words_added_and_removed() -> None:
    (_, gifts, _) = diff_sections(OLD, (OLD[0], s("2", "Gifts", "Declare every gift."), OLD[2]))
    (paragraph,) = gifts.paragraphs
    assert paragraph.change == Change.CHANGED
    assert [(seg.kind, seg.text) for seg in paragraph.segments] == [
        ("equal", "Declare"),
        ("removed", "gifts over £25."),
        ("added", "every gift."),
    ]
    assert gifts.kinds_removed == ("gift_hospitality",)
    assert gifts.kinds_removed_labels == ("Gift or hospitality",)


def test_renumbered_sections_say_where_they_were() -> None:
    new = (OLD[0], s("2", "Social media", "Think."), s("3", "Gifts", "Declare gifts over £25."))
    changes = diff_sections(OLD, new)
    assert changes[2].renumbered and changes[2].old and changes[2].old.number == "2"
    assert summarise_diff(changes).added == 1
    assert summarise_diff(changes).removed == 1  # politics


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b c", "a b c", [("equal", "a b c")]),
        ("a b c", "a x c", [("equal", "a"), ("removed", "b"), ("added", "x"), ("equal", "c")]),
        ("", "new words", [("added", "new words")]),
        ("old words", "", [("removed", "old words")]),
    ],
)
def test_word_diff(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert [(seg.kind, seg.text) for seg in word_diff(old, new)] == expected


# --- Values and counts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "errors"),
    [
        ("", (), ()),
        ("Respect: we listen\n\nFairness: we treat people alike", 2, ()),
        ("Respect", 0, ("Line 1",)),
        (": nameless", 0, ("Line 1",)),
        ("A: b\nNo colon here", 1, ("Line 2",)),
    ],
)
def test_values_typed_one_a_line(text: str, values: object, errors: tuple[str, ...]) -> None:
    parsed, problems = values_from_text(text)
    assert len(parsed) == (values if isinstance(values, int) else 0)
    assert len(problems) == len(errors)
    for expected, problem in zip(errors, problems, strict=True):
        assert problem.startswith(expected)


def test_confirmations_are_counted_per_label_in_order() -> None:
    counts = confirmation_counts(
        [("Place", True), ("housing", False), ("Place", False), ("housing", True), ("Place", True)]
    )
    assert [(c.label, c.confirmed, c.total, c.outstanding) for c in counts] == [
        ("housing", 1, 2, 1),
        ("Place", 2, 3, 1),
    ]
