"""Who is emailed when something happens to a declaration. Called inside services.

Email about a special-category entry names only its reference and a link: no title, comment,
condition or reason, and not who declared it (see ``_email``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from probity.core.clock import LONDON
from probity.core.notify import email_after_commit
from probity.declarations import sealing
from probity.declarations.choices import AdviceOffice, DecisionAction
from probity.declarations.models import Decision, Declaration, VersionBase
from probity.declarations.rules import Responsible, Step, open_steps
from probity.declarations.selectors import decisions_of, route_policy, step_outcomes, steps_for
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.selectors import office_holders


def _link(name: str, reference: str) -> str:
    return settings.PROBITY_BASE_URL + reverse(name, kwargs={"reference": reference})


def _email(
    declaration: Declaration,
    *,
    to: list[str],
    subject: str,
    body: str,
    sealed_subject: str,
    link: str,
) -> None:
    """Send an email; about a sealed entry, send only its reference and a link instead."""
    if sealing.is_sealed(declaration):
        subject = sealed_subject
        body = (
            f"There is news about declaration {declaration.reference}. To keep it private, "
            f"this email gives no details. Sign in to read them:\n\n{link}\n"
        )
    email_after_commit(to=to, subject=subject, body=body)


def _monitoring_officers(now: dt.datetime) -> list[str]:
    today = now.astimezone(LONDON).date()
    people = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today, deputies=True)
    return [p.email for p in people]


def _line_manager(declaration: Declaration, now: dt.datetime) -> list[str]:
    manager: Person | None = declaration.declarant.line_manager
    if manager is not None:
        return [manager.email]
    return _monitoring_officers(now)


def _responsible(declaration: Declaration, step: Step, now: dt.datetime) -> list[str]:
    """Everyone who can act on a step today: the line manager, or an office's holders and deputies."""
    if step.responsible == Responsible.LINE_MANAGER:
        return _line_manager(declaration, now)
    today = now.astimezone(LONDON).date()
    if step.responsible == Responsible.HEAD_OF_SERVICE:
        service = declaration.declarant.service
        if service is None:
            return _monitoring_officers(now)
        people = office_holders(
            kind=OfficeKind.HEAD_OF_SERVICE, today=today, service=service, deputies=True
        )
    else:
        office = (
            route_policy().referral_office
            if step.responsible == Responsible.REFERRAL_OFFICE
            else step.responsible.value
        )
        people = office_holders(kind=OfficeKind(office), today=today, deputies=True)
    return [p.email for p in people if p.pk != declaration.declarant_id]


def _reviewers(
    declaration: Declaration, now: dt.datetime, *, done: frozenset[str] = frozenset()
) -> list[str]:
    """Whoever must act next on the declaration's open steps."""
    steps = open_steps(steps_for(declaration, route_policy()), done)
    return [address for step in steps for address in _responsible(declaration, step, now)]


def declaration_submitted(*, declaration: Declaration, now: dt.datetime) -> None:
    kind = declaration.get_kind_display().lower()
    to = _reviewers(declaration, now)
    if not to:
        return
    link = _link("declarations:review", declaration.reference)
    _email(
        declaration,
        to=to,
        subject=f"{declaration.declarant} has declared a {kind} ({declaration.reference})",
        body=(
            f"{declaration.declarant} has made a declaration of a {kind}, "
            f"reference {declaration.reference}.\n\n"
            f"Review it here: {link}\n"
        ),
        sealed_subject=f"Declaration {declaration.reference} is waiting for you",
        link=link,
    )


def declaration_changed(*, declaration: Declaration, version: VersionBase) -> None:
    link = _link("declarations:review", declaration.reference)
    _email(
        declaration,
        to=_reviewers(declaration, version.created_at),
        subject=f"{declaration.declarant} has changed declaration {declaration.reference}",
        body=(
            f"{declaration.declarant} has {version.get_change_display().lower()} declaration "
            f"{declaration.reference}. It is waiting for your review again.\n\n"
            f"Review it here: {link}\n"
        ),
        sealed_subject=f"Declaration {declaration.reference} has changed",
        link=link,
    )


def declaration_withdrawn(*, declaration: Declaration, reason: str) -> None:
    link = _link("registers:entry", declaration.reference)
    _email(
        declaration,
        to=[declaration.declarant.email],
        subject=f"Your declaration {declaration.reference} has been withdrawn",
        body=(
            f"The Monitoring Officer has withdrawn your declaration {declaration.reference} "
            f"from the register. It stays on record, marked as withdrawn.\n\nReason: {reason}\n\n"
            f"See it here: {link}\n"
        ),
        sealed_subject=f"Your declaration {declaration.reference} has been withdrawn",
        link=link,
    )


def decision_made(*, declaration: Declaration, decision: Decision, now: dt.datetime) -> None:
    reference = declaration.reference
    action = decision.action
    if action == DecisionAction.INFO_REQUESTED:
        to = [declaration.declarant.email]
        link = _link("declarations:respond", reference)
        subject = f"More information is needed about your declaration {reference}"
        body = (
            f"{decision.actor} has asked for more information about your declaration "
            f"{reference}:\n\n{decision.comment}\n\nAnswer here: {link}\n"
        )
    elif action == DecisionAction.REFERRED:
        if decision.referred_to == AdviceOffice.MONITORING_OFFICER:
            to = _monitoring_officers(now)
        else:
            today = now.astimezone(LONDON).date()
            service = declaration.declarant.service
            to = (
                [
                    p.email
                    for p in office_holders(
                        kind=OfficeKind.HEAD_OF_SERVICE, today=today, service=service, deputies=True
                    )
                ]
                if service is not None
                else []
            )
        link = _link("declarations:review", reference)
        subject = f"Your advice is asked for on declaration {reference}"
        body = (
            f"{decision.actor} asks for your advice on declaration {reference}:\n\n"
            f"{decision.comment}\n\nGive your advice here: {link}\n"
        )
    elif action in {DecisionAction.ADVICE_GIVEN, DecisionAction.INFO_PROVIDED}:
        done, _ = step_outcomes(declaration, decisions_of(declaration=declaration))
        to = _reviewers(declaration, now, done=done)
        link = _link("declarations:review", reference)
        subject = f"Declaration {reference} is ready for your review again"
        body = (
            f"{decision.actor} ({decision.acting_as}) wrote:\n\n{decision.comment}\n\n"
            f"Review it here: {link}\n"
        )
    else:
        to = [declaration.declarant.email]
        link = _link("registers:entry", reference)
        subject = f"Your declaration {reference}: {decision.get_action_display().lower()}"
        details = ""
        if decision.conditions:
            details += f"Conditions:\n{decision.conditions}\n\n"
        if decision.review_on:
            details += f"It will be reviewed by {decision.review_on:%d %B %Y}.\n\n"
        if decision.comment:
            details += f"{'Reason' if action == DecisionAction.REFUSED else 'Comment'}:\n{decision.comment}\n\n"
        body = (
            f"{decision.actor} ({decision.acting_as}) has "
            f"{decision.get_action_display().lower()} your declaration {reference}.\n\n{details}"
            f"See it here: {link}\n"
        )
        if action != DecisionAction.REFUSED:
            _tell_next(declaration, now)
    _email(
        declaration,
        to=to,
        subject=subject,
        body=body,
        sealed_subject=f"There is news about declaration {reference}",
        link=link,
    )


def _tell_next(declaration: Declaration, now: dt.datetime) -> None:
    """When a stage is complete, tell whoever must act in the next one."""
    done, refused = step_outcomes(declaration, decisions_of(declaration=declaration))
    steps = steps_for(declaration, route_policy())
    upcoming = open_steps(steps, done)
    if refused or not upcoming or any(s.stage == min(x.stage for x in steps) for s in upcoming):
        return
    to = [address for step in upcoming for address in _responsible(declaration, step, now)]
    link = _link("declarations:review", declaration.reference)
    _email(
        declaration,
        to=to,
        subject=f"Declaration {declaration.reference} is waiting for you",
        body=(
            f"{declaration.declarant} made a declaration ({declaration.get_kind_display().lower()}, "
            f"reference {declaration.reference}) that is now waiting for you.\n\n"
            f"Act on it here: {link}\n"
        ),
        sealed_subject=f"Declaration {declaration.reference} is waiting for you",
        link=link,
    )
