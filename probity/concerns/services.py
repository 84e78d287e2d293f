"""Writes for concerns and breach cases: one transaction each, audited in it.

The audit trail of anything an anonymous reporter does names them only as "anonymous reporter",
with no address (``source`` is left empty for every reporter action).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from probity.concerns import casekeys, files
from probity.concerns.choices import (
    BreachBasis,
    ConcernStatus,
    MessageFrom,
    Recipient,
)
from probity.concerns.models import (
    BreachCase,
    Concern,
    ConcernFile,
    ConcernHandler,
    ConcernMessage,
    ConcernNote,
    ConcernSubject,
)
from probity.concerns.rules import (
    Access,
    breach_access,
    breach_record_refusal,
    concern_access,
    may_open_breach_case,
    offices_told,
    recipient_choices,
    status_change_refusal,
)
from probity.concerns.rules import erase_due as is_erase_due
from probity.concerns.sealing import seal, unseal
from probity.concerns.selectors import breach_facts, concern_facts, office_staffed
from probity.core import clock
from probity.core.audit import audit_event, audit_record
from probity.core.notify import email_after_commit
from probity.declarations.models import Declaration
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.selectors import office_holders, viewer_for_person

ANONYMOUS_REPORTER = "anonymous reporter"
NAMED_REPORTER = "reporter (with case key)"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ConcernRefused(Exception):
    """A change the rules do not allow; the message says why."""


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    content_type: str
    extension: str


@dataclass(frozen=True)
class Report:
    kind: str
    recipient: str
    what: str
    when: str
    who: str
    anonymous: bool
    password: str
    name: str = ""
    contact: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    #: The report form's own token: the same form sent again records nothing more.
    submission_token: uuid.UUID | None = None


class AlreadyReported(Exception):
    """This report form was sent before: the concern was recorded then, and its case key shown
    then only."""

    def __init__(self, concern: Concern) -> None:
        super().__init__("This concern has already been sent.")
        self.concern = concern


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(clock.LONDON).date()


def _reference(prefix: str) -> str:
    return prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _url(name: str, **kwargs: Any) -> str:
    return settings.PROBITY_BASE_URL + reverse(name, kwargs=kwargs or None)


def _attach(
    concern: Concern, attachment: Attachment, *, now: dt.datetime, by: Person | None
) -> ConcernFile:
    stored = files.store(attachment.data)  # written first: a rollback leaves an unread orphan
    return ConcernFile.objects.create(
        concern=concern,
        from_reporter=by is None,
        added_by=by,
        at=now,
        stored_name=stored,
        content_type=attachment.content_type,
        extension=attachment.extension,
        size=len(attachment.data),
        sealed_name=seal({"name": attachment.name[:200]}),
    )


def _actor_label(concern: Concern) -> str:
    return ANONYMOUS_REPORTER if concern.anonymous else NAMED_REPORTER


def concern_report(
    *, report: Report, signed_in: Person | None, now: dt.datetime
) -> tuple[Concern, str]:
    """Record a concern; returns it and its case key, which is shown once and never stored.

    An anonymous concern keeps no account, name, contact, address or browser detail, and its
    audit event names an "anonymous reporter"."""
    allowed = recipient_choices(
        signed_in=signed_in is not None,
        anonymous=report.anonymous,
        has_line_manager=bool(signed_in and signed_in.line_manager_id),
    )
    if report.recipient not in allowed:
        raise ConcernRefused("Choose who should receive your concern.")
    named_person = None if report.anonymous else signed_in
    recipient_person = (
        signed_in.line_manager
        if signed_in is not None and report.recipient == Recipient.LINE_MANAGER
        else None
    )
    name = "" if report.anonymous else (named_person.full_name if named_person else report.name)
    contact = "" if report.anonymous else (named_person.email if named_person else report.contact)
    key = casekeys.new_case_key()
    token = report.submission_token
    if token is not None:
        sent = Concern.objects.filter(submission_token=token).first()
        if sent is not None:
            raise AlreadyReported(sent)
    try:
        concern = _record(
            report=report,
            now=now,
            key=key,
            reporter=named_person,
            recipient_person=recipient_person,
            name=name,
            contact=contact,
        )
    except IntegrityError:
        sent = Concern.objects.filter(submission_token=token).first() if token else None
        if sent is None:
            raise
        raise AlreadyReported(sent) from None
    return concern, key


def _record(
    *,
    report: Report,
    now: dt.datetime,
    key: str,
    reporter: Person | None,
    recipient_person: Person | None,
    name: str,
    contact: str,
) -> Concern:
    named_person = reporter
    with transaction.atomic():
        concern = _new_concern(
            report=report,
            now=now,
            key=key,
            reporter=named_person,
            recipient_person=recipient_person,
            name=name,
            contact=contact,
        )
        for attachment in report.attachments:
            _attach(concern, attachment, now=now, by=None)
        audit_record(
            actor=named_person.user if named_person is not None else None,
            actor_label=ANONYMOUS_REPORTER if report.anonymous else NAMED_REPORTER,
            action="concern.received",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"Concern {concern.reference} received for {concern.get_recipient_display().lower()}",
            after={
                "reference": concern.reference,
                "kind": concern.kind,
                "recipient": concern.recipient,
                "anonymous": concern.anonymous,
                "files": len(report.attachments),
            },
        )
        _tell_receivers(concern)
        if not report.anonymous and contact and "@" in contact:
            email_after_commit(
                to=[contact],
                subject=f"We have received your concern {concern.reference}",
                body=(
                    f"Thank you for reporting your concern. Its reference is {concern.reference}.\n\n"
                    f"It has gone to {concern.get_recipient_display().lower().replace('my ', 'your ')}"
                    ", and the Monitoring Officer can see it. They will look at it in confidence and "
                    "may send you questions. To read them and answer, use your case key and password "
                    f"at {_url('concerns:follow_up')}.\n\nWe never send your case key by email."
                ),
            )
    return concern


def _new_concern(
    *,
    report: Report,
    now: dt.datetime,
    key: str,
    reporter: Person | None,
    recipient_person: Person | None,
    name: str,
    contact: str,
) -> Concern:
    for _ in range(5):
        try:
            with transaction.atomic():
                return Concern.objects.create(
                    reference=_reference("CN-"),
                    kind=report.kind,
                    recipient=report.recipient,
                    recipient_person=recipient_person,
                    anonymous=report.anonymous,
                    reporter=reporter,
                    received_on=_today(now),
                    sealed=seal(
                        {
                            "what": report.what,
                            "when": report.when,
                            "who": report.who,
                            "name": name,
                            "contact": contact,
                        }
                    ),
                    case_lookup=casekeys.case_lookup(key),
                    key_hash=casekeys.hash_secret(key),
                    password_hash=casekeys.hash_secret(report.password),
                    submission_token=report.submission_token,
                )
        except IntegrityError:
            token = report.submission_token
            if token is not None and Concern.objects.filter(submission_token=token).exists():
                raise  # the same form, sent twice at once: not a reference that clashed
            continue
    raise RuntimeError("Could not make a unique concern reference.")


def _tell_receivers(concern: Concern) -> None:
    today = concern.received_on
    people: list[Person] = []
    if concern.recipient_person is not None:
        people.append(concern.recipient_person)
    for office in offices_told(concern.recipient, staffed=office_staffed(today=today)):
        people += list(office_holders(kind=OfficeKind(office), today=today, deputies=True))
    addresses = sorted({p.email for p in people if p.email})
    email_after_commit(
        to=addresses,
        subject=f"A concern has been reported: {concern.reference}",
        body=(
            f"A concern ({concern.get_kind_display().lower()}) has been reported to "
            f"{concern.get_recipient_display().lower().replace('my ', 'a ')}. "
            f"Its reference is {concern.reference}.\n\nSign in to read it: "
            f"{_url('concerns:detail', reference=concern.reference)}\n\n"
            "Treat it in confidence: do not forward this email or discuss the concern with anyone "
            "who is not handling it."
        ),
    )


# --- the reporter coming back -----------------------------------------------------------------


def concern_by_case_key(*, key: str, password: str) -> Concern | None:
    """The concern a case key and password open, or None. Takes as long whether or not the key
    finds a case."""
    concern = Concern.objects.filter(
        case_lookup=casekeys.case_lookup(key), erased_at__isnull=True
    ).first()
    if concern is None:
        casekeys.waste_time_like_a_check()
        casekeys.waste_time_like_a_check()
        return None
    key_ok = casekeys.secret_matches(casekeys.normalise(key), concern.key_hash)
    password_ok = casekeys.secret_matches(password, concern.password_hash)
    return concern if key_ok and password_ok else None


def reporter_reply(
    *, concern: Concern, text: str, attachments: tuple[Attachment, ...], now: dt.datetime
) -> ConcernMessage:
    """The reporter answers, with their case key (no account, no address)."""
    if concern.erased_at is not None:
        raise ConcernRefused("This concern has been closed and its content erased.")
    with transaction.atomic():
        message = ConcernMessage.objects.create(
            concern=concern,
            sender=MessageFrom.REPORTER,
            at=now,
            sealed=seal({"text": text}),
        )
        for attachment in attachments:
            _attach(concern, attachment, now=now, by=None)
        Concern.objects.filter(pk=concern.pk).update(reporter_unread=concern.reporter_unread + 1)
        audit_record(
            actor=None,
            actor_label=_actor_label(concern),
            action="concern.reporter_replied",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"The reporter sent a message about {concern.reference}"
            + (f" with {len(attachments)} file(s)" if attachments else ""),
        )
        _tell_handlers(concern, what="The reporter has sent a message")
    return message


def reporter_read_record(*, concern: Concern, now: dt.datetime) -> None:
    with transaction.atomic():
        audit_record(
            actor=None,
            actor_label=_actor_label(concern),
            action="concern.reporter_read",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"The reporter read the messages about {concern.reference}",
        )


def _tell_handlers(concern: Concern, *, what: str) -> None:
    handlers = Person.objects.filter(
        pk__in=ConcernHandler.objects.filter(concern=concern).values("person")
    ).exclude(pk__in=ConcernSubject.objects.filter(concern=concern).values("person"))
    email_after_commit(
        to=[p.email for p in handlers if p.email],
        subject=f"Concern {concern.reference}: {what.lower()}",
        body=f"{what} about concern {concern.reference}. Sign in to read it: "
        f"{_url('concerns:detail', reference=concern.reference)}",
    )


# --- handlers ---------------------------------------------------------------------------------


def _require(actor: Person, concern: Concern, *, at_least: Access, now: dt.datetime) -> Access:
    viewer = viewer_for_person(person=actor, today=_today(now))
    access = concern_access(viewer, concern_facts(concern))
    if access < at_least:
        raise PermissionDenied("You cannot do this with this concern.")
    if concern.erased_at is not None:
        raise ConcernRefused("This concern's content has been erased: it can no longer change.")
    return access


def concern_read_record(*, actor: Person, concern: Concern, now: dt.datetime, source: str) -> None:
    """Every time a handler opens a concern, the audit trail says who."""
    with transaction.atomic():
        audit_record(
            actor=actor.user,
            action="concern.read",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"{actor.full_name} read concern {concern.reference}",
            source=source,
        )
        if concern.reporter_unread:
            Concern.objects.filter(pk=concern.pk).update(reporter_unread=0)


def file_download_record(
    *, actor: Person, concern: Concern, attachment: ConcernFile, now: dt.datetime, source: str
) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor.user,
            action="concern.file_downloaded",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"{actor.full_name} downloaded file {attachment.pk} of concern {concern.reference}",
            source=source,
        )


def handler_assign(
    *, actor: Person, concern: Concern, person: Person, now: dt.datetime, source: str = ""
) -> ConcernHandler:
    _require(actor, concern, at_least=Access.MANAGE, now=now)
    if ConcernSubject.objects.filter(concern=concern, person=person).exists():
        raise ConcernRefused("Someone the concern is about cannot handle it.")
    with transaction.atomic():
        handler, created = ConcernHandler.objects.get_or_create(
            concern=concern, person=person, defaults={"assigned_at": now, "assigned_by": actor}
        )
        if created:
            audit_record(
                actor=actor.user,
                action="concern.handler_assigned",
                target=concern,
                at=now,
                subject=concern.reference,
                summary=f"{person.full_name} will handle concern {concern.reference}",
                source=source,
            )
            email_after_commit(
                to=[person.email],
                subject=f"You have been asked to handle concern {concern.reference}",
                body=f"{actor.full_name} has asked you to handle concern {concern.reference}. "
                f"Sign in to read it: {_url('concerns:detail', reference=concern.reference)}\n\n"
                "Treat it in confidence.",
            )
    return handler


def subject_add(
    *, actor: Person, concern: Concern, person: Person, now: dt.datetime, source: str = ""
) -> ConcernSubject:
    """Record that the concern is about ``person``: from now on they cannot find it, whatever
    office they hold, and they stop handling it if they did."""
    _require(actor, concern, at_least=Access.MANAGE, now=now)
    if person.pk == actor.pk:
        raise ConcernRefused(
            "You cannot record that a concern is about you: ask the Monitoring Officer."
        )
    with transaction.atomic():
        subject, created = ConcernSubject.objects.get_or_create(
            concern=concern, person=person, defaults={"added_at": now, "added_by": actor}
        )
        if created:
            ConcernHandler.objects.filter(concern=concern, person=person).delete()
            audit_record(
                actor=actor.user,
                action="concern.subject_added",
                target=concern,
                at=now,
                subject=concern.reference,
                summary=f"Concern {concern.reference} recorded as being about person {person.pk}",
                source=source,
            )
    return subject


def note_add(
    *, actor: Person, concern: Concern, text: str, now: dt.datetime, source: str = ""
) -> ConcernNote:
    _require(actor, concern, at_least=Access.HANDLE, now=now)
    with transaction.atomic():
        note = ConcernNote.objects.create(
            concern=concern, author=actor, at=now, sealed=seal({"text": text})
        )
        audit_record(
            actor=actor.user,
            action="concern.note_added",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"{actor.full_name} added a note to concern {concern.reference}",
            source=source,
        )
    return note


def message_send(
    *, actor: Person, concern: Concern, text: str, now: dt.datetime, source: str = ""
) -> ConcernMessage:
    """A handler writes to the reporter. A named reporter is told by email that a message is
    waiting (never what it says); an anonymous one reads it when they come back."""
    _require(actor, concern, at_least=Access.HANDLE, now=now)
    with transaction.atomic():
        message = ConcernMessage.objects.create(
            concern=concern,
            sender=MessageFrom.HANDLER,
            author=actor,
            at=now,
            sealed=seal({"text": text}),
        )
        if concern.status == ConcernStatus.RECEIVED:
            concern.status = ConcernStatus.ASSESSING
            concern.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="concern.message_sent",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"{actor.full_name} sent the reporter a message about {concern.reference}",
            source=source,
        )
        if not concern.anonymous:
            contact = str(unseal(concern.sealed).get("contact", ""))
            if "@" in contact:
                email_after_commit(
                    to=[contact],
                    subject=f"A message about your concern {concern.reference}",
                    body="There is a new message about the concern you reported. To read it, use "
                    f"your case key and password at {_url('concerns:follow_up')}.",
                )
    return message


def file_add(
    *, actor: Person, concern: Concern, attachment: Attachment, now: dt.datetime, source: str = ""
) -> ConcernFile:
    _require(actor, concern, at_least=Access.HANDLE, now=now)
    with transaction.atomic():
        added = _attach(concern, attachment, now=now, by=actor)
        audit_record(
            actor=actor.user,
            action="concern.file_added",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"{actor.full_name} added evidence to concern {concern.reference}",
            source=source,
        )
    return added


def status_set(
    *,
    actor: Person,
    concern: Concern,
    status: str,
    outcome: str,
    reasons: str,
    retain_until: dt.date | None,
    now: dt.datetime,
    source: str = "",
) -> Concern:
    _require(actor, concern, at_least=Access.HANDLE, now=now)
    today = _today(now)
    refusal = status_change_refusal(
        current=concern.status,
        new=status,
        outcome=outcome,
        reasons=reasons,
        retain_until=retain_until,
        today=today,
        erased=concern.erased_at is not None,
    )
    if refusal:
        raise ConcernRefused(refusal)
    with transaction.atomic():
        before = {
            "status": concern.status,
            "outcome": concern.outcome,
            "retain_until": concern.retain_until.isoformat() if concern.retain_until else None,
        }
        concern.status = status
        concern.outcome = outcome
        concern.sealed_outcome = seal({"text": reasons})
        concern.retain_until = retain_until
        concern.closed_on = today if status == ConcernStatus.CLOSED else None
        concern.save(
            update_fields=["status", "outcome", "sealed_outcome", "retain_until", "closed_on"]
        )
        audit_record(
            actor=actor.user,
            action="concern.status_set",
            target=concern,
            at=now,
            subject=concern.reference,
            summary=f"Concern {concern.reference}: {concern.get_status_display().lower()}",
            before=before,
            after={
                "status": concern.status,
                "outcome": concern.outcome,
                "retain_until": retain_until.isoformat() if retain_until else None,
            },
            source=source,
        )
    return concern


def erase_due(today: dt.date) -> int:
    """Erase the personal content of every closed concern kept past its date, leaving a stub:
    reference, kind, recipient office, dates, status and outcome. Files are deleted, the case key
    stops working, and the people linked to it are unlinked. Each erasure is audited. Returns how
    many were erased. The daily command calls this (``manage.py erase_expired_concerns``)."""
    now = clock.now()
    erased = 0
    due = Concern.objects.filter(
        erased_at__isnull=True, status=ConcernStatus.CLOSED, retain_until__lt=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            concern = Concern.objects.select_for_update().get(pk=pk)
            if not is_erase_due(
                retain_until=concern.retain_until,
                erased=concern.erased_at is not None,
                status=concern.status,
                today=today,
            ):
                continue
            stored = list(
                ConcernFile.objects.filter(concern=concern).values_list("stored_name", flat=True)
            )
            counts = {
                "messages": ConcernMessage.objects.filter(concern=concern).delete()[0],
                "notes": ConcernNote.objects.filter(concern=concern).delete()[0],
                "files": ConcernFile.objects.filter(concern=concern).delete()[0],
                "subjects": ConcernSubject.objects.filter(concern=concern).delete()[0],
            }
            concern.sealed = ""
            concern.sealed_outcome = ""
            concern.reporter = None
            concern.recipient_person = None
            concern.case_lookup = None
            concern.key_hash = ""
            concern.password_hash = ""
            concern.erased_at = now
            concern.save()
            audit_record(
                actor=None,
                actor_label="Probity (retention)",
                action="concern.erased",
                target=concern,
                at=now,
                subject=concern.reference,
                summary=f"Personal content of concern {concern.reference} erased after "
                f"{concern.retain_until:%Y-%m-%d}",
                after=counts,
            )
            transaction.on_commit(partial(_remove_files, stored))
        erased += 1
    if erased:
        with transaction.atomic():
            audit_event(
                action="concern.erasure_run",
                target_type="concerns.concern",
                at=now,
                actor_label="Probity (retention)",
                summary=f"{erased} concern(s) erased at the end of their retention",
            )
    return erased


def _remove_files(stored_names: list[str]) -> None:
    for name in stored_names:
        files.remove(name)


# --- breach cases -----------------------------------------------------------------------------


def breach_open(
    *,
    actor: Person,
    person: Person,
    basis: str,
    allegation: str,
    now: dt.datetime,
    declaration: Declaration | None = None,
    concern: Concern | None = None,
    source: str = "",
) -> BreachCase:
    viewer = viewer_for_person(person=actor, today=_today(now))
    if not may_open_breach_case(viewer, person_id=person.pk):
        raise PermissionDenied("Only the Monitoring Officer can open a breach case.")
    if basis == BreachBasis.DECLARATION and (
        declaration is None or declaration.declarant_id != person.pk
    ):
        raise ConcernRefused("A breach case from a declaration is about its declarant.")
    if basis == BreachBasis.CONCERN and (
        concern is None or concern_access(viewer, concern_facts(concern)) == Access.NONE
    ):
        raise ConcernRefused("Choose a concern you can see.")
    if basis == BreachBasis.UNDECLARED and (declaration is not None or concern is not None):
        raise ConcernRefused("A case about something not declared links no declaration.")
    with transaction.atomic():
        for _ in range(5):
            try:
                with transaction.atomic():
                    case = BreachCase.objects.create(
                        reference=_reference("BC-"),
                        person=person,
                        basis=basis,
                        declaration=declaration,
                        concern=concern,
                        opened_by=actor,
                        opened_on=_today(now),
                        sealed=seal({"allegation": allegation}),
                    )
                break
            except IntegrityError:
                continue
        else:
            raise RuntimeError("Could not make a unique breach case reference.")
        audit_record(
            actor=actor.user,
            action="breach.opened",
            target=case,
            at=now,
            subject=case.reference,
            summary=f"Breach case {case.reference} opened ({case.get_basis_display().lower()})",
            after={
                "reference": case.reference,
                "basis": case.basis,
                "declaration": declaration.reference if declaration else None,
                "concern": concern.reference if concern else None,
            },
            source=source,
        )
    return case


def breach_record(
    *,
    actor: Person,
    case: BreachCase,
    investigation_started_on: dt.date | None,
    investigation: str,
    outcome: str,
    outcome_on: dt.date | None,
    reasons: str,
    result: str,
    result_on: dt.date | None,
    now: dt.datetime,
    source: str = "",
) -> BreachCase:
    viewer = viewer_for_person(person=actor, today=_today(now))
    if breach_access(viewer, breach_facts(case)) < Access.MANAGE:
        raise PermissionDenied("Only the Monitoring Officer can record a breach case.")
    refusal = breach_record_refusal(
        outcome=outcome,
        outcome_on=outcome_on,
        result=result,
        result_on=result_on,
        opened_on=case.opened_on,
        today=_today(now),
    )
    if refusal:
        raise ConcernRefused(refusal)
    with transaction.atomic():
        fields = (
            "investigation_started_on",
            "outcome",
            "outcome_on",
            "disciplinary_result",
            "disciplinary_result_on",
        )
        before = {
            name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name in fields
            for value in [getattr(case, name)]
        }
        text = unseal(case.sealed)
        text.update({"investigation": investigation, "reasons": reasons})
        case.sealed = seal(text)
        case.investigation_started_on = investigation_started_on
        case.outcome = outcome
        case.outcome_on = outcome_on
        case.disciplinary_result = result
        case.disciplinary_result_on = result_on
        case.save()
        after = {
            name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name in fields
            for value in [getattr(case, name)]
        }
        audit_record(
            actor=actor.user,
            action="breach.recorded",
            target=case,
            at=now,
            subject=case.reference,
            summary=f"Breach case {case.reference} updated",
            before=before,
            after=after,
            source=source,
        )
    return case
