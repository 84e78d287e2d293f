"""Reads of the code and the protocol: versions, their text, governance and confirmations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from probity.conduct import documents
from probity.conduct.documents import (
    DECLARATION_KINDS,
    STANDING_LABELS,
    Review,
    SectionText,
    Standing,
    TextBlock,
)
from probity.conduct.models import (
    CodeConfirmation,
    CodeParagraph,
    CodePrinciple,
    CodeSection,
    CodeVersion,
    DocumentKind,
    GovernanceDecision,
    PrincipleKind,
    VersionStage,
)
from probity.people.choices import PersonKind
from probity.people.models import Person

DeclareLinks = Mapping[str, tuple[str, str]]
"""For each declaration kind value: (the form's title, its URL). Built by a higher layer."""
DeclareLinksProvider = Callable[[], DeclareLinks]


def versions_of(*, document: str) -> QuerySet[CodeVersion]:
    """Every version of a document, newest first."""
    return (
        CodeVersion.objects.filter(document=document)
        .select_related("created_by", "based_on")
        .order_by("-number")
    )


def _facts(versions: list[CodeVersion]) -> list[documents.VersionFacts]:
    return [
        documents.VersionFacts(
            number=v.number, stage=documents.Stage(v.stage), takes_effect_on=v.takes_effect_on
        )
        for v in versions
    ]


@dataclass(frozen=True)
class VersionRow:
    version: CodeVersion
    standing: Standing

    @property
    def standing_label(self) -> str:
        return STANDING_LABELS[self.standing]

    @property
    def is_published(self) -> bool:
        return self.version.stage == VersionStage.ADOPTED


def version_rows(*, document: str, today: dt.date) -> list[VersionRow]:
    """Each version of a document with how it stands today. One query."""
    versions = list(versions_of(document=document))
    facts = _facts(versions)
    return [
        VersionRow(v, documents.standing(f, versions=facts, on=today))
        for v, f in zip(versions, facts, strict=True)
    ]


def version_standing(*, version: CodeVersion, today: dt.date) -> Standing:
    versions = list(CodeVersion.objects.filter(document=version.document))
    facts = _facts(versions)
    mine = next(f for f in facts if f.number == version.number)
    return documents.standing(mine, versions=facts, on=today)


def version_in_force(*, document: str, today: dt.date) -> CodeVersion | None:
    """The version of a document in force on ``today``, if any has been adopted."""
    adopted = list(
        CodeVersion.objects.filter(document=document, stage=VersionStage.ADOPTED).select_related(
            "created_by"
        )
    )
    current = documents.current_version(_facts(adopted), on=today)
    if current is None:
        return None
    return next(v for v in adopted if v.number == current.number)


def version_previous_adopted(*, version: CodeVersion) -> CodeVersion | None:
    """The adopted version before this one (for "compare with the previous version")."""
    return (
        CodeVersion.objects.filter(
            document=version.document, stage=VersionStage.ADOPTED, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def versions_published(*, document: str) -> QuerySet[CodeVersion]:
    return CodeVersion.objects.filter(document=document, stage=VersionStage.ADOPTED).order_by(
        "-number"
    )


# --- Text of a version -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeclareLink:
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class ParagraphView:
    number: str
    blocks: tuple[TextBlock, ...]


@dataclass(frozen=True)
class SectionView:
    section: CodeSection
    paragraphs: tuple[ParagraphView, ...]
    kind_labels: tuple[str, ...]
    declare_links: tuple[DeclareLink, ...]

    @property
    def anchor(self) -> str:
        return f"section-{self.section.number}"


@dataclass(frozen=True)
class VersionContent:
    version: CodeVersion
    introduction: tuple[TextBlock, ...]
    principles: tuple[CodePrinciple, ...]
    values: tuple[CodePrinciple, ...]
    sections: tuple[SectionView, ...]


def _sections(version: CodeVersion) -> list[CodeSection]:
    return list(
        CodeSection.objects.filter(version=version)
        .prefetch_related(
            Prefetch("paragraphs", queryset=CodeParagraph.objects.order_by("position"))
        )
        .order_by("position")
    )


def version_content(
    *, version: CodeVersion, declare_links: DeclareLinks | None = None
) -> VersionContent:
    """A version's principles, values and sections, ready to show. Three queries."""
    principles = list(CodePrinciple.objects.filter(version=version).order_by("kind", "position"))
    links = declare_links or {}
    sections = []
    for section in _sections(version):
        kinds = [k for k in section.declaration_kinds if k in DECLARATION_KINDS]
        sections.append(
            SectionView(
                section=section,
                paragraphs=tuple(
                    ParagraphView(p.number, documents.text_blocks(p.text))
                    for p in section.paragraphs.all()
                ),
                kind_labels=tuple(DECLARATION_KINDS[k] for k in kinds),
                declare_links=tuple(
                    DeclareLink(k, links[k][0], links[k][1]) for k in kinds if k in links
                ),
            )
        )
    return VersionContent(
        version=version,
        introduction=documents.text_blocks(version.introduction),
        principles=tuple(p for p in principles if p.kind == PrincipleKind.NOLAN),
        values=tuple(p for p in principles if p.kind == PrincipleKind.VALUE),
        sections=tuple(sections),
    )


def section_texts(*, version: CodeVersion) -> tuple[SectionText, ...]:
    """A version's sections as plain facts, for comparing and for the editing box."""
    return tuple(
        SectionText(
            number=s.number,
            heading=s.heading,
            paragraphs=tuple(documents.ParagraphText(p.number, p.text) for p in s.paragraphs.all()),
            kinds=tuple(s.declaration_kinds),
        )
        for s in _sections(version)
    )


@dataclass(frozen=True)
class DraftComparison:
    """A draft set against the version it would replace: the one in force (else its base)."""

    draft: CodeVersion
    against: CodeVersion | None
    changes: tuple[documents.SectionChange, ...]

    @property
    def lost(self) -> tuple[documents.LostLink, ...]:
        return documents.lost_links(self.changes)

    @property
    def summary(self) -> documents.DiffSummary:
        return documents.summarise_diff(self.changes)


def draft_comparison(*, version: CodeVersion, today: dt.date) -> DraftComparison:
    """How a draft differs from the version in force, section by section."""
    against = version_in_force(document=version.document, today=today) or version.based_on
    if against is None or against.pk == version.pk:
        return DraftComparison(version, None, ())
    return DraftComparison(
        version,
        against,
        documents.diff_sections(section_texts(version=against), section_texts(version=version)),
    )


def version_as_text(*, version: CodeVersion) -> str:
    return documents.document_as_text(version.introduction, section_texts(version=version))


def values_of(*, version: CodeVersion) -> list[tuple[str, str]]:
    return [
        (p.name, p.description)
        for p in CodePrinciple.objects.filter(version=version, kind=PrincipleKind.VALUE).order_by(
            "position"
        )
    ]


def decisions_of(*, version: CodeVersion) -> QuerySet[GovernanceDecision]:
    return GovernanceDecision.objects.filter(version=version).select_related("recorded_by")


def sections_of(*, version: CodeVersion) -> QuerySet[CodeSection]:
    return CodeSection.objects.filter(version=version).order_by("position")


# --- For other pages: the home page warning and the declaration forms ------------------------


@dataclass(frozen=True)
class ReviewWarning:
    version: CodeVersion
    review: Review

    @property
    def message(self) -> str:
        name = self.version.get_document_display()
        days = self.review.days_left or 0
        due = self.version.review_due_on
        when = f"{due.day} {due:%B %Y}" if due else ""
        if self.review.status == documents.ReviewStatus.OVERDUE:
            return f"The review of the {name} was due on {when}, {-days} days ago."
        if days == 0:
            return f"The review of the {name} is due today."
        return (
            f"The review of the {name} is due on {when}, in {days} day{'s' if days != 1 else ''}."
        )


def code_review_warning(today: dt.date) -> list[ReviewWarning]:
    """Warnings for the Monitoring Officer's home page: documents whose review is near or past.

    For each document, only the version in force counts. At most one query per document.
    """
    warnings = []
    for kind in DocumentKind:
        version = version_in_force(document=kind.value, today=today)
        if version is None:
            continue
        review = documents.review_state(version.review_due_on, today=today)
        if review.warn:
            warnings.append(ReviewWarning(version, review))
    return warnings


@dataclass(frozen=True)
class SectionRef:
    """Where a declaration's duty is written: "This meets section 12 of the code"."""

    document: str
    document_title: str
    version_number: int
    number: str
    heading: str
    url: str

    @property
    def label(self) -> str:
        return f"section {self.number} ({self.heading}) of the {self.document_title}"


def sections_for_kind(kind: str, *, today: dt.date) -> list[SectionRef]:
    """The sections of the code in force that ask for declarations of ``kind``, in order."""
    refs = []
    for document in DocumentKind:
        version = version_in_force(document=document.value, today=today)
        if version is None:
            continue
        for section in sections_of(version=version):
            if kind in section.declaration_kinds:
                url = reverse("code:current", kwargs={"document": document.value})
                refs.append(
                    SectionRef(
                        document=document.value,
                        document_title=document.label,
                        version_number=version.number,
                        number=section.number,
                        heading=section.heading,
                        url=f"{url}#section-{section.number}",
                    )
                )
    return refs


# --- Reading confirmations -------------------------------------------------------------------


def people_asked_to_confirm(*, today: dt.date) -> QuerySet[Person]:
    """Officers, contractors and agency staff working for the council on ``today``."""
    return (
        Person.objects.filter(
            kind__in=[PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY]
        )
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
    )


def confirmation_due(*, person: Person, today: dt.date) -> CodeVersion | None:
    """The version of the code ``person`` is asked to confirm they have read, if any."""
    if not person.is_subject_to_code:
        return None
    version = version_in_force(document=DocumentKind.CODE, today=today)
    if version is None:
        return None
    if CodeConfirmation.objects.filter(version=version, person=person).exists():
        return None
    return version


def confirmation_of(*, person: Person, version: CodeVersion) -> CodeConfirmation | None:
    return CodeConfirmation.objects.filter(version=version, person=person).first()


@dataclass(frozen=True)
class ConfirmationRow:
    person: Person
    directorate: str
    service: str
    confirmed_at: dt.datetime | None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def confirmation_rows(
    *,
    version: CodeVersion,
    today: dt.date,
    person_ids: frozenset[int] | None = None,
    directorate_id: int | None = None,
    service_id: int | None = None,
    status: str = "",
) -> list[ConfirmationRow]:
    """Everyone asked to read ``version``, whether they have confirmed, by directorate and service.

    ``person_ids`` limits the list (a manager's reports); ``None`` means everyone. Two queries.
    """
    people = people_asked_to_confirm(today=today).select_related("service__directorate")
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    if directorate_id is not None:
        people = people.filter(service__directorate_id=directorate_id)
    if service_id is not None:
        people = people.filter(service_id=service_id)
    confirmed = dict(
        CodeConfirmation.objects.filter(version=version).values_list("person_id", "confirmed_at")
    )
    rows = [
        ConfirmationRow(
            person=p,
            directorate=p.service.directorate.name if p.service else "No directorate",
            service=p.service.name if p.service else "No service",
            confirmed_at=confirmed.get(p.pk),
        )
        for p in people
    ]
    if status == "confirmed":
        rows = [r for r in rows if r.confirmed]
    elif status == "outstanding":
        rows = [r for r in rows if not r.confirmed]
    rows.sort(key=lambda r: (r.directorate.lower(), r.service.lower(), r.person.full_name.lower()))
    return rows
