"""Pure rules about the code as a document. No Django, no ORM, no clock.

- which version of a document is in force on a date, and how each version stands;
- whether a review is due, and how soon to warn about it;
- how two versions differ, section by section and word by word;
- how plain text (typed in the browser or read from a file) becomes numbered sections;
- how a paragraph's text is shown: paragraphs and bullet lists, never markup.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# The declaration kinds a section may ask for. They are the values of
# ``probity.declarations.choices.DeclarationKind``: conduct sits below declarations, so it keeps
# them as plain strings (a test in tests/e2e/test_code_journey.py checks they still match).
DECLARATION_KINDS: dict[str, str] = {
    "gift_hospitality": "Gift or hospitality",
    "personal_interest": "Personal interest",
    "closed_organisation": "Membership of a closed organisation",
    "contractor_relationship": "Relationship with a contractor",
    "outside_employment": "Outside employment or business",
    "planning_application": "Own planning application",
    "discretionary_service": "Use of council services with discretion",
    "contract_use": "Personal use of a council contract",
    "sponsorship": "Sponsorship interest",
    "s117_interest": "Pecuniary interest in a contract (section 117)",
    "staff_decision": "Conflict in a staff decision",
    "nil_return": "Nil return",
}

REVIEW_WARNING_DAYS = 90
"""How many days before a review is due the Monitoring Officer is warned."""

HEADING_LIMIT = 200
PARAGRAPH_LIMIT = 10_000
SECTION_LIMIT = 200


# --- Versions and their standing -------------------------------------------------------------


class Stage(enum.StrEnum):
    """Where a version is in its life. Stored on the version; only services move it on."""

    DRAFT = "draft"
    WITH_COMMITTEE = "with_committee"
    RECOMMENDED = "recommended"
    RETURNED = "returned"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    DISCARDED = "discarded"


class Standing(enum.StrEnum):
    """How a version stands on a given day: what a reader is told about it."""

    DRAFT = "draft"
    WITH_COMMITTEE = "with_committee"
    RECOMMENDED = "recommended"
    CLOSED = "closed"
    DISCARDED = "discarded"
    ADOPTED_NOT_YET_IN_FORCE = "adopted_not_yet_in_force"
    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"


STANDING_LABELS: dict[Standing, str] = {
    Standing.DRAFT: "Draft",
    Standing.WITH_COMMITTEE: "With committee",
    Standing.RECOMMENDED: "Waiting for adoption",
    Standing.CLOSED: "Not adopted",
    Standing.DISCARDED: "Discarded",
    Standing.ADOPTED_NOT_YET_IN_FORCE: "Adopted, not yet in force",
    Standing.IN_FORCE: "In force",
    Standing.SUPERSEDED: "Superseded",
}


@dataclass(frozen=True)
class VersionFacts:
    number: int
    stage: Stage
    takes_effect_on: dt.date | None = None


def current_version(versions: Iterable[VersionFacts], *, on: dt.date) -> VersionFacts | None:
    """The adopted version in force on ``on``: the one that took effect most recently.

    A version adopted but not yet in force does not displace the one before it. When two adopted
    versions take effect on the same day, the higher number wins.
    """
    in_force = [
        v
        for v in versions
        if v.stage == Stage.ADOPTED and v.takes_effect_on is not None and v.takes_effect_on <= on
    ]
    if not in_force:
        return None
    return max(in_force, key=lambda v: (v.takes_effect_on or dt.date.min, v.number))


def standing(version: VersionFacts, *, versions: Iterable[VersionFacts], on: dt.date) -> Standing:
    """How ``version`` stands on ``on``, given every version of its document."""
    if version.stage == Stage.DRAFT:
        return Standing.DRAFT
    if version.stage == Stage.WITH_COMMITTEE:
        return Standing.WITH_COMMITTEE
    if version.stage == Stage.RECOMMENDED:
        return Standing.RECOMMENDED
    if version.stage in (Stage.RETURNED, Stage.NOT_ADOPTED):
        return Standing.CLOSED
    if version.stage == Stage.DISCARDED:
        return Standing.DISCARDED
    if version.takes_effect_on is None or version.takes_effect_on > on:
        return Standing.ADOPTED_NOT_YET_IN_FORCE
    current = current_version(versions, on=on)
    if current is not None and current.number == version.number:
        return Standing.IN_FORCE
    return Standing.SUPERSEDED


def can_discard(stage: Stage) -> bool:
    """Only a draft can be discarded: once sent to committee its fate is the committee's."""
    return stage == Stage.DRAFT


def can_start_draft(versions: Iterable[VersionFacts]) -> bool:
    """One version at a time is being prepared: no new draft while one is open or at committee."""
    return not any(
        v.stage in (Stage.DRAFT, Stage.WITH_COMMITTEE, Stage.RECOMMENDED) for v in versions
    )


# --- Reviews ---------------------------------------------------------------------------------


class ReviewStatus(enum.StrEnum):
    NOT_SET = "not_set"
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Review:
    status: ReviewStatus
    days_left: int | None = None

    @property
    def warn(self) -> bool:
        return self.status in (ReviewStatus.DUE_SOON, ReviewStatus.OVERDUE)


def review_state(
    review_due_on: dt.date | None, *, today: dt.date, warn_days: int = REVIEW_WARNING_DAYS
) -> Review:
    """Whether the review of a version is due: overdue after the date, due soon within the window.

    The due date itself counts as due soon (0 days left); the day after is overdue.
    """
    if review_due_on is None:
        return Review(ReviewStatus.NOT_SET)
    days_left = (review_due_on - today).days
    if days_left < 0:
        return Review(ReviewStatus.OVERDUE, days_left)
    if days_left <= warn_days:
        return Review(ReviewStatus.DUE_SOON, days_left)
    return Review(ReviewStatus.NOT_DUE, days_left)


# --- Text: parsing into sections -------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphText:
    number: str
    text: str


@dataclass(frozen=True)
class SectionText:
    number: str
    heading: str
    paragraphs: tuple[ParagraphText, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    introduction: str
    sections: tuple[SectionText, ...]
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.sections)


class BlockKind(enum.StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    TEXT = "text"
    BREAK = "break"


@dataclass(frozen=True)
class Block:
    """One piece of a document as read: a heading, a numbered paragraph, a bullet or plain text.

    ``number`` is the number written in the text, if any. Headings and list paragraphs read from
    a Word file may have none (Word numbers them itself): they are numbered in order.
    """

    kind: BlockKind
    text: str = ""
    number: str = ""
    line: int = 0


SECTION_LINE = re.compile(r"^(?:section\s+(\d{1,3})[.:)]?|(\d{1,3})[.)])\s+(\S.*)$", re.IGNORECASE)
PARAGRAPH_LINE = re.compile(r"^(\d{1,3})\.(\d{1,3})[.)]?\s+(\S.*)$")
BULLET_LINE = re.compile(r"^[-*\u2022\u2013]\s+(\S.*)$")


def blocks_from_text(text: str) -> list[Block]:
    """Classify each line of plain text.

    ``3. Gifts and hospitality`` is a section heading; ``3.2 Declare every offer`` a numbered
    paragraph; ``- item`` (or ``*``, ``•``) a bullet; a blank line ends a paragraph's block of text.
    """
    blocks: list[Block] = []
    for index, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = " ".join(raw.split())
        if not line:
            blocks.append(Block(BlockKind.BREAK, line=index))
        elif match := PARAGRAPH_LINE.match(line):
            blocks.append(
                Block(
                    BlockKind.PARAGRAPH,
                    match.group(3),
                    f"{int(match.group(1))}.{int(match.group(2))}",
                    index,
                )
            )
        elif match := SECTION_LINE.match(line):
            number = match.group(1) or match.group(2)
            blocks.append(Block(BlockKind.HEADING, match.group(3), str(int(number)), index))
        elif match := BULLET_LINE.match(line):
            blocks.append(Block(BlockKind.BULLET, match.group(1), line=index))
        else:
            blocks.append(Block(BlockKind.TEXT, line, line=index))
    return blocks


@dataclass
class _SectionBuilder:
    number: str
    heading: str
    paragraphs: list[list[str]] = field(default_factory=list)  # [number, text]
    next_paragraph: int = 1


def _append(text: str, addition: str, *, new_block: bool) -> str:
    if not text:
        return addition
    return f"{text}\n\n{addition}" if new_block else f"{text} {addition}"


def build_document(blocks: Sequence[Block], *, strict_numbers: bool = True) -> ParsedDocument:
    """Turn blocks into numbered sections and paragraphs, with errors a person can act on.

    Text before the first heading is the introduction. A numbered paragraph must sit under the
    section with the same number when ``strict_numbers`` (typed text); Word files number their own
    lists, so their paragraphs are renumbered to follow their section instead.
    """
    errors: list[str] = []
    introduction = ""
    sections: list[_SectionBuilder] = []
    seen_numbers: set[str] = set()
    pending_break = False
    in_bullets = False

    def where(block: Block) -> str:
        return f"Line {block.line}: " if block.line else ""

    for block in blocks:
        if block.kind == BlockKind.BREAK:
            pending_break = True
            in_bullets = False
            continue
        current = sections[-1] if sections else None
        if block.kind == BlockKind.HEADING:
            number = block.number or str(len(sections) + 1)
            if number in seen_numbers:
                errors.append(f"{where(block)}there are two sections numbered {number}")
            seen_numbers.add(number)
            if len(block.text) > HEADING_LIMIT:
                errors.append(
                    f"{where(block)}the heading of section {number} is longer than "
                    f"{HEADING_LIMIT} characters"
                )
            sections.append(_SectionBuilder(number, block.text[:HEADING_LIMIT]))
        elif block.kind == BlockKind.PARAGRAPH:
            if current is None:
                errors.append(
                    f"{where(block)}paragraph {block.number or ''} comes before the first "
                    "section heading".replace("  ", " ")
                )
                continue
            number = block.number
            if not number or not strict_numbers:
                number = f"{current.number}.{current.next_paragraph}"
            elif number.split(".")[0] != current.number:
                errors.append(
                    f"{where(block)}paragraph {number} is under section {current.number}: "
                    f"number it {current.number}.{current.next_paragraph} or move it"
                )
            current.paragraphs.append([number, block.text])
            current.next_paragraph += 1
        elif block.kind == BlockKind.BULLET:
            line = f"- {block.text}"
            if current is None:
                introduction = (
                    f"{introduction}\n{line}"
                    if in_bullets
                    else _append(introduction, line, new_block=True)
                )
            elif current.paragraphs:
                text = current.paragraphs[-1][1]
                current.paragraphs[-1][1] = (
                    f"{text}\n{line}" if in_bullets else _append(text, line, new_block=True)
                )
            else:
                current.paragraphs.append(["", line])
            in_bullets = True
            pending_break = False
            continue
        else:  # plain text
            if current is None:
                introduction = _append(
                    introduction, block.text, new_block=pending_break or in_bullets
                )
            elif current.paragraphs:
                current.paragraphs[-1][1] = _append(
                    current.paragraphs[-1][1], block.text, new_block=pending_break or in_bullets
                )
            else:
                current.paragraphs.append(["", block.text])
        pending_break = False
        in_bullets = False

    for section in sections:
        for number, text in section.paragraphs:
            if len(text) > PARAGRAPH_LIMIT:
                label = (
                    f"paragraph {number}" if number else f"a paragraph in section {section.number}"
                )
                errors.append(f"{label} is longer than {PARAGRAPH_LIMIT} characters")
    if len(sections) > SECTION_LIMIT:
        errors.append(f"the code can have at most {SECTION_LIMIT} sections")
    if not sections and not errors:
        errors.append(
            "no numbered section headings were found: start each section on its own line with "
            "its number, like '1. Introduction'"
        )
    return ParsedDocument(
        introduction=introduction,
        sections=tuple(
            SectionText(
                s.number,
                s.heading,
                tuple(ParagraphText(number, text) for number, text in s.paragraphs),
            )
            for s in sections
        ),
        errors=tuple(errors),
    )


def parse_text(text: str) -> ParsedDocument:
    """Typed or uploaded plain text, as numbered sections."""
    return build_document(blocks_from_text(text))


def document_as_text(introduction: str, sections: Iterable[SectionText]) -> str:
    """The text a person edits: the same format ``parse_text`` reads back."""
    parts: list[str] = []
    if introduction:
        parts.append(introduction)
    for section in sections:
        lines = [f"{section.number}. {section.heading}"]
        for paragraph in section.paragraphs:
            lines.append(
                f"{paragraph.number} {paragraph.text}" if paragraph.number else paragraph.text
            )
        parts.append("\n\n".join(lines))
    return "\n\n".join(parts) + ("\n" if parts else "")


# --- Text: showing it ------------------------------------------------------------------------


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (``items`` empty) or a bullet list (``text`` empty) to render as HTML."""

    text: str = ""
    items: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.items)


def text_blocks(text: str) -> tuple[TextBlock, ...]:
    """Split stored text into paragraphs and bullet lists for a template to render escaped."""
    blocks: list[TextBlock] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        paragraph: list[str] = []
        items: list[str] = []
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if match := BULLET_LINE.match(line):
                if paragraph:
                    blocks.append(TextBlock(text=" ".join(paragraph)))
                    paragraph = []
                items.append(match.group(1))
            else:
                if items:
                    blocks.append(TextBlock(items=tuple(items)))
                    items = []
                paragraph.append(line)
        if paragraph:
            blocks.append(TextBlock(text=" ".join(paragraph)))
        if items:
            blocks.append(TextBlock(items=tuple(items)))
    return tuple(blocks)


# --- Comparing versions ----------------------------------------------------------------------


class Change(enum.StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


CHANGE_LABELS: dict[Change, str] = {
    Change.UNCHANGED: "No change",
    Change.CHANGED: "Changed",
    Change.ADDED: "Added",
    Change.REMOVED: "Removed",
}


@dataclass(frozen=True)
class Segment:
    """A run of words: ``equal`` in both, ``added`` in the newer or ``removed`` from the older."""

    kind: str
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    change: Change
    number: str
    segments: tuple[Segment, ...]
    old_number: str = ""


@dataclass(frozen=True)
class SectionChange:
    change: Change
    old: SectionText | None
    new: SectionText | None
    heading: tuple[Segment, ...]
    paragraphs: tuple[ParagraphChange, ...]
    kinds_added: tuple[str, ...] = ()
    kinds_removed: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        section = self.new or self.old
        return section.number if section else ""

    @property
    def kinds_added_labels(self) -> tuple[str, ...]:
        return tuple(DECLARATION_KINDS.get(k, k) for k in self.kinds_added)

    @property
    def kinds_removed_labels(self) -> tuple[str, ...]:
        return tuple(DECLARATION_KINDS.get(k, k) for k in self.kinds_removed)

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number


def normalise(text: str) -> str:
    """Text compared without regard to case or spacing."""
    return " ".join(text.lower().split())


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level differences between two texts, as equal, removed and added runs."""
    old_words, new_words = old.split(), new.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", " ".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("removed", " ".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("added", " ".join(new_words[j1:j2])))
    return tuple(segments)


def _paragraph_changes(old: SectionText, new: SectionText) -> tuple[ParagraphChange, ...]:
    old_texts = [normalise(p.text) for p in old.paragraphs]
    new_texts = [normalise(p.text) for p in new.paragraphs]
    changes: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old.paragraphs[i1:i2], new.paragraphs[j1:j2]
        if tag == "equal":
            changes.extend(
                ParagraphChange(Change.UNCHANGED, n.number, (Segment("equal", n.text),), o.number)
                for o, n in zip(olds, news, strict=True)
            )
            continue
        paired = min(len(olds), len(news)) if tag == "replace" else 0
        for o, n in zip(olds[:paired], news[:paired], strict=True):
            changes.append(
                ParagraphChange(Change.CHANGED, n.number, word_diff(o.text, n.text), o.number)
            )
        changes.extend(
            ParagraphChange(Change.REMOVED, o.number, (Segment("removed", o.text),), o.number)
            for o in olds[paired:]
        )
        changes.extend(
            ParagraphChange(Change.ADDED, n.number, (Segment("added", n.text),))
            for n in news[paired:]
        )
    return tuple(changes)


def _compare(old: SectionText, new: SectionText) -> SectionChange:
    paragraphs = _paragraph_changes(old, new)
    kinds_added = tuple(k for k in new.kinds if k not in old.kinds)
    kinds_removed = tuple(k for k in old.kinds if k not in new.kinds)
    same = (
        normalise(old.heading) == normalise(new.heading)
        and all(p.change == Change.UNCHANGED for p in paragraphs)
        and not kinds_added
        and not kinds_removed
    )
    return SectionChange(
        Change.UNCHANGED if same else Change.CHANGED,
        old,
        new,
        word_diff(old.heading, new.heading),
        paragraphs,
        kinds_added,
        kinds_removed,
    )


SIMILAR_ENOUGH = 0.5
"""Sections whose words are at least this alike are the same section, even if renamed and moved."""


def _ratio(old: str, new: str) -> float:
    a, b = re.findall(r"\w+", old.lower()), re.findall(r"\w+", new.lower())
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def _similarity(old: SectionText, new: SectionText) -> float:
    """How alike two sections are: their headings, or their words, whichever is closer."""
    old_text = " ".join(p.text for p in old.paragraphs)
    new_text = " ".join(p.text for p in new.paragraphs)
    return max(_ratio(old.heading, new.heading), _ratio(old_text, new_text))


def match_sections(old: Sequence[SectionText], new: Sequence[SectionText]) -> dict[int, int]:
    """Which older section each newer one is (index in ``new`` to index in ``old``).

    Matched by heading first (a section moved or renumbered is still the same section), then by
    how alike their words are (a renamed section), then by number among those left. Each older
    section is matched at most once; a newer section with no match is new.
    """
    match_for_new: dict[int, int] = {}
    used_old: set[int] = set()
    by_heading: dict[str, list[int]] = {}
    for i, section in enumerate(old):
        by_heading.setdefault(normalise(section.heading), []).append(i)
    for j, section in enumerate(new):
        candidates = [
            i for i in by_heading.get(normalise(section.heading), []) if i not in used_old
        ]
        if candidates:
            match_for_new[j] = candidates[0]
            used_old.add(candidates[0])
    for j, section in enumerate(new):
        if j in match_for_new:
            continue
        scored = [(_similarity(old[i], section), i) for i in range(len(old)) if i not in used_old]
        best = max(scored, default=(0.0, -1))
        if best[0] >= SIMILAR_ENOUGH:
            match_for_new[j] = best[1]
            used_old.add(best[1])
    old_by_number = {s.number: i for i, s in enumerate(old)}
    for j, section in enumerate(new):
        if j in match_for_new:
            continue
        same_number = old_by_number.get(section.number)
        if same_number is not None and same_number not in used_old:
            match_for_new[j] = same_number
            used_old.add(same_number)

    return match_for_new


def diff_sections(
    old: Sequence[SectionText], new: Sequence[SectionText]
) -> tuple[SectionChange, ...]:
    """Compare two versions section by section, in the newer version's order.

    Sections are matched as ``match_sections`` says. Removed sections appear where they stood.
    A renumbered section whose words are the same counts as unchanged.
    """
    match_for_new = match_sections(old, new)
    used_old = set(match_for_new.values())
    removed = [i for i in range(len(old)) if i not in used_old]
    result: list[SectionChange] = []
    for j, section in enumerate(new):
        matched = match_for_new.get(j)
        # Removed sections that stood before this one's old place come first.
        if matched is not None:
            while removed and removed[0] < matched:
                result.append(_removed(old[removed.pop(0)]))
        if matched is None:
            result.append(
                SectionChange(
                    Change.ADDED,
                    None,
                    section,
                    (Segment("added", section.heading),),
                    tuple(
                        ParagraphChange(Change.ADDED, p.number, (Segment("added", p.text),))
                        for p in section.paragraphs
                    ),
                    kinds_added=section.kinds,
                )
            )
        else:
            result.append(_compare(old[matched], section))
    result.extend(_removed(old[i]) for i in removed)
    return tuple(result)


def _removed(section: SectionText) -> SectionChange:
    return SectionChange(
        Change.REMOVED,
        section,
        None,
        (Segment("removed", section.heading),),
        tuple(
            ParagraphChange(Change.REMOVED, p.number, (Segment("removed", p.text),), p.number)
            for p in section.paragraphs
        ),
        kinds_removed=section.kinds,
    )


def carry_kinds(
    old: Sequence[SectionText], new: Sequence[SectionText]
) -> tuple[tuple[str, ...], ...]:
    """The declaration kinds each newer section asks for when a draft's text is replaced.

    Kinds named in the new text win; otherwise a section keeps the kinds of the older section it
    matches (``match_sections``), so links follow their sections when text is pasted again,
    renumbered or imported.
    """
    matches = match_sections(old, new)
    return tuple(
        section.kinds or (old[matches[j]].kinds if j in matches else ())
        for j, section in enumerate(new)
    )


@dataclass(frozen=True)
class LostLink:
    """A section that asked for declarations in the older text and no longer does."""

    number: str
    heading: str
    kinds: tuple[str, ...]
    removed: bool

    @property
    def kind_labels(self) -> tuple[str, ...]:
        return tuple(DECLARATION_KINDS.get(k, k) for k in self.kinds)


def lost_links(changes: Iterable[SectionChange]) -> tuple[LostLink, ...]:
    """Sections whose "Declare under this section" links are gone in the newer text."""
    lost = []
    for change in changes:
        if not change.kinds_removed:
            continue
        section = change.new or change.old
        if section is None:
            continue
        lost.append(
            LostLink(
                number=section.number,
                heading=section.heading,
                kinds=change.kinds_removed,
                removed=change.change == Change.REMOVED,
            )
        )
    return tuple(lost)


@dataclass(frozen=True)
class DiffSummary:
    added: int
    removed: int
    changed: int
    unchanged: int


def summarise_diff(changes: Iterable[SectionChange]) -> DiffSummary:
    counts = dict.fromkeys(Change, 0)
    for change in changes:
        counts[change.change] += 1
    return DiffSummary(
        added=counts[Change.ADDED],
        removed=counts[Change.REMOVED],
        changed=counts[Change.CHANGED],
        unchanged=counts[Change.UNCHANGED],
    )


# --- Reading confirmations -------------------------------------------------------------------


@dataclass(frozen=True)
class ConfirmationCount:
    label: str
    confirmed: int
    total: int

    @property
    def outstanding(self) -> int:
        return self.total - self.confirmed


def confirmation_counts(rows: Iterable[tuple[str, bool]]) -> tuple[ConfirmationCount, ...]:
    """Totals per label (a directorate or service), in label order, from (label, confirmed) rows."""
    totals: dict[str, list[int]] = {}
    for label, confirmed in rows:
        entry = totals.setdefault(label, [0, 0])
        entry[1] += 1
        if confirmed:
            entry[0] += 1
    return tuple(
        ConfirmationCount(label, confirmed, total)
        for label, (confirmed, total) in sorted(totals.items(), key=lambda item: item[0].lower())
    )


# --- The seven principles of public life -----------------------------------------------------

NOLAN_PRINCIPLES: tuple[tuple[str, str], ...] = (
    (
        "Selflessness",
        "Act only in the public interest, never to gain something for yourself, your family or "
        "your friends.",
    ),
    (
        "Integrity",
        "Do not put yourself under any obligation to people or organisations who might try to "
        "sway your work. Do not act or take decisions to gain money or other benefits for "
        "yourself, your family or your friends, and declare and settle any interest or "
        "relationship that could.",
    ),
    (
        "Objectivity",
        "Act and take decisions fairly, on merit and on the best evidence, without "
        "discrimination or bias.",
    ),
    (
        "Accountability",
        "Answer to the public for your decisions and actions, and accept the scrutiny that "
        "goes with that.",
    ),
    (
        "Openness",
        "Act and take decisions in an open and transparent way. Keep information from the "
        "public only when there are clear and lawful reasons to.",
    ),
    ("Honesty", "Be truthful."),
    (
        "Leadership",
        "Show these principles in your own behaviour, support them actively, and challenge "
        "poor behaviour wherever it happens.",
    ),
)


def values_from_text(text: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The council's values typed one a line as ``Name: what it means``; with any errors."""
    values: list[tuple[str, str]] = []
    errors: list[str] = []
    for index, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.split())
        if not line:
            continue
        name, sep, description = line.partition(":")
        name, description = name.strip(), description.strip()
        if not sep or not name or not description:
            errors.append(f"Line {index}: write the value's name, a colon, then what it means")
        elif len(name) > 100:
            errors.append(f"Line {index}: the name must be 100 characters or fewer")
        else:
            values.append((name, description))
    if len(values) > 20:
        errors.append("Enter 20 values or fewer")
    return tuple(values), tuple(errors)


def values_as_text(values: Iterable[tuple[str, str]]) -> str:
    return "\n".join(f"{name}: {description}" for name, description in values)
