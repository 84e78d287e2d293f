"""The yearly cycle's daily work: reminders, escalation digests and renewals, set-based.

Everything here is safe to run more than once a day: what was sent is stored (``Notice`` for each
person, ``Round.reminded_step`` and ``Round.escalated_step`` for the round, ``Renewal``), each write
skips what is already there under a lock on the round, and the unique constraints refuse a second
notice, so a second run sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from probity.core.audit import audit_event
from probity.core.clock import LONDON
from probity.core.models import OutgoingEmail
from probity.core.notify import emails_held, emails_queue_after_commit
from probity.cycle.choices import MembershipState, NoticeKind
from probity.cycle.models import Notice, Renewal, Round, RoundMembership
from probity.cycle.schedule import (
    STEPS,
    TARGET_LABELS,
    MemberFacts,
    Recipients,
    Target,
    already_reminded,
    escalation_due,
    escalation_recipients,
    reminder_due,
)
from probity.cycle.selectors import cycle_settings, escalation_days, reminder_days
from probity.declarations.choices import DecisionAction, DeclarationStatus
from probity.declarations.models import Decision
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import OfficeHolding, Person

#: Names a digest lists before pointing to the page for the rest.
DIGEST_NAMES = 50


@dataclass
class CycleResult:
    reminded: int = 0
    digests: int = 0
    escalated: int = 0
    renewals: int = 0


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def rounds_active(*, today: dt.date) -> list[Round]:
    """Rounds not closed with returns still outstanding (only those can need a reminder or
    escalation)."""
    outstanding = RoundMembership.objects.filter(
        round=OuterRef("pk"), state=MembershipState.OUTSTANDING
    )
    return list(
        Round.objects.filter(
            Exists(outstanding), opened_on__lte=today, closed_at__isnull=True
        ).order_by("pk")
    )


def _reminders(*, round: Round, point: int, now: dt.datetime, today: dt.date, base_url: str) -> int:
    """Record a reminder for everyone outstanding, and write their emails: two INSERT ... SELECT
    statements. The caller has checked the round was not reminded at this point or a later one;
    everyone outstanding is reminded together, so that is true of each of them."""
    notice, member, person, email = (
        _q(m._meta.db_table) for m in (Notice, RoundMembership, Person, OutgoingEmail)
    )
    ops = connection.ops
    sent_at = ops.adapt_datetimefield_value(now)
    sent_on = ops.adapt_datefield_value(today)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {notice}")  # noqa: S608 - the model's own table
        (last_before,) = cursor.fetchone() or (None,)
        cursor.execute(
            f"INSERT INTO {notice} (round_id, person_id, kind, step, sent_on, sent_at, items) "  # noqa: S608 - model tables; values are parameters
            f"SELECT m.round_id, m.person_id, %s, %s, %s, %s, 1 FROM {member} m "
            "WHERE m.round_id = %s AND m.state = %s ON CONFLICT DO NOTHING",
            [
                str(NoticeKind.REMINDER),
                point,
                sent_on,
                sent_at,
                round.pk,
                str(MembershipState.OUTSTANDING),
            ],
        )
        reminded = int(cursor.rowcount)
        if not reminded or emails_held():
            return reminded
        link = base_url + reverse("cycle:mine", kwargs={"round_id": round.pk})
        subject = f"Reminder: confirm your declarations by {_day(round.deadline)}"
        body = (
            f"The annual declarations round “{round.title}” asks you to confirm that your "
            f"declarations are complete, or to make a nil return, by {_day(round.deadline)}. "
            "You have not done it yet.\n\n"
            f"It takes a few minutes:\n\n{link}\n"
        )
        to = (
            "jsonb_build_array(p.email)"
            if connection.vendor == "postgresql"
            else "json_array(p.email)"
        )
        cursor.execute(
            f"INSERT INTO {email} ({_q('to')}, subject, body, created_at, status, attempts, "  # noqa: S608 - model tables; values are parameters
            "last_error) "
            f"SELECT {to}, %s, %s, %s, %s, 0, '' FROM {notice} n JOIN {person} p ON p.id = n.person_id "
            "WHERE n.id > %s AND n.round_id = %s AND n.kind = %s AND n.step = %s "
            "AND p.email <> '' ORDER BY n.id RETURNING id",
            [
                subject,
                body,
                sent_at,
                str(OutgoingEmail.Status.QUEUED),
                last_before or 0,
                round.pk,
                str(NoticeKind.REMINDER),
                point,
            ],
        )
        email_ids = [row[0] for row in cursor.fetchall()]
    emails_queue_after_commit(email_ids=email_ids)
    return reminded


def _holders(today: dt.date) -> tuple[dict[int, frozenset[int]], frozenset[int]]:
    """(Head of Service holders by service, Monitoring Officer and deputies): one query.

    A service whose Head has no holder today is covered by its deputies."""
    current = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    rows = OfficeHolding.objects.filter(
        current,
        withdrawn=False,
        office__kind__in=[OfficeKind.HEAD_OF_SERVICE, OfficeKind.MONITORING_OFFICER],
    ).values_list("office__kind", "office__service_id", "person_id", "role")
    heads: dict[int, set[int]] = defaultdict(set)
    deputies: dict[int, set[int]] = defaultdict(set)
    mo: set[int] = set()
    for kind, service_id, person_id, role in rows:
        if kind == OfficeKind.MONITORING_OFFICER:
            mo.add(person_id)
        elif service_id is not None:
            (heads if role == HoldingRole.HOLDER else deputies)[service_id].add(person_id)
    by_service = {
        service_id: frozenset(heads.get(service_id) or deputies.get(service_id) or ())
        for service_id in set(heads) | set(deputies)
    }
    return by_service, frozenset(mo)


def _escalate(
    *, round: Round, step: int, now: dt.datetime, today: dt.date, base_url: str
) -> tuple[int, int]:
    """Tell each recipient, in one digest, whose returns are outstanding at this step. Returns
    (digests, returns escalated)."""
    rows = list(
        RoundMembership.objects.filter(round=round, state=MembershipState.OUTSTANDING).values_list(
            "pk", "person_id", "person__full_name", "person__line_manager_id", "person__service_id"
        )
    )
    if not rows:
        return 0, 0
    heads, mo = _holders(today)
    told: dict[tuple[int, Target], list[str]] = defaultdict(list)
    # Most people share their line manager and service with others: work out who is told once
    # for each pair, and apart only for someone who is themselves one of those told.
    shared: dict[tuple[int | None, int | None], Recipients] = {}
    nobody: frozenset[int] = frozenset()
    for _, person_id, name, line_manager_id, service_id in rows:
        service_heads = heads.get(service_id, nobody) if service_id else nobody
        key = (line_manager_id, service_id)
        recipients = shared.get(key)
        if recipients is None or person_id in recipients.person_ids:
            recipients = escalation_recipients(
                step,
                MemberFacts(
                    person_id=person_id,
                    line_manager_id=line_manager_id,
                    head_of_service_ids=service_heads,
                    monitoring_officer_ids=mo,
                ),
            )
            if person_id != line_manager_id and person_id not in service_heads | mo:
                shared[key] = recipients
        if recipients.target is None:
            continue
        for recipient in recipients.person_ids:
            told[(recipient, recipients.target)].append(name)
    by_recipient: dict[int, list[tuple[Target, list[str]]]] = defaultdict(list)
    for (recipient, target), names in told.items():
        by_recipient[recipient].append((target, names))
    already = set(
        Notice.objects.filter(
            round=round, kind=NoticeKind.DIGEST, step=step, sent_on=today
        ).values_list("person_id", flat=True)
    )
    emails = dict(
        Person.objects.filter(pk__in=sorted(set(by_recipient) - already)).values_list("pk", "email")
    )
    notices: list[tuple[int, int]] = []
    messages: list[tuple[str, str, str]] = []
    team = base_url + reverse("cycle:team", kwargs={"round_id": round.pk})
    detail = base_url + reverse("cycle:detail", kwargs={"round_id": round.pk})
    held = emails_held()
    for recipient, groups in sorted(by_recipient.items()):
        if recipient in already:
            continue
        names = sorted(name for _, group in groups for name in group)
        notices.append((recipient, len(names)))
        address = emails.get(recipient, "")
        if not address or held:
            continue
        as_mo = all(target == Target.MONITORING_OFFICER for target, _ in groups)
        roles = sorted({TARGET_LABELS[target] for target, _ in groups})
        shown = "\n".join(f"- {name}" for name in names[:DIGEST_NAMES])
        more = len(names) - DIGEST_NAMES
        if more > 0:
            shown += f"\n- and {more} more"
        messages.append(
            (
                address,
                f"{len(names)} {'return is' if len(names) == 1 else 'returns are'} overdue "
                f"in “{round.title}”",
                f"The annual declarations round “{round.title}” closed on "
                f"{_day(round.deadline)}. You are told as {' and '.join(roles)} that these "
                f"people have not yet confirmed their declarations or made a nil return:\n\n"
                f"{shown}\n\nPlease ask them to do it now. See who is outstanding:\n\n"
                f"{detail if as_mo else team}\n",
            )
        )
    _write_digests(round=round, step=step, now=now, today=today, notices=notices, messages=messages)
    return len(notices), len(rows)


def _write_digests(
    *,
    round: Round,
    step: int,
    now: dt.datetime,
    today: dt.date,
    notices: list[tuple[int, int]],
    messages: list[tuple[str, str, str]],
) -> None:
    """Write thousands of digests (recipient, names listed) and their emails (address, subject,
    body). On PostgreSQL each is one INSERT from arrays (``unnest``), several times quicker than
    ``bulk_create`` building a model instance for each row."""
    if connection.vendor != "postgresql":
        Notice.objects.bulk_create(
            Notice(
                round=round,
                person_id=person_id,
                kind=NoticeKind.DIGEST,
                step=step,
                sent_on=today,
                sent_at=now,
                items=items,
            )
            for person_id, items in notices
        )
        written = OutgoingEmail.objects.bulk_create(
            OutgoingEmail(
                to=[address],
                subject=subject,
                body=body,
                created_at=now,
                status=OutgoingEmail.Status.QUEUED,
            )
            for address, subject, body in messages
        )
        emails_queue_after_commit(email_ids=[m.pk for m in written if m.pk is not None])
        return
    ops = connection.ops
    with connection.cursor() as cursor:
        if notices:
            cursor.execute(
                f"INSERT INTO {_q(Notice._meta.db_table)} "  # noqa: S608 - the model's own table; values are parameters
                "(round_id, person_id, kind, step, sent_on, sent_at, items) "
                "SELECT %s, t.person_id, %s, %s, %s, %s, t.items "
                "FROM unnest(%s::bigint[], %s::integer[]) AS t(person_id, items)",
                [
                    round.pk,
                    str(NoticeKind.DIGEST),
                    step,
                    ops.adapt_datefield_value(today),
                    ops.adapt_datetimefield_value(now),
                    [person_id for person_id, _ in notices],
                    [items for _, items in notices],
                ],
            )
        if messages:
            cursor.execute(
                f"INSERT INTO {_q(OutgoingEmail._meta.db_table)} "  # noqa: S608 - the model's own table; values are parameters
                f"({_q('to')}, subject, body, created_at, status, attempts, last_error) "
                "SELECT jsonb_build_array(t.address), t.subject, t.body, %s, %s, 0, '' "
                "FROM unnest(%s::text[], %s::text[], %s::text[]) AS t(address, subject, body) "
                "RETURNING id",
                [
                    ops.adapt_datetimefield_value(now),
                    str(OutgoingEmail.Status.QUEUED),
                    [address for address, _, _ in messages],
                    [subject for _, subject, _ in messages],
                    [body for _, _, body in messages],
                ],
            )
            emails_queue_after_commit(email_ids=[row[0] for row in cursor.fetchall()])


def round_daily(*, round: Round, now: dt.datetime, base_url: str) -> CycleResult:
    """One round's reminders and escalation for today, in one transaction."""
    today = now.astimezone(LONDON).date()
    settings = cycle_settings()
    result = CycleResult()
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.is_closed:  # closed since the list of active rounds was read
            return result
        point = reminder_due(
            opened_on=round.opened_on,
            deadline=round.deadline,
            today=today,
            days_before=reminder_days(settings),
        )
        sent = () if round.reminded_step is None else (round.reminded_step,)
        if point is not None and not already_reminded(point, sent):
            result.reminded = _reminders(
                round=round, point=point, now=now, today=today, base_url=base_url
            )
            round.reminded_step = point
            round.save(update_fields=["reminded_step"])
        step = escalation_due(
            deadline=round.deadline, today=today, days_after=escalation_days(settings)
        )
        if step > round.escalated_step:
            result.digests, result.escalated = _escalate(
                round=round, step=step, now=now, today=today, base_url=base_url
            )
            round.escalated_step = step
            round.save(update_fields=["escalated_step"])
        if result.reminded or result.digests or result.escalated:
            audit_event(
                action="round.daily",
                target_type="cycle.round",
                target_id=str(round.pk),
                at=now,
                subject=f"round-{round.pk}",
                summary=(
                    f"“{round.title}”: {result.reminded} reminded"
                    + (f" ({point} days before the deadline)" if result.reminded else "")
                    + f"; {result.escalated} overdue returns reported in {result.digests} "
                    f"digest(s) at step {step}"
                    + (f" ({TARGET_LABELS[STEPS[step - 1]]})" if step else "")
                ),
            )
    return result


APPROVALS = (DecisionAction.APPROVED, DecisionAction.APPROVED_WITH_CONDITIONS)


def renewals_daily(*, now: dt.datetime, base_url: str) -> int:
    """Approvals given with a review date that has arrived come back for renewal: each is marked
    once and its declarant is told. Only approvals still in force (not withdrawn or refused)."""
    today = now.astimezone(LONDON).date()
    with transaction.atomic():
        return _renewals(now=now, today=today, base_url=base_url)


def _renewals(*, now: dt.datetime, today: dt.date, base_url: str) -> int:
    """Inside the caller's transaction: a concurrent run fails on the unique decision, so no
    renewal is marked or told twice."""
    due = [
        (decision_id, declaration_id, reference, person_id, address, review_on)
        for decision_id, declaration_id, reference, person_id, address, review_on in (
            Decision.objects.filter(
                action__in=APPROVALS,
                review_on__lte=today,
                declaration__status__in=[
                    DeclarationStatus.APPROVED,
                    DeclarationStatus.APPROVED_WITH_CONDITIONS,
                ],
            )
            .filter(~Exists(Renewal.objects.filter(decision=OuterRef("pk"))))
            .values_list(
                "pk",
                "declaration_id",
                "declaration__reference",
                "declaration__declarant_id",
                "declaration__declarant__email",
                "review_on",
            )
            .order_by("review_on", "pk")
        )
        if review_on is not None
    ]
    if not due:
        return 0
    Renewal.objects.bulk_create(
        [
            Renewal(
                decision_id=decision_id,
                declaration_id=declaration_id,
                person_id=person_id,
                due_on=review_on,
                noticed_at=now,
            )
            for decision_id, declaration_id, _, person_id, _, review_on in due
        ]
    )
    if not emails_held():
        written = OutgoingEmail.objects.bulk_create(
            [
                OutgoingEmail(
                    to=[address],
                    subject=f"Your approval for {reference} is due for review",
                    body=(
                        f"Your declaration {reference} was approved with a review date of "
                        f"{_day(review_on)}. That date has come: please check it is still right, "
                        "and correct it or end it if anything has changed, so it can be looked "
                        "at again:\n\n"
                        f"{base_url}{reverse('registers:entry', kwargs={'reference': reference})}\n"
                    ),
                    created_at=now,
                    status=OutgoingEmail.Status.QUEUED,
                )
                for _, _, reference, _, address, review_on in due
                if address
            ]
        )
        emails_queue_after_commit(email_ids=[m.pk for m in written if m.pk is not None])
    audit_event(
        action="renewal.due",
        target_type="declarations.decision",
        at=now,
        summary=f"{len(due)} approval(s) came back for renewal on their review date",
    )
    return len(due)


def cycle_daily(*, now: dt.datetime, base_url: str) -> CycleResult:
    """Every round's reminders and escalations, and renewals, for today."""
    today = now.astimezone(LONDON).date()
    total = CycleResult()
    for round in rounds_active(today=today):
        result = round_daily(round=round, now=now, base_url=base_url)
        total.reminded += result.reminded
        total.digests += result.digests
        total.escalated += result.escalated
    total.renewals = renewals_daily(now=now, base_url=base_url)
    return total
