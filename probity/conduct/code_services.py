"""Writes to the code and the protocol: drafts, governance, adoption and reading confirmations.

Every function takes keyword arguments, runs in one transaction and writes its audit event in
that transaction. A version's text can change only while it is a draft; once it has been sent to
committee its sections, paragraphs and principles are never changed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from probity.conduct import documents
from probity.conduct.code_selectors import (
    people_asked_to_confirm,
    section_texts,
    version_in_force,
)
from probity.conduct.documents import DECLARATION_KINDS, NOLAN_PRINCIPLES, ParsedDocument
from probity.conduct.models import (
    CodeConfirmation,
    CodeParagraph,
    CodePrinciple,
    CodeSection,
    CodeVersion,
    ConfirmationRequest,
    DocumentKind,
    GovernanceDecision,
    MeetingKind,
    MeetingOutcome,
    PrincipleKind,
    VersionStage,
)
from probity.conduct.tasks import make_code_pdf_after_commit
from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.core.notify import email_after_commit
from probity.people.access import require_monitoring_officer
from probity.people.models import Person


class CodeError(Exception):
    """A write the rules do not allow, with messages a person can act on."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def _subject(version: CodeVersion) -> str:
    return f"{version.document}-v{version.number}"


def _locked(version: CodeVersion) -> CodeVersion:
    """The version re-read under a row lock, so two requests cannot move it on at once."""
    return CodeVersion.objects.select_for_update().get(pk=version.pk)


def _facts(document: str) -> list[documents.VersionFacts]:
    return [
        documents.VersionFacts(
            number=v.number, stage=documents.Stage(v.stage), takes_effect_on=v.takes_effect_on
        )
        for v in CodeVersion.objects.filter(document=document)
    ]


def _copy_content(*, source: CodeVersion, target: CodeVersion) -> None:
    for principle in source.principles.all():
        CodePrinciple.objects.create(
            version=target,
            kind=principle.kind,
            position=principle.position,
            name=principle.name,
            description=principle.description,
        )
    for section in source.sections.prefetch_related("paragraphs"):
        copy = CodeSection.objects.create(
            version=target,
            position=section.position,
            number=section.number,
            heading=section.heading,
            declaration_kinds=list(section.declaration_kinds),
        )
        CodeParagraph.objects.bulk_create(
            CodeParagraph(section=copy, position=p.position, number=p.number, text=p.text)
            for p in section.paragraphs.all()
        )


def _seed_principles(version: CodeVersion) -> None:
    CodePrinciple.objects.bulk_create(
        CodePrinciple(
            version=version,
            kind=PrincipleKind.NOLAN,
            position=position,
            name=name,
            description=description,
        )
        for position, (name, description) in enumerate(NOLAN_PRINCIPLES, 1)
    )


def draft_start(
    *,
    actor: Person,
    document: str,
    now: dt.datetime,
    source: str = "",
    title: str = "",
) -> CodeVersion:
    """A new draft, copied from the version in force (or the latest adopted), else empty.

    Only one version of a document is prepared at a time.
    """
    require_monitoring_officer(person=actor, now=now)
    kind = DocumentKind(document)
    with transaction.atomic():
        facts = _facts(document)
        if not documents.can_start_draft(facts):
            raise CodeError(
                "A version is already being prepared: finish it, or record the committee's or "
                "Council's decision, before starting another"
            )
        today = now.astimezone(LONDON).date()
        current = documents.current_version(facts, on=today)
        adopted = [f for f in facts if f.stage == documents.Stage.ADOPTED]
        base_number = (
            current.number
            if current
            else max((f.number for f in adopted), default=None)
            if adopted
            else None
        )
        base = (
            CodeVersion.objects.get(document=document, number=base_number)
            if base_number is not None
            else None
        )
        number = (
            CodeVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        version = CodeVersion.objects.create(
            document=document,
            number=number,
            stage=VersionStage.DRAFT,
            title=title or (base.title if base else kind.label),
            introduction=base.introduction if base else "",
            based_on=base,
            created_at=now,
            created_by=actor,
            updated_at=now,
        )
        if base is not None:
            _copy_content(source=base, target=version)
        elif kind == DocumentKind.CODE:
            _seed_principles(version)
        audit_record(
            actor=actor.user,
            action="code.draft_started",
            target=version,
            at=now,
            subject=_subject(version),
            summary=f"Draft {version} started" + (f" from version {base.number}" if base else ""),
            after=snapshot(version),
            source=source,
        )
    return version


def _require_draft(version: CodeVersion) -> None:
    if version.stage != VersionStage.DRAFT:
        raise CodeError(
            "This version has been sent to committee and can no longer be changed: start a new "
            "draft instead"
        )


def _replace_sections(
    version: CodeVersion,
    sections: Sequence[documents.SectionText],
    *,
    kinds: Sequence[Sequence[str]],
) -> None:
    CodeParagraph.objects.filter(section__version=version).delete()
    CodeSection.objects.filter(version=version).delete()
    for position, (section, section_kinds) in enumerate(zip(sections, kinds, strict=True), 1):
        row = CodeSection.objects.create(
            version=version,
            position=position,
            number=section.number,
            heading=section.heading,
            declaration_kinds=list(section_kinds),
        )
        CodeParagraph.objects.bulk_create(
            CodeParagraph(section=row, position=index, number=p.number, text=p.text)
            for index, p in enumerate(section.paragraphs, 1)
        )


def _content_summary(version: CodeVersion) -> dict[str, object]:
    return {
        "title": version.title,
        "sections": version.sections.count(),
        "paragraphs": CodeParagraph.objects.filter(section__version=version).count(),
        "source_filename": version.source_filename,
    }


def draft_update_text(
    *,
    actor: Person,
    version: CodeVersion,
    title: str,
    change_summary: str,
    parsed: ParsedDocument,
    now: dt.datetime,
    filename: str = "",
    source: str = "",
) -> CodeVersion:
    """Replace a draft's title, introduction and sections with text typed or imported.

    Declaration kinds follow their sections (``documents.carry_kinds``: matched by heading, then
    likeness, then number), so pasting the text again or importing a renumbered file keeps the
    "Declare under this section" links. Nothing is written when the text has errors.
    """
    require_monitoring_officer(person=actor, now=now)
    if not parsed.ok:
        raise CodeError(*(parsed.errors or ("The text has no numbered sections",)))
    with transaction.atomic():
        version = _locked(version)
        _require_draft(version)
        before = _content_summary(version)
        kinds = documents.carry_kinds(section_texts(version=version), parsed.sections)
        version.title = title
        version.change_summary = change_summary
        version.introduction = parsed.introduction
        if filename:
            version.source_filename = filename[:200]
        version.updated_at = now
        version.save()
        _replace_sections(version, parsed.sections, kinds=kinds)
        audit_record(
            actor=actor.user,
            action="code.draft_imported" if filename else "code.draft_text_changed",
            target=version,
            at=now,
            subject=_subject(version),
            summary=(
                f"Text of {version} imported from {filename}"
                if filename
                else f"Text of {version} changed"
            ),
            before=before,
            after=_content_summary(version),
            source=source,
        )
    return version


def section_set_kinds(
    *, actor: Person, section: CodeSection, kinds: Iterable[str], now: dt.datetime, source: str = ""
) -> CodeSection:
    """Name the declaration kinds a draft's section creates a duty for."""
    require_monitoring_officer(person=actor, now=now)
    chosen = [k for k in DECLARATION_KINDS if k in set(kinds)]
    unknown = set(kinds) - set(DECLARATION_KINDS)
    if unknown:
        raise CodeError("Select declarations from the list")
    with transaction.atomic():
        version = _locked(section.version)
        _require_draft(version)
        section = CodeSection.objects.select_for_update().get(pk=section.pk)
        before = {"declaration_kinds": list(section.declaration_kinds)}
        section.declaration_kinds = chosen
        section.save(update_fields=["declaration_kinds"])
        version.updated_at = now
        version.save(update_fields=["updated_at"])
        audit_record(
            actor=actor.user,
            action="code.section_duties_changed",
            target=section,
            at=now,
            subject=_subject(version),
            summary=f"Declarations asked for by section {section.number} of {version} changed",
            before=before,
            after={"declaration_kinds": chosen},
            source=source,
        )
    return section


def draft_set_values(
    *,
    actor: Person,
    version: CodeVersion,
    values: Sequence[tuple[str, str]],
    now: dt.datetime,
    source: str = "",
) -> CodeVersion:
    """Replace the council's own values shown at the top of a draft."""
    require_monitoring_officer(person=actor, now=now)
    with transaction.atomic():
        version = _locked(version)
        _require_draft(version)
        existing = version.principles.filter(kind=PrincipleKind.VALUE)
        before = {"values": [p.name for p in existing]}
        existing.delete()
        CodePrinciple.objects.bulk_create(
            CodePrinciple(
                version=version,
                kind=PrincipleKind.VALUE,
                position=position,
                name=name,
                description=description,
            )
            for position, (name, description) in enumerate(values, 1)
        )
        version.updated_at = now
        version.save(update_fields=["updated_at"])
        audit_record(
            actor=actor.user,
            action="code.values_changed",
            target=version,
            at=now,
            subject=_subject(version),
            summary=f"Council values in {version} changed",
            before=before,
            after={"values": [name for name, _ in values]},
            source=source,
        )
    return version


def draft_send_to_committee(
    *, actor: Person, version: CodeVersion, now: dt.datetime, source: str = ""
) -> CodeVersion:
    """Freeze a draft: from now on its text is what the committee considers."""
    require_monitoring_officer(person=actor, now=now)
    with transaction.atomic():
        version = _locked(version)
        _require_draft(version)
        if not version.sections.exists():
            raise CodeError("Add at least one section before sending the draft to committee")
        before = snapshot(version)
        version.stage = VersionStage.WITH_COMMITTEE
        version.sent_to_committee_at = now
        version.updated_at = now
        version.save()
        audit_record(
            actor=actor.user,
            action="code.sent_to_committee",
            target=version,
            at=now,
            subject=_subject(version),
            summary=f"{version} sent to committee",
            before=before,
            after=snapshot(version),
            source=source,
        )
    return version


def draft_discard(
    *, actor: Person, version: CodeVersion, reason: str, now: dt.datetime, source: str = ""
) -> CodeVersion:
    """Set a draft aside. It is kept, marked discarded with who, when and why, never deleted;
    a new draft can then be started."""
    require_monitoring_officer(person=actor, now=now)
    reason = reason.strip()
    if not reason:
        raise CodeError("Enter why the draft is being discarded")
    with transaction.atomic():
        version = _locked(version)
        if not documents.can_discard(documents.Stage(version.stage)):
            raise CodeError(
                "Only a draft can be discarded: this version has already been sent to committee"
            )
        before = snapshot(version)
        version.stage = VersionStage.DISCARDED
        version.discarded_at = now
        version.discarded_by = actor
        version.discard_reason = reason
        version.updated_at = now
        version.save()
        audit_record(
            actor=actor.user,
            action="code.draft_discarded",
            target=version,
            at=now,
            subject=_subject(version),
            summary=f"Draft {version} discarded",
            before=before,
            after=snapshot(version),
            source=source,
        )
    return version


COMMITTEE_OUTCOMES = (
    MeetingOutcome.RECOMMENDED,
    MeetingOutcome.DEFERRED,
    MeetingOutcome.RETURNED,
)
ADOPTION_OUTCOMES = (MeetingOutcome.ADOPTED, MeetingOutcome.NOT_ADOPTED)


def _meeting_decision(
    *,
    actor: Person,
    version: CodeVersion,
    meeting: str,
    body: str,
    meeting_date: dt.date,
    outcome: str,
    minute_reference: str,
    notes: str,
    settle: Callable[[CodeVersion], None],
    action: str,
    now: dt.datetime,
    source: str,
) -> GovernanceDecision:
    """Add a meeting's decision, move the (locked) version on, and audit both."""
    require_monitoring_officer(person=actor, now=now)
    before = snapshot(version)
    decision = GovernanceDecision.objects.create(
        version=version,
        meeting=meeting,
        body=body,
        meeting_date=meeting_date,
        outcome=outcome,
        minute_reference=minute_reference,
        notes=notes,
        recorded_at=now,
        recorded_by=actor,
    )
    settle(version)
    version.updated_at = now
    version.save()
    audit_record(
        actor=actor.user,
        action=action,
        target=version,
        at=now,
        subject=_subject(version),
        summary=f"{body} on {meeting_date:%d %B %Y}: {decision.get_outcome_display()}",
        before=before,
        after={**snapshot(version), "decision": snapshot(decision)},
        source=source,
    )
    return decision


def committee_decision_record(
    *,
    actor: Person,
    version: CodeVersion,
    committee: str,
    meeting_date: dt.date,
    outcome: str,
    minute_reference: str = "",
    notes: str = "",
    now: dt.datetime,
    source: str = "",
) -> GovernanceDecision:
    """Record a committee's decision on a version it considered.

    Recommended: the version waits for full Council or Cabinet. Deferred: it stays with the
    committee for a later meeting. Sent back: it is closed, and a new draft can be started.
    """
    if outcome not in COMMITTEE_OUTCOMES:
        raise CodeError("Select the committee's decision")
    with transaction.atomic():
        version = _locked(version)
        if version.stage != VersionStage.WITH_COMMITTEE:
            raise CodeError("Only a version with committee can have a committee decision")

        def settle(version: CodeVersion) -> None:
            if outcome == MeetingOutcome.RECOMMENDED:
                version.stage = VersionStage.RECOMMENDED
            elif outcome == MeetingOutcome.RETURNED:
                version.stage = VersionStage.RETURNED

        decision = _meeting_decision(
            actor=actor,
            version=version,
            meeting=MeetingKind.COMMITTEE,
            body=committee,
            meeting_date=meeting_date,
            outcome=outcome,
            minute_reference=minute_reference,
            notes=notes,
            settle=settle,
            action="code.committee_decision",
            now=now,
            source=source,
        )
    return decision


def adoption_record(
    *,
    actor: Person,
    version: CodeVersion,
    body: str,
    meeting_date: dt.date,
    outcome: str,
    takes_effect_on: dt.date | None,
    review_due_on: dt.date | None,
    minute_reference: str = "",
    notes: str = "",
    now: dt.datetime,
    source: str = "",
) -> GovernanceDecision:
    """Record full Council's or Cabinet's decision on a version the committee recommended.

    Adopted: the version is in force from ``takes_effect_on`` and the one before it is superseded
    from that day. Its text, dates and decisions are never changed again. Once the decision is
    committed, its PDF is made in the background (``conduct.tasks.make_code_pdf``).
    """
    require_monitoring_officer(person=actor, now=now)
    if outcome not in ADOPTION_OUTCOMES:
        raise CodeError("Select whether the version was adopted")
    errors: list[str] = []
    if outcome == MeetingOutcome.ADOPTED:
        if takes_effect_on is None:
            errors.append("Enter the date the version takes effect")
        elif takes_effect_on < meeting_date:
            errors.append("The version cannot take effect before the meeting that adopted it")
        if review_due_on is None:
            errors.append("Enter the date the review is due")
        elif takes_effect_on is not None and review_due_on <= takes_effect_on:
            errors.append("The review must be due after the version takes effect")
    if errors:
        raise CodeError(*errors)
    with transaction.atomic():
        version = _locked(version)
        if version.stage != VersionStage.RECOMMENDED:
            raise CodeError(
                "Only a version the committee has recommended can be adopted or turned down"
            )
        if outcome == MeetingOutcome.ADOPTED:
            later = (
                CodeVersion.objects.filter(
                    document=version.document,
                    stage=VersionStage.ADOPTED,
                    takes_effect_on__gte=takes_effect_on,
                )
                .order_by("-takes_effect_on")
                .first()
            )
            if later is not None:
                raise CodeError(
                    f"Version {later.number} already takes effect on or after that date: "
                    "choose a later date"
                )

        def settle(version: CodeVersion) -> None:
            if outcome == MeetingOutcome.ADOPTED:
                version.stage = VersionStage.ADOPTED
                version.adopted_on = meeting_date
                version.adopted_by_body = body
                version.takes_effect_on = takes_effect_on
                version.review_due_on = review_due_on
            else:
                version.stage = VersionStage.NOT_ADOPTED

        decision = _meeting_decision(
            actor=actor,
            version=version,
            meeting=MeetingKind.ADOPTION,
            body=body,
            meeting_date=meeting_date,
            outcome=outcome,
            minute_reference=minute_reference,
            notes=notes,
            settle=settle,
            action="code.adopted" if outcome == MeetingOutcome.ADOPTED else "code.not_adopted",
            now=now,
            source=source,
        )
        if outcome == MeetingOutcome.ADOPTED:
            make_code_pdf_after_commit(version.pk)
    return decision


def confirmation_record(
    *, person: Person, version: CodeVersion, now: dt.datetime, source: str = ""
) -> CodeConfirmation:
    """Record that ``person`` has read ``version``, which must be in force today.

    Confirming twice keeps the first confirmation and writes nothing more.
    """
    if not person.is_subject_to_code:
        raise CodeError("Only people the code applies to confirm they have read it")
    today = now.astimezone(LONDON).date()
    with transaction.atomic():
        current = documents.current_version(_facts(version.document), on=today)
        if current is None or current.number != version.number:
            raise CodeError("This version is not the one in force: read the current version")
        existing = CodeConfirmation.objects.filter(version=version, person=person).first()
        if existing is not None:
            return existing
        confirmation = CodeConfirmation.objects.create(
            version=version, person=person, confirmed_at=now
        )
        audit_record(
            actor=person.user,
            action="code.read_confirmed",
            target=confirmation,
            at=now,
            subject=_subject(version),
            summary=f"{person} confirmed they have read {version}",
            after=snapshot(confirmation),
            source=source,
        )
    return confirmation


def confirmation_requests_send(*, now: dt.datetime, base_url: str) -> int:
    """Email everyone the code applies to who has not read the version in force, once each.

    Safe to run every day: people already asked or who have confirmed are left alone. Returns how
    many were asked.
    """
    today = now.astimezone(LONDON).date()
    version = version_in_force(document=DocumentKind.CODE, today=today)
    if version is None:
        return 0
    link = base_url + reverse("code:confirm")
    with transaction.atomic():
        done = set(
            CodeConfirmation.objects.filter(version=version).values_list("person_id", flat=True)
        )
        done |= set(
            ConfirmationRequest.objects.filter(version=version).values_list("person_id", flat=True)
        )
        people = [p for p in people_asked_to_confirm(today=today) if p.pk not in done]
        for person in people:
            ConfirmationRequest.objects.create(version=version, person=person, sent_at=now)
            email_after_commit(
                to=[person.email],
                subject=f"Please read the new {version.get_document_display().lower()}",
                body=(
                    f"Version {version.number} of the {version.get_document_display().lower()} took effect on "
                    f"{version.takes_effect_on:%d %B %Y}. Please read it and confirm that you have "
                    f"read it:\n\n{link}\n"
                ),
            )
        if people:
            audit_record(
                actor=None,
                action="code.confirmation_requested",
                target=version,
                at=now,
                subject=_subject(version),
                summary=f"{len(people)} people asked to confirm they have read {version}",
                after={"people": [p.pk for p in people]},
            )
    return len(people)
