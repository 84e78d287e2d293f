"""Who is emailed when something happens to a declaration. Called inside services.

Emails go to the people the stored assignments name (``route_services.Told``), so the people told
are exactly the people who can act. Emails about a special-category entry carry no details: only
the kind, the reference and a link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from probity.core.clock import LONDON
from probity.core.notify import email_after_commit
from probity.core.templatetags.probity import uk_date
from probity.declarations.choices import DecisionAction, DeclarationStatus, StepState
from probity.declarations.models import Decision, Declaration, RouteStep, VersionBase
from probity.declarations.route_services import Told
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.selectors import office_holders

FINAL = {
    DeclarationStatus.APPROVED,
    DeclarationStatus.APPROVED_WITH_CONDITIONS,
    DeclarationStatus.REFUSED,
    DeclarationStatus.NOTED,
    DeclarationStatus.RECORDED,
}


def _link(name: str, reference: str) -> str:
    return settings.PROBITY_BASE_URL + reverse(name, kwargs={"reference": reference})


def _emails(person_ids: Iterable[int]) -> list[str]:
    ids = sorted(set(person_ids))
    if not ids:
        return []
    return [e for e in Person.objects.filter(pk__in=ids).values_list("email", flat=True) if e]


def _kind(declaration: Declaration) -> str:
    """The kind, in words; for a special-category entry nothing about it (ADR 8)."""
    if declaration.special_category:
        return "details held by the Monitoring Officer"
    return str(declaration.get_kind_display()).lower()


def _by(declaration: Declaration) -> str:
    """Who declared it, for an email; nobody is named in email about a special-category entry."""
    return "Someone in your team" if declaration.special_category else str(declaration.declarant)


def _monitoring_officers(declaration: Declaration, now: dt.datetime) -> list[str]:
    today = now.astimezone(LONDON).date()
    people = office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today, deputies=True)
    return [p.email for p in people if p.email and p.pk != declaration.declarant_id]


def _alert_stranded(declaration: Declaration, told: Told, now: dt.datetime) -> None:
    if not told.stranded:
        return
    labels = "\n".join(f"- {row.label}" for row in told.stranded)
    email_after_commit(
        to=_monitoring_officers(declaration, now),
        subject=f"Nobody can act on declaration {declaration.reference}",
        body=(
            f"Declaration {declaration.reference} ({_kind(declaration)}) is waiting for a step "
            f"that nobody can take: the office and every office it passes to are empty, or "
            f"held by the person who declared.\n\n{labels}\n\n"
            f"Give the office a holder, or change where its work passes to, under Settings. "
            f"See it here: {_link('registers:entry', declaration.reference)}\n"
        ),
    )


def work_assigned(*, declaration: Declaration, told: Told, now: dt.datetime) -> None:
    """Tell the people newly assigned to a declaration's steps (and the MO if nobody can act)."""
    if told.person_ids:
        email_after_commit(
            to=_emails(told.person_ids),
            subject=f"Declaration {declaration.reference} is waiting for you",
            body=(
                f"A declaration ({_kind(declaration)}, reference {declaration.reference}) "
                f"is now waiting for you to act on it.\n\n"
                f"Act on it here: {_link('declarations:review', declaration.reference)}\n"
            ),
        )
    _alert_stranded(declaration, told, now)


def _what(declaration: Declaration, version: VersionBase | None) -> str:
    """The kind and a short summary of what was declared; the kind alone when special-category."""
    if declaration.special_category:
        return f"What: {_kind(declaration)}"
    label = str(declaration.get_kind_display())
    if version is None:
        return f"What: {label}"
    from probity.declarations.presenters import version_summary

    return f"What: {label}\nSummary: {version_summary(version)}"


def _names(person_ids: Iterable[int]) -> str:
    ids = sorted(set(person_ids))
    names = (
        Person.objects.filter(pk__in=ids).order_by("full_name").values_list("full_name", flat=True)
    )
    return ", ".join(names)


def declaration_submitted(
    *,
    declaration: Declaration,
    told: Told,
    now: dt.datetime,
    version: VersionBase | None = None,
) -> None:
    reference = declaration.reference
    if told.person_ids:
        email_after_commit(
            to=_emails(told.person_ids),
            subject=f"A declaration has been made ({reference})",
            body=(
                f"{_by(declaration)} has made a declaration that is waiting for you.\n\n"
                f"{_what(declaration, version)}\nReference: {reference}\n"
                f"Sent: {uk_date(now)}\n\n"
                f"Review it here: {_link('declarations:review', reference)}\n"
            ),
        )
    if told.person_ids:
        next_step = f"It has been sent to: {_names(told.person_ids)}."
    elif told.stranded:
        next_step = (
            "Nobody can act on it yet; the Monitoring Officer has been told and will pass it "
            "to someone who can."
        )
    else:
        next_step = "Nobody needs to review it: it is recorded."
    email_after_commit(
        to=[declaration.declarant.email],
        subject=f"Your declaration {reference} has been received",
        body=(
            f"Thank you. Your declaration has been received.\n\n"
            f"{_what(declaration, version)}\nReference: {reference}\nSent: {uk_date(now)}\n\n"
            f"{next_step}\n\nSee it here: {_link('registers:entry', reference)}\n"
        ),
    )
    _alert_stranded(declaration, told, now)


def _acting_now(declaration: Declaration) -> list[int]:
    """Everyone who may act on a waiting step of the declaration now."""
    from probity.declarations.models import StepAssignment

    return list(
        StepAssignment.objects.filter(
            declaration=declaration, step__state=StepState.WAITING
        ).values_list("person_id", flat=True)
    )


def declaration_changed(*, declaration: Declaration, version: VersionBase, told: Told) -> None:
    """A correction or an end starts the route again: everyone who may act now is told."""
    email_after_commit(
        to=_emails([*told.person_ids, *_acting_now(declaration)]),
        subject=f"Declaration {declaration.reference} has changed",
        body=(
            f"{_by(declaration)} has {str(version.get_change_display()).lower()} "
            f"declaration {declaration.reference}. It is waiting for your review again.\n\n"
            f"Review it here: {_link('declarations:review', declaration.reference)}\n"
        ),
    )
    _alert_stranded(declaration, told, version.created_at)


def declaration_withdrawn(
    *,
    declaration: Declaration,
    reason: str,
    by_declarant: bool = False,
    waiting_on: Iterable[int] = (),
) -> None:
    shown = "" if declaration.special_category else f"Reason: {reason}\n\n"
    if by_declarant:
        email_after_commit(
            to=_emails(waiting_on),
            subject=f"Declaration {declaration.reference} was withdrawn: nothing to do",
            body=(
                f"{_by(declaration)} has withdrawn declaration {declaration.reference} "
                f"({_kind(declaration)}) before anyone decided on it. It no longer needs you; "
                f"it stays on record, marked as withdrawn.\n\n{shown}"
            ),
        )
        return
    email_after_commit(
        to=[declaration.declarant.email],
        subject=f"Your declaration {declaration.reference} has been withdrawn",
        body=(
            f"The Monitoring Officer has withdrawn your declaration {declaration.reference} "
            f"from the register. It stays on record, marked as withdrawn.\n\n{shown}"
            f"See it here: {_link('registers:entry', declaration.reference)}\n"
        ),
    )


def declaration_rerouted(*, declaration: Declaration, told: Told, now: dt.datetime) -> None:
    steps = RouteStep.objects.filter(declaration=declaration).exclude(
        state__in=[StepState.DONE, StepState.NOT_NEEDED]
    )
    waiting = "\n".join(f"- {row.label}" for row in steps.order_by("position"))
    email_after_commit(
        to=[declaration.declarant.email],
        subject=f"Your declaration {declaration.reference} has a new route",
        body=(
            f"The Monitoring Officer has worked out again who must see or approve your "
            f"declaration {declaration.reference}, under the council's current settings.\n\n"
            f"Still to come:\n{waiting or '- nothing'}\n\n"
            f"See it here: {_link('registers:entry', declaration.reference)}\n"
        ),
    )
    work_assigned(declaration=declaration, told=told, now=now)


def _still_waiting(declaration: Declaration) -> list[str]:
    return [
        row.label
        for row in RouteStep.objects.filter(
            declaration=declaration, state__in=[StepState.WAITING, StepState.PENDING]
        ).order_by("position")
    ]


def decision_made(
    *, declaration: Declaration, decision: Decision, told: Told, now: dt.datetime
) -> None:
    reference = declaration.reference
    action = decision.action
    sealed = declaration.special_category
    said = "" if sealed or not decision.comment else f"{decision.comment}\n\n"
    if action == DecisionAction.INFO_REQUESTED:
        email_after_commit(
            to=[declaration.declarant.email],
            subject=f"More information is needed about your declaration {reference}",
            body=(
                f"{decision.actor} ({decision.acting_as}) has asked for more information about "
                f"your declaration {reference}.\n\n{said}"
                f"Answer here: {_link('declarations:respond', reference)}\n"
            ),
        )
        return
    if action == DecisionAction.REFERRED:
        email_after_commit(
            to=_emails(told.advisers),
            subject=f"Your advice is asked for on declaration {reference}",
            body=(
                f"{decision.actor} asks for your advice on declaration {reference} "
                f"({_kind(declaration)}).\n\n{said}"
                f"Give your advice here: {_link('declarations:review', reference)}\n"
            ),
        )
        return
    if action in {DecisionAction.ADVICE_GIVEN, DecisionAction.INFO_PROVIDED}:
        email_after_commit(
            to=_emails(_acting_now(declaration)),
            subject=f"Declaration {reference} is ready for your review again",
            body=(
                f"{decision.actor} ({decision.acting_as}) has answered on declaration "
                f"{reference}.\n\n{said}"
                f"Review it here: {_link('declarations:review', reference)}\n"
            ),
        )
        return
    _tell_declarant(declaration, decision)
    work_assigned(declaration=declaration, told=told, now=now)


def _tell_declarant(declaration: Declaration, decision: Decision) -> None:
    """Tell the declarant what a step's decision means: the truth about what is still awaited."""
    reference = declaration.reference
    sealed = declaration.special_category
    done = str(decision.get_action_display()).lower()
    lines = [f"{decision.actor} ({decision.acting_as}) has {done} your declaration {reference}."]
    if not sealed:
        if decision.conditions:
            lines.append(f"Conditions:\n{decision.conditions}")
        if decision.review_on:
            lines.append(
                f"It will be reviewed by {decision.review_on.day} {decision.review_on:%B %Y}."
            )
        if decision.comment:
            word = "Reason" if decision.action == DecisionAction.REFUSED else "Comment"
            lines.append(f"{word}:\n{decision.comment}")
    status = declaration.status
    if status in FINAL:
        lines.append(f"Where it stands now: {declaration.get_status_display()}.")
        if status == DeclarationStatus.REFUSED:
            lines.append("Any other steps of its route are no longer needed.")
        subject = f"Your declaration {reference}: {str(declaration.get_status_display()).lower()}"
    else:
        awaited = _still_waiting(declaration)
        lines.append(
            "This is not the final decision. Still awaited:\n"
            + "\n".join(f"- {label}" for label in awaited)
        )
        if decision.action in {
            DecisionAction.APPROVED,
            DecisionAction.APPROVED_WITH_CONDITIONS,
        }:
            lines.append("You must not start until every consent has been given.")
        subject = f"Your declaration {reference}: {done}, more to come"
    lines.append(f"See it here: {_link('registers:entry', reference)}")
    email_after_commit(
        to=[declaration.declarant.email], subject=subject, body="\n\n".join(lines) + "\n"
    )
