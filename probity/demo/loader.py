"""Loads the demo council: its organisation, people, offices, policy and a year of declarations.

Declarations are made only through the declaration services, step by step, in date order, each
step by the person the rules allow, so the demo's history is one the product could have made.
Facts of the kinds that have a form are put through that form first, as a declarant's answers.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from probity.conduct.models import CouncilPolicy
from probity.conduct.services import policy_update_gift_guidance
from probity.core import clock, crypto
from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.core.notify import no_email
from probity.declarations import services as declarations
from probity.declarations.choices import DeclarationKind, DeclarationStatus
from probity.declarations.facts import GIFT_FIELDS, INTEREST_FIELDS, GiftFacts, InterestFacts
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    Decision,
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
)
from probity.declarations.rules import (
    STEP_ACTIONS,
    Action,
    EntryFacts,
    available_actions,
    open_steps,
)
from probity.declarations.selectors import entry_facts, version_current
from probity.demo import data
from probity.demo.code import load_demo_code
from probity.demo.data import DayOffset, FactsPlan, GiftPlan, Holding, InterestPlan, Staff, Step
from probity.demo.hr_sample import HR_KEPT, demo_employee_number
from probity.demo.personas import DEMO_PASSWORD, PERSONAS
from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Directorate, Grade, Office, OfficeHolding, Person, Service
from probity.people.rules import Viewer
from probity.people.selectors import viewer_for_person

SOURCE = "demo"

Plan = GiftPlan | InterestPlan | FactsPlan
Facts = GiftFacts | InterestFacts | dict[str, Any]


@dataclass(frozen=True)
class DemoSummary:
    people: int
    users: int
    services: int
    offices: int
    holdings: int
    gifts: int
    interests: int
    decisions: int
    statuses: dict[str, int]
    kinds: dict[str, int]

    @property
    def others(self) -> int:
        """Declarations of the kinds other than gifts and interests."""
        return sum(self.kinds.values()) - self.gifts - self.interests

    def line(self) -> str:
        states = ", ".join(f"{count} {status}" for status, count in self.statuses.items())
        return (
            f"Loaded {data.COUNCIL_NAME}: {self.people} people ({self.users} users), "
            f"{self.services} services, {self.offices} offices ({self.holdings} holdings), "
            f"{self.gifts} gifts and hospitality, {self.interests} interests, "
            f"{self.others} other declarations, {self.decisions} decisions ({states})."
        )


def demo_is_loaded() -> bool:
    return get_user_model().objects.filter(username=data.MARKER_USERNAME).exists()


def load_demo(*, now: dt.datetime | None = None) -> DemoSummary | None:
    """Load the demo council, or return None when it is already there. All or nothing."""
    if demo_is_loaded():
        return None
    moment = now or clock.now()
    with transaction.atomic(), no_email():
        _Loader(moment).run()
    return summarise()


def summarise() -> DemoSummary:
    statuses = {
        str(status.value): Declaration.objects.filter(status=status).count()
        for status in DeclarationStatus
    }
    kinds = {
        str(kind.value): Declaration.objects.filter(kind=kind).count() for kind in DeclarationKind
    }
    return DemoSummary(
        people=Person.objects.count(),
        users=get_user_model().objects.count(),
        services=Service.objects.count(),
        offices=Office.objects.count(),
        holdings=OfficeHolding.objects.count(),
        gifts=Declaration.objects.filter(kind=DeclarationKind.GIFT_HOSPITALITY).count(),
        interests=Declaration.objects.filter(kind=DeclarationKind.PERSONAL_INTEREST).count(),
        decisions=Decision.objects.count(),
        statuses=statuses,
        kinds=kinds,
    )


def _is_day_off(day: dt.date) -> bool:
    """Weekends and the fixed winter bank holidays (enough for made-up history)."""
    return day.weekday() >= 5 or (day.month, day.day) in {(12, 25), (12, 26), (1, 1)}


def _service_id(person: Person) -> int:
    if person.service_id is None:
        raise ValueError(f"Demo data: {person} needs a service here.")
    return person.service_id


def _split_name(full_name: str) -> tuple[str, str]:
    name = full_name.removeprefix("Cllr ").strip()
    first, _, last = name.partition(" ")
    return first, last


@dataclass(frozen=True)
class _Event:
    at: dt.datetime
    order: int
    plan: int
    step: Step | None


class _Loader:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.today = now.astimezone(LONDON).date()
        self.rng = random.Random(data.SEED)
        self.people: dict[str, Person] = {}
        self.services: dict[str, Service] = {}
        self.heads: dict[int, Person] = {}
        self.office_people: dict[OfficeKind, list[Person]] = {}
        self.viewers: dict[tuple[int, dt.date], Viewer] = {}
        self.appointed: dict[int, dt.date] = {}
        self.declarations: dict[int, Declaration] = {}
        self.keys: dict[str, int] = {}

    def run(self) -> None:
        self._organisation()
        self._people()
        self._offices()
        self._policy()
        load_demo_code(mo=self.people["mo"], now=self.now)
        self._declarations()
        self._annual_round()
        self._training()

    def _annual_round(self) -> None:
        """This year's annual round, opened ten days ago and due in three weeks; a few people
        have made their return already, so the Monitoring Officer's page shows progress."""
        from probity.cycle.choices import PopulationScope
        from probity.cycle.models import RoundMembership
        from probity.cycle.rules import Population
        from probity.cycle.services import RoundRefused, return_confirm, round_open

        opened = self.now - dt.timedelta(days=10)
        round = round_open(
            actor=self.people["mo"],
            title=f"Annual declarations return {self.today.year}",
            deadline=self.today + dt.timedelta(days=21),
            population=Population(PopulationScope.EVERYONE),
            now=opened,
        )
        for username in ("chief-executive", "s151", "head-of-finance", "fraud"):
            person = self.people.get(username)
            if person is None:
                continue
            membership = RoundMembership.objects.filter(round=round, person=person).first()
            if membership is None:
                continue
            try:
                return_confirm(
                    actor=person, membership=membership, now=opened + dt.timedelta(days=2)
                )
            except RoundRefused:
                continue  # they have interests to review first: left for the demo

    def _training(self) -> None:
        """An induction session two months ago and a refresher two years ago, with a few people
        at each; and the newest starter's induction checklist, given as the people pages would
        give it (the demo writes its people directly)."""
        from probity.cycle.choices import SessionKind
        from probity.cycle.training_services import (
            attendance_record,
            checklists_for_starters,
            training_session_create,
        )

        hr = self.people["hr"]
        sessions = (
            (
                "Induction: the officers' code of conduct",
                60,
                SessionKind.INDUCTION,
                ("ruby.ahmed", "owain.davies"),
            ),
            (
                "Refresher: gifts, hospitality and interests",
                700,
                SessionKind.REFRESHER,
                ("officer", "manager", "head-of-service", "bethany.cole"),
            ),
        )
        for title, days_ago, kind, usernames in sessions:
            session = training_session_create(
                actor=hr, title=title, held_on=self._days_ago(days_ago), kind=kind, now=self.now
            )
            attendance_record(
                actor=hr,
                session=session,
                person_ids=[self.people[u].pk for u in usernames if u in self.people],
                now=self.now,
            )
        with transaction.atomic():
            checklists_for_starters(
                person_ids=frozenset(p.pk for p in self.people.values()), now=self.now
            )

    # --- dates ------------------------------------------------------------------------------

    def _days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def _working_day(self, day: dt.date, *, earliest: dt.date) -> dt.date:
        """Move a day off to the next working day, or back when that is not yet past."""
        forward = day
        while _is_day_off(forward):
            forward += dt.timedelta(days=1)
        if forward < self.today:
            return forward
        back = day
        while _is_day_off(back) and back > earliest:
            back -= dt.timedelta(days=1)
        return back

    def _during_work(self, day: dt.date) -> dt.datetime:
        at = dt.time(self.rng.randint(8, 16), self.rng.randint(0, 59))
        return dt.datetime.combine(day, at, tzinfo=LONDON)

    def _token(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # --- organisation and people ------------------------------------------------------------

    def _organisation(self) -> None:
        for rank, name in enumerate(data.GRADES, start=1):
            Grade.objects.create(name=name, rank=rank)
        for directorate_name, service_names in data.DIRECTORATES.items():
            directorate = Directorate.objects.create(name=directorate_name)
            for service_name in service_names:
                self.services[service_name] = Service.objects.create(
                    name=service_name, directorate=directorate
                )

    def _people(self) -> None:
        grades = {grade.name: grade for grade in Grade.objects.all()}
        persona_password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow
        personas = {p.username for p in PERSONAS}
        user_model = get_user_model()
        for index, staff in enumerate(data.STAFF, start=1):
            first, last = _split_name(staff.full_name)
            email = staff.email or f"{staff.username}@{data.EMAIL_DOMAIN}"
            user = user_model(
                username=staff.username,
                first_name=first,
                last_name=last,
                email=email,
                is_active=staff.left_days_ago is None,
            )
            if staff.username in personas:
                user.password = persona_password
            else:
                user.set_unusable_password()
            user.save()
            self.people[staff.username] = Person.objects.create(
                user=user,
                employee_number=demo_employee_number(index) if staff.kind in HR_KEPT else None,
                full_name=staff.full_name,
                email=email,
                kind=staff.kind,
                job_title=staff.job_title,
                grade=grades[staff.grade] if staff.grade else None,
                service=self.services[staff.service] if staff.service else None,
                start_date=self._start_date(staff),
                leaving_date=(
                    self._days_ago(staff.left_days_ago) if staff.left_days_ago is not None else None
                ),
            )
        managed = []
        for staff in data.STAFF:
            if staff.manager is not None:
                person = self.people[staff.username]
                person.line_manager = self.people[staff.manager]
                managed.append(person)
        Person.objects.bulk_update(managed, ["line_manager"])

    def _start_date(self, staff: Staff) -> dt.date | None:
        if staff.kind == PersonKind.COUNCILLOR:
            return None
        days = staff.started_days_ago
        if days is None:
            days = self.rng.randint(3 * 365, 15 * 365)
        return self._days_ago(days)

    def _offices(self) -> None:
        offices: dict[tuple[str, str | None], Office] = {}
        for kind in OfficeKind:
            if kind == OfficeKind.HEAD_OF_SERVICE:
                for name, service in self.services.items():
                    offices[(kind, name)] = Office.objects.create(
                        kind=kind, service=service, title=data.head_of_service_title(name)
                    )
            else:
                offices[(kind, None)] = Office.objects.create(
                    kind=kind, title=data.OFFICE_TITLES[kind]
                )
        for holding in data.HOLDINGS:
            person = self.people[holding.holder]
            OfficeHolding.objects.create(
                office=offices[(holding.kind, holding.service)],
                person=person,
                role=holding.role,
                starts_on=self._holding_start(holding, person),
                ends_on=(
                    self._days_ago(holding.ended_days_ago)
                    if holding.ended_days_ago is not None
                    else None
                ),
            )
            if holding.ended_days_ago is not None:
                continue
            if holding.kind == OfficeKind.HEAD_OF_SERVICE:
                self.heads[_service_id(person)] = person
            else:  # holders before deputies
                people = self.office_people.setdefault(holding.kind, [])
                people.insert(0 if holding.role == HoldingRole.HOLDER else len(people), person)

    def _holding_start(self, holding: Holding, person: Person) -> dt.date:
        if holding.started_days_ago is not None:
            return self._days_ago(holding.started_days_ago)
        if person.start_date is None:
            raise ValueError(f"Demo data: {person} holds an office but has no start date.")
        if person.pk not in self.appointed:  # one appointment date for all a person's offices
            latest = self._days_ago(400)  # in office well before the year of declarations
            appointed = person.start_date + dt.timedelta(days=self.rng.randint(0, 3 * 365))
            self.appointed[person.pk] = min(appointed, latest)
        return self.appointed[person.pk]

    def _policy(self) -> None:
        day = self._days_ago(data.POLICY_DAYS_AGO)
        at = self._during_work(self._working_day(day, earliest=day))
        policy_update_gift_guidance(
            actor=self.people["mo"], gift_guidance=data.GIFT_GUIDANCE, now=at, source=SOURCE
        )
        self._policy_routes(at + dt.timedelta(minutes=5))

    def _policy_routes(self, at: dt.datetime) -> None:
        """The consent grade and referral office. No service sets these yet, so audit it here."""
        mo = self.people["mo"]
        policy = CouncilPolicy.objects.select_for_update().get()
        before = snapshot(policy)
        policy.consent_grade = Grade.objects.get(name=data.CONSENT_GRADE)
        policy.referral_office = data.REFERRAL_OFFICE
        policy.updated_at = at
        policy.updated_by = mo
        policy.save(update_fields=["consent_grade", "referral_office", "updated_at", "updated_by"])
        audit_record(
            actor=mo.user,
            action="policy.routes_updated",
            target=policy,
            at=at,
            subject="policy",
            summary=(
                f"Outside employment consent from {data.CONSENT_GRADE}; discretionary cases "
                f"referred to the {OfficeKind(data.REFERRAL_OFFICE).label}"
            ),
            before=before,
            after=snapshot(policy),
            source=SOURCE,
        )

    # --- declarations -----------------------------------------------------------------------

    def _declarations(self) -> None:
        plans: list[Plan] = [*data.GIFTS, *data.INTERESTS, *data.OTHER_DECLARATIONS]
        events: list[_Event] = []
        for index, plan in enumerate(plans):
            if plan.key:
                self.keys[plan.key] = index
            events.extend(self._timeline(index, plan))
        events.sort(key=lambda event: (event.at, event.order))
        for event in events:
            plan = plans[event.plan]
            if event.step is None:
                self.declarations[event.plan] = self._declare(plan, event.at)
            else:
                self._act(event.plan, plan, event.step, event.at)

    def _timeline(self, index: int, plan: Plan) -> list[_Event]:
        total = sum(step.after_days for step in plan.steps)
        if plan.days_ago - total < 1:
            raise ValueError(f"Demo data: {plan.declarant}'s plan ends in the future.")
        submitted_on = self._days_ago(plan.days_ago)
        day = self._working_day(submitted_on, earliest=submitted_on)
        at = self._during_work(day)
        events = [_Event(at, index * 100, index, None)]
        for number, step in enumerate(plan.steps, start=1):
            day = self._working_day(
                at.date() + dt.timedelta(days=step.after_days), earliest=at.date()
            )
            if day <= at.date():
                at += dt.timedelta(minutes=self.rng.randint(20, 90))
            else:
                at = self._during_work(day)
            events.append(_Event(at, index * 100 + number, index, step))
        if at >= self.now:
            raise ValueError(f"Demo data: {plan.declarant}'s plan ends in the future.")
        return events

    def _declare(self, plan: Plan, at: dt.datetime) -> Declaration:
        person = self.people[plan.declarant]
        on = at.astimezone(LONDON).date()
        if isinstance(plan, FactsPlan):
            return declarations.declaration_submit(
                kind=plan.kind,
                actor=person,
                facts=_form_facts(plan.kind, dict(plan.facts), on=on),
                submission_token=self._token(),
                now=at,
                source=SOURCE,
            )
        if isinstance(plan, GiftPlan):
            return declarations.gift_declare(
                actor=person,
                facts=GiftFacts(
                    giver_name=plan.giver_name,
                    giver_type=plan.giver_type,
                    giver_link=plan.giver_link,
                    giver_link_detail=plan.giver_link_detail,
                    category=plan.category,
                    description=plan.description,
                    value=plan.value,
                    value_is_estimate=plan.value_is_estimate,
                    offered_on=on - dt.timedelta(days=self.rng.randint(0, 6)),
                    outcome=plan.outcome,
                    outcome_reason=plan.outcome_reason,
                ),
                submission_token=self._token(),
                now=at,
                source=SOURCE,
            )
        return declarations.interest_declare(
            actor=person,
            facts=InterestFacts(
                holder=plan.holder,
                relative_relationship=plan.relative_relationship,
                interest_type=plan.interest_type,
                description=plan.description,
                counterparty=plan.counterparty,
                starts_on=on - dt.timedelta(days=plan.starts_days_before),
                ends_on=(
                    on + dt.timedelta(days=plan.ends_days_after)
                    if plan.ends_days_after is not None
                    else None
                ),
            ),
            submission_token=self._token(),
            now=at,
            source=SOURCE,
        )

    # --- who acts ---------------------------------------------------------------------------

    def _viewer(self, person: Person, on: dt.date) -> Viewer:
        key = (person.pk, on)
        if key not in self.viewers:
            self.viewers[key] = viewer_for_person(person=person, today=on)
        return self.viewers[key]

    def _monitoring_officers(self) -> list[Person]:
        return [self.people["mo"], self.people["deputy-mo"]]

    def _candidates(self, plan: Plan, action: Action, entry: EntryFacts) -> list[Person]:
        """Who may take this action: the stored assignees of the waiting steps (holders before
        deputies), the advisers of a referral, the declarant or the Monitoring Officer."""
        declarant = self.people[plan.declarant]
        if action in {Action.RESPOND, Action.CORRECT, Action.END}:
            return [declarant]
        if action == Action.WITHDRAW:
            return self._monitoring_officers()
        if action == Action.ADVISE:
            groups = [entry.adviser_ids]
        else:
            wanted = STEP_ACTIONS.get(action)  # None: asking or referring, at any open step
            groups = [
                entry.assignees.get(s.key, frozenset())
                for s in open_steps(entry.steps, entry.done)
                if wanted is None or s.does == wanted
            ]
        by_id = {p.pk: p for p in self.people.values()}
        # in route order, so the first step's people act first
        return [by_id[i] for group in groups for i in sorted(group) if i in by_id]

    def _actor(self, plan: Plan, step: Step, declaration: Declaration, on: dt.date) -> Person:
        """The first person the rules let take this step today (``step.actor`` if it names one)."""
        entry = entry_facts(
            declaration=declaration, version=version_current(declaration=declaration)
        )
        candidates = (
            [self.people[step.actor]] if step.actor else self._candidates(plan, step.action, entry)
        )
        for person in candidates:
            if step.action in available_actions(self._viewer(person, on), entry):
                return person
        named = f" by {step.actor}" if step.actor else ""
        raise ValueError(
            f"Demo data: {declaration.reference} ({plan.declarant}) cannot be "
            f"{step.action}{named} on {on}."
        )

    def _act(self, index: int, plan: Plan, step: Step, at: dt.datetime) -> None:
        declaration = Declaration.objects.select_related(
            "declarant__line_manager", "declarant__grade"
        ).get(pk=self.declarations[index].pk)
        on = at.astimezone(LONDON).date()
        actor = self._actor(plan, step, declaration, on)
        viewer = self._viewer(actor, on)
        if step.action == Action.CORRECT:
            declarations.declaration_correct(
                actor=actor,
                viewer=viewer,
                declaration=declaration,
                facts=_corrected_facts(declaration, dict(step.changes), on=on),
                reason=step.comment,
                now=at,
                source=SOURCE,
            )
        elif step.action == Action.END:
            declarations.declaration_end(
                actor=actor,
                viewer=viewer,
                declaration=declaration,
                ends_on=on - dt.timedelta(days=step.ended_days_before),
                reason=step.comment,
                now=at,
                source=SOURCE,
            )
        elif step.action == Action.WITHDRAW:
            reason = step.comment
            if step.same_as:
                other = self.declarations[self.keys[step.same_as]]
                reason = reason.format(other=other.reference)
            declarations.declaration_withdraw(
                actor=actor,
                viewer=viewer,
                declaration=declaration,
                reason=reason,
                now=at,
                source=SOURCE,
            )
        else:
            declarations.declaration_decide(
                actor=actor,
                viewer=viewer,
                declaration=declaration,
                action=step.action,
                comment=step.comment,
                referred_to=step.referred_to,
                conditions=step.conditions,
                review_on=(
                    on + dt.timedelta(days=step.review_after_days)
                    if step.review_after_days is not None
                    else None
                ),
                now=at,
                source=SOURCE,
            )


def _corrected_facts(declaration: Declaration, changes: dict[str, Any], *, on: dt.date) -> Facts:
    """The current version's facts with ``changes`` applied: what a correction submits."""
    version = version_current(declaration=declaration)
    if isinstance(version, GiftHospitalityVersion):
        gift = {name: getattr(version, name) for name in GIFT_FIELDS}
        return GiftFacts(**(gift | changes))
    if isinstance(version, DeclarationVersion):
        facts = crypto.unseal(version.sealed) if version.sealed else dict(version.facts)
        return _form_facts(declaration.kind, facts | changes, on=on)
    interest = {name: getattr(version, name) for name in INTEREST_FIELDS}
    return InterestFacts(**(interest | changes))


def _form_facts(kind: str, facts: dict[str, Any], *, on: dt.date) -> dict[str, Any]:
    """Facts put through the kind's form, as a declarant on ``on`` would send them.

    Dates are ``DayOffset``s from ``on`` (or ISO strings); "{yy}" in text is the two-digit year.
    Anything the form would refuse stops the load.
    """
    form_class = BY_KIND[kind].form_class
    if form_class is None:
        raise TypeError(f"{kind} has no facts form.")
    unknown = set(facts) - set(form_class.base_fields)
    if unknown:
        raise ValueError(f"Demo data: {kind} has no fields {sorted(unknown)}.")
    posted: dict[str, str] = {}
    for name, value in facts.items():
        if isinstance(value, DayOffset):
            value = on + dt.timedelta(days=value.days)
        elif isinstance(value, str) and isinstance(
            form_class.base_fields[name], forms.MultiValueField
        ):
            value = dt.date.fromisoformat(value) if value else None
        if isinstance(value, dt.date):
            day, month, year = (str(part) for part in (value.day, value.month, value.year))
            posted.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
        elif value is True:
            posted[name] = "on"
        elif isinstance(value, str) and value:
            posted[name] = value.replace("{yy}", f"{on.year % 100:02d}")
    form = form_class(posted, today=on)
    if not form.is_valid():
        raise ValueError(f"Demo data: {kind} facts refused on {on}: {form.errors.as_text()}")
    return form.facts()
