"""Writes to the organisation and its people: directorates, services, grades and the people HR
keeps (employees, contractors and agency staff).

Only HR and OD (holder or deputy) and the Monitoring Officer (or a deputy) make these changes;
every service checks again whatever the page checked. Each change is audited in its own
transaction. Nobody is deleted: a leaver gains a leaving date and keeps every record. A change
of line manager passes the work waiting for the old manager to the new one (``people.hooks``);
a leaving date in the past passes on at once the work waiting for the leaver.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from probity.core.audit import audit_record
from probity.core.clock import LONDON
from probity.core.notify import email_after_commit
from probity.people import hooks
from probity.people.choices import OfficeKind, PersonKind
from probity.people.models import Directorate, Grade, Office, Person, Service
from probity.people.selectors import viewer_for_person

REFUSED = "Only HR and the Monitoring Officer can change people and the organisation."
#: The kinds of people HR keeps; councillors and external auditors are set up by other means.
HR_KINDS = (PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY)


class PeopleChangeRefused(ValueError):
    """A change the service will not make; ``field`` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(LONDON).date()


def require_people_keeper(*, person: Person, now: dt.datetime) -> None:
    """403 unless ``person`` holds or deputises for HR and OD or the Monitoring Officer's office."""
    if not viewer_for_person(person=person, today=_today(now)).keeps_people:
        raise PermissionDenied(REFUSED)


def sso_enabled() -> bool:
    return bool(getattr(settings, "PROBITY_SSO_ENABLED", False))


# --- Directorates, services and grades -------------------------------------------------------


def directorate_save(
    *, actor: Person, directorate: Directorate | None, name: str, now: dt.datetime, source: str = ""
) -> Directorate:
    require_people_keeper(person=actor, now=now)
    name = name.strip()
    with transaction.atomic():
        clash = Directorate.objects.filter(name__iexact=name)
        if directorate is not None:
            clash = clash.exclude(pk=directorate.pk)
        if clash.exists():
            raise PeopleChangeRefused("There is already a directorate with this name", field="name")
        before = {"name": directorate.name} if directorate is not None else None
        if directorate is None:
            directorate = Directorate.objects.create(name=name)
        elif directorate.name == name:
            return directorate
        else:
            directorate.name = name
            directorate.save(update_fields=["name"])
        audit_record(
            actor=actor.user,
            action="directorate.added" if before is None else "directorate.changed",
            target=directorate,
            at=now,
            summary=f"Directorate {name}"[:300],
            before=before,
            after={"name": name},
            source=source,
        )
    return directorate


def _head_of_service_title(name: str) -> str:
    return f"Head of {name}"[:150]


def service_save(
    *,
    actor: Person,
    service: Service | None,
    name: str,
    directorate: Directorate,
    head_title: str = "",
    now: dt.datetime,
    source: str = "",
) -> Service:
    """Add or change a service. A new service gets its Head of Service office (held by nobody
    until the office is filled under Offices)."""
    require_people_keeper(person=actor, now=now)
    name = name.strip()
    head_title = head_title.strip() or _head_of_service_title(name)
    with transaction.atomic():
        clash = Service.objects.filter(name__iexact=name)
        if service is not None:
            clash = clash.exclude(pk=service.pk)
        if clash.exists():
            raise PeopleChangeRefused("There is already a service with this name", field="name")
        before: dict[str, Any] | None = None
        office: Office | None
        if service is None:
            service = Service.objects.create(name=name, directorate=directorate)
            office = Office.objects.create(
                kind=OfficeKind.HEAD_OF_SERVICE, service=service, title=head_title
            )
        else:
            office = Office.objects.filter(kind=OfficeKind.HEAD_OF_SERVICE, service=service).first()
            before = {
                "name": service.name,
                "directorate": service.directorate.name,
                "head_of_service_office": office.title if office else "",
            }
            service.name = name
            service.directorate = directorate
            service.save(update_fields=["name", "directorate"])
            if office is None:
                office = Office.objects.create(
                    kind=OfficeKind.HEAD_OF_SERVICE, service=service, title=head_title
                )
            elif office.title != head_title:
                office.title = head_title
                office.save(update_fields=["title"])
        after = {
            "name": name,
            "directorate": directorate.name,
            "head_of_service_office": office.title,
        }
        if before == after:
            return service
        audit_record(
            actor=actor.user,
            action="service.added" if before is None else "service.changed",
            target=service,
            at=now,
            summary=f"Service {name}, in {directorate.name}"[:300],
            before=before,
            after=after,
            source=source,
        )
    return service


def grade_save(
    *, actor: Person, grade: Grade | None, name: str, rank: int, now: dt.datetime, source: str = ""
) -> Grade:
    """Add or change a grade; ``rank`` orders grades, a higher rank being more senior."""
    require_people_keeper(person=actor, now=now)
    name = name.strip()
    with transaction.atomic():
        others = Grade.objects.exclude(pk=grade.pk) if grade is not None else Grade.objects.all()
        if others.filter(name__iexact=name).exists():
            raise PeopleChangeRefused("There is already a grade with this name", field="name")
        taken = others.filter(rank=rank).first()
        if taken is not None:
            raise PeopleChangeRefused(f"{taken.name} already has this rank", field="rank")
        before = {"name": grade.name, "rank": grade.rank} if grade is not None else None
        if grade is None:
            grade = Grade.objects.create(name=name, rank=rank)
        else:
            if before == {"name": name, "rank": rank}:
                return grade
            grade.name, grade.rank = name, rank
            grade.save(update_fields=["name", "rank"])
        audit_record(
            actor=actor.user,
            action="grade.added" if before is None else "grade.changed",
            target=grade,
            at=now,
            summary=f"Grade {name}, rank {rank}"[:300],
            before=before,
            after={"name": name, "rank": rank},
            source=source,
        )
    return grade


def _in_use(record: Directorate | Service | Grade) -> str:
    if isinstance(record, Directorate):
        return "it has services" if record.services.exists() else ""
    if isinstance(record, Service):
        if record.people.exists():
            return "people work in it"
        if record.offices.filter(holdings__isnull=False).exists():
            return "its Head of Service office has been held"
        return ""
    return "people are on it" if record.people.exists() else ""


def org_record_delete(
    *, actor: Person, record: Directorate | Service | Grade, now: dt.datetime, source: str = ""
) -> None:
    """Delete a directorate, service or grade that nothing uses (a mistake put right at once);
    one in use is kept for the record."""
    require_people_keeper(person=actor, now=now)
    label = record._meta.verbose_name
    with transaction.atomic():
        why = _in_use(record)
        if why:
            raise PeopleChangeRefused(f"This {label} cannot be deleted because {why}")
        try:
            with transaction.atomic():
                audit_record(
                    actor=actor.user,
                    action=f"{record._meta.model_name}.deleted",
                    target=record,
                    at=now,
                    summary=f"Deleted the {label} {record}"[:300],
                    before={"name": str(record)},
                    source=source,
                )
                if isinstance(record, Service):
                    record.offices.all().delete()
                record.delete()
        except ProtectedError as exc:
            raise PeopleChangeRefused(
                f"This {label} cannot be deleted because other records use it"
            ) from exc


# --- People ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonValues:
    """What HR records about a person (the leaving date is recorded on its own)."""

    employee_number: str | None
    full_name: str
    email: str
    job_title: str
    grade: Grade | None
    service: Service | None
    line_manager: Person | None
    start_date: dt.date | None
    kind: str


def person_facts(person: Person) -> dict[str, Any]:
    """A person as the audit trail shows them: names rather than ids."""
    manager = person.line_manager
    return {
        "employee_number": person.employee_number or "",
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "grade": person.grade.name if person.grade else "",
        "service": person.service.name if person.service else "",
        "line_manager": (
            f"{manager.full_name} ({manager.employee_number})"
            if manager is not None and manager.employee_number
            else (manager.full_name if manager is not None else "")
        ),
        "start_date": person.start_date.isoformat() if person.start_date else "",
        "leaving_date": person.leaving_date.isoformat() if person.leaving_date else "",
        "kind": person.kind,
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _check_values(values: PersonValues, *, person: Person | None) -> None:
    if values.kind not in HR_KINDS:
        raise PeopleChangeRefused("Choose employee, contractor or agency worker", field="kind")
    if values.employee_number:
        clash = Person.objects.filter(employee_number=values.employee_number)
        if person is not None:
            clash = clash.exclude(pk=person.pk)
        other = clash.first()
        if other is not None:
            raise PeopleChangeRefused(
                f"{other.full_name} already has this employee number", field="employee_number"
            )
    manager = values.line_manager
    if manager is not None and person is not None:
        seen: set[int] = set()
        current: Person | None = manager
        while current is not None and current.pk not in seen:
            if current.pk == person.pk:
                raise PeopleChangeRefused(
                    f"{manager.full_name} reports to {person.full_name}, so cannot be their "
                    "line manager",
                    field="line_manager",
                )
            seen.add(current.pk)
            current = current.line_manager
    if manager is not None and manager.kind not in HR_KINDS:
        raise PeopleChangeRefused(
            f"{manager.full_name} is not a council officer, so cannot be a line manager",
            field="line_manager",
        )


def username_for(email: str, employee_number: str | None, taken: set[str]) -> str:
    """A username for a new account: the email address, or with the employee number if taken."""
    base = (email or "").strip().lower()[:130] or f"person-{employee_number}".lower()
    candidates = [base, f"{base}-{employee_number}".lower() if employee_number else ""]
    for candidate in candidates:
        if candidate and candidate not in taken:
            return candidate[:150]
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"[:150]


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.PROBITY_BASE_URL}{path}"


class InvitationLinks:
    """``invitation_link`` for thousands of accounts: the URL is worked out once."""

    def __init__(self) -> None:
        path = reverse("password_reset_confirm", kwargs={"uidb64": "UIDB64", "token": "TOKEN"})
        self.before_uid, rest = f"{settings.PROBITY_BASE_URL}{path}".split("UIDB64", 1)
        self.between, self.after = rest.split("TOKEN", 1)

    def link(self, user: User) -> str:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        return f"{self.before_uid}{uid}{self.between}{token}{self.after}"


INVITATION_SUBJECT = "Set your password for Probity"


def invitation_body(*, person: Person, user: User, link: str) -> str:
    council = getattr(settings, "PROBITY_COUNCIL_NAME", "the council")
    return (
        f"Dear {person.full_name},\n\n"
        f"{council} uses Probity for declarations under the staff code of conduct: gifts and "
        "hospitality, interests, outside work and more.\n\n"
        "An account has been made for you. Set your password with this link:\n\n"
        f"{link}\n\n"
        f"Your username is {user.username}\n\n"
        "The link works once and for a few days. If it has expired, use 'Forgotten your "
        "password?' on the sign-in page.\n"
    )


def _invite(person: Person, user: User) -> bool:
    if sso_enabled() or not person.email:
        return False
    email_after_commit(
        to=[person.email],
        subject=INVITATION_SUBJECT,
        body=invitation_body(person=person, user=user, link=invitation_link(user)),
    )
    return True


def person_add(
    *, actor: Person, values: PersonValues, now: dt.datetime, source: str = ""
) -> Person:
    """Add a person with an account; they are emailed to set a password unless single sign-on
    is on (they then sign in through the council's own sign-in)."""
    require_people_keeper(person=actor, now=now)
    with transaction.atomic():
        _check_values(values, person=None)
        taken = (
            set(
                User.objects.filter(
                    username__istartswith=(values.email or "").strip().lower()[:130]
                ).values_list("username", flat=True)
            )
            if values.email
            else set()
        )
        user = User(
            username=username_for(values.email, values.employee_number, taken),
            email=values.email,
        )
        user.set_unusable_password()
        user.save()
        person = Person.objects.create(
            user=user,
            employee_number=values.employee_number or None,
            full_name=values.full_name,
            email=values.email,
            job_title=values.job_title,
            grade=values.grade,
            service=values.service,
            line_manager=values.line_manager,
            start_date=values.start_date,
            kind=values.kind,
        )
        invited = _invite(person, user)
        hooks.announce_people_starting(hooks.PeopleStarting(frozenset({person.pk}), now))
        audit_record(
            actor=actor.user,
            action="person.added",
            target=person,
            at=now,
            subject=person.employee_number or "",
            summary=f"Added {person.full_name}"
            + (", invited to set a password" if invited else ""),
            after=person_facts(person),
            source=source,
        )
    return person


def person_change(
    *, actor: Person, person: Person, values: PersonValues, now: dt.datetime, source: str = ""
) -> list[str]:
    """Change what HR records about a person; returns the fields that changed."""
    require_people_keeper(person=actor, now=now)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        _check_values(values, person=locked)
        before = person_facts(locked)
        old_manager = locked.line_manager_id
        locked.employee_number = values.employee_number or None
        locked.full_name = values.full_name
        locked.email = values.email
        locked.job_title = values.job_title
        locked.grade = values.grade
        locked.service = values.service
        locked.line_manager = values.line_manager
        locked.start_date = values.start_date
        locked.kind = values.kind
        was, now_is = diff(before, person_facts(locked))
        if not now_is:
            return []
        locked.save()
        if locked.user is not None and locked.user.email != values.email:
            locked.user.email = values.email
            locked.user.save(update_fields=["email"])
        audit_record(
            actor=actor.user,
            action="person.changed",
            target=locked,
            at=now,
            subject=locked.employee_number or "",
            summary=f"Changed {', '.join(sorted(now_is)).replace('_', ' ')} of {locked.full_name}",
            before=was,
            after=now_is,
            source=source,
        )
        if "start_date" in now_is:
            hooks.announce_people_starting(hooks.PeopleStarting(frozenset({locked.pk}), now))
        if old_manager != locked.line_manager_id:
            hooks.announce_line_managers_changed(
                hooks.LineManagersChange(
                    person_ids=frozenset({locked.pk}),
                    now=now,
                    actor=actor,
                    reason=f"{locked.full_name}'s line manager changed",
                )
            )
    person.refresh_from_db()
    return sorted(now_is)


def person_leave(
    *, actor: Person, person: Person, leaving_date: dt.date, now: dt.datetime, source: str = ""
) -> bool:
    """Record the day a person leaves (their last day); everything they declared is kept.

    When that day has passed, the work waiting for them is passed on now; otherwise the daily
    re-assignment passes it on the day after. Returns False when nothing changed."""
    require_people_keeper(person=actor, now=now)
    if actor.pk == person.pk:
        raise PeopleChangeRefused("You cannot record your own leaving", field="leaving_date")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.start_date is not None and leaving_date < locked.start_date:
            raise PeopleChangeRefused(
                "The leaving date must be on or after the day they started", field="leaving_date"
            )
        if locked.leaving_date == leaving_date and locked.not_in_feed_since is None:
            return False
        before = locked.leaving_date
        locked.leaving_date = leaving_date
        locked.not_in_feed_since = None
        locked.save(update_fields=["leaving_date", "not_in_feed_since"])
        audit_record(
            actor=actor.user,
            action="person.left",
            target=locked,
            at=now,
            subject=locked.employee_number or "",
            summary=f"{locked.full_name} leaves on {leaving_date:%d %B %Y}",
            before={"leaving_date": before.isoformat() if before else ""},
            after={"leaving_date": leaving_date.isoformat()},
            source=source,
        )
        if leaving_date < _today(now):
            hooks.announce_holdings_changed(
                hooks.HoldingsChange(
                    office_ids=frozenset(),
                    person_ids=frozenset({locked.pk}),
                    now=now,
                    actor=actor,
                    reason=f"{locked.full_name} has left",
                )
            )
    person.refresh_from_db()
    return True
