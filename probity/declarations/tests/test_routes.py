"""Stored routes and "who must act", through the services, at the edges of every rule: the
declarant holds the deciding office, one person holds both consenting offices, an office is
empty, a council setting changes while requests are open, a holder changes, and the messages
each of these sends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Council, signed_in
from probity.conduct.models import CouncilPolicy
from probity.core.models import AuditEvent, OutgoingEmail
from probity.declarations import services
from probity.declarations.choices import (
    AdviceOffice,
    AssignmentPurpose,
    DeclarationKind,
    DeclarationStatus,
    StepState,
)
from probity.declarations.models import Declaration, RouteStep, StepAssignment
from probity.declarations.rules import Action, assignment_actionable
from probity.declarations.selectors import (
    declarations_to_review,
    steps_stranded,
    waiting_count,
)
from probity.declarations.tests.test_kinds import NOW, decide, submit, viewer
from probity.people.choices import OfficeKind
from probity.people.models import Grade, Office, OfficeHolding, Person, Service
from probity.people.services import office_holder_change
from probity.people.tests.factories import ServiceFactory, hold_office, make_person

pytestmark = pytest.mark.django_db

K = DeclarationKind
S = DeclarationStatus


def assigned(declaration: Declaration, key: str) -> set[str]:
    return set(
        StepAssignment.objects.filter(
            declaration=declaration, step__key=key, purpose=AssignmentPurpose.ACT
        ).values_list("person__user__username", flat=True)
    )


class Outbox:
    """The emails recorded since the last ``clear`` (every email is recorded before sending)."""

    def __init__(self) -> None:
        self.after = 0

    def clear(self) -> None:
        last = OutgoingEmail.objects.order_by("-id").first()
        self.after = last.pk if last else 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(OutgoingEmail.objects.filter(pk__gt=self.after).order_by("id"))


class _Mail:
    outbox = Outbox()


mail = _Mail()


@pytest.fixture(autouse=True)
def _fresh_outbox() -> None:
    mail.outbox.after = 0


def state(declaration: Declaration, key: str) -> str:
    return RouteStep.objects.get(declaration=declaration, key=key).state


@pytest.fixture
def scale_g(council: Council) -> Grade:
    grade = Grade.objects.create(name="Scale G", rank=7)
    CouncilPolicy.objects.create(gift_guidance="Declare it.", consent_grade=grade)
    return grade


@pytest.fixture
def ceo(council: Council) -> Person:
    person = make_person("ceo", service=council.planning)
    hold_office(person, OfficeKind.CHIEF_EXECUTIVE)
    return person


@pytest.fixture
def hr_service(council: Council) -> Service:
    return ServiceFactory.create(name="HR and OD")


@pytest.fixture
def hr(council: Council, hr_service: Service, ceo: Person, scale_g: Grade) -> Person:
    """The HR and OD Manager, who also heads the HR service (as in the demo)."""
    person = make_person("hr", service=hr_service, line_manager=ceo, grade=scale_g)
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    hold_office(person, OfficeKind.HEAD_OF_SERVICE, service=hr_service)
    return person


def _senior(council: Council, grade: Grade) -> Person:
    """A Housing officer at the consent grade, managed by the line manager."""
    return make_person("senior", service=council.housing, line_manager=council.manager, grade=grade)


def test_a_head_of_services_own_outside_employment_reaches_someone_else(
    council: Council, scale_g: Grade, ceo: Person, hr: Person
) -> None:
    council.head.grade = scale_g
    council.head.save()
    declaration = submit(council.head, K.OUTSIDE_EMPLOYMENT)
    assert assigned(declaration, "head_of_service") == {"ceo"}
    assert assigned(declaration, "hr_od") == {"hr"}
    step = RouteStep.objects.get(declaration=declaration, key="head_of_service")
    assert step.acting_office == OfficeKind.CHIEF_EXECUTIVE
    assert step.passed_over == [[OfficeKind.HEAD_OF_SERVICE, "the declarant holds it"]]
    assert {address for m in mail.outbox for address in m.to} >= {ceo.email, hr.email}
    with pytest.raises(PermissionDenied):
        decide(council.head, declaration, Action.APPROVE)
    decide(ceo, declaration, Action.APPROVE)
    assert declaration.decisions.get().acting_as == "Chief Executive, for the Head of Service"


def test_the_chief_executives_own_referral_goes_to_the_monitoring_officer(
    council: Council, ceo: Person
) -> None:
    declaration = submit(ceo, K.DISCRETIONARY_SERVICE)
    assert assigned(declaration, "referral") == {"mo", "deputy"}
    assert not steps_stranded().exists()
    subjects = [m.subject for m in mail.outbox if council.mo.email in m.to]
    assert any(declaration.reference in s for s in subjects)


def test_the_hr_managers_own_outside_employment_needs_two_other_people(
    council: Council, hr: Person, ceo: Person
) -> None:
    declaration = submit(hr, K.OUTSIDE_EMPLOYMENT)
    hos, hr_step = assigned(declaration, "head_of_service"), assigned(declaration, "hr_od")
    assert hos == {"ceo"}  # heads the service themselves
    assert hr_step == {"mo", "deputy"}  # HR's fallback (the CEO) gives the other consent
    assert not hos & hr_step


def test_one_person_holding_both_offices_gives_only_one_consent(
    council: Council, hr: Person, hr_service: Service, ceo: Person, scale_g: Grade
) -> None:
    officer = make_person("hr-adviser", service=hr_service, line_manager=hr, grade=scale_g)
    declaration = submit(officer, K.OUTSIDE_EMPLOYMENT)
    assert assigned(declaration, "head_of_service") == {"hr"}
    assert assigned(declaration, "hr_od") == {"ceo"}
    decide(hr, declaration, Action.APPROVE)
    with pytest.raises(PermissionDenied):
        decide(hr, declaration, Action.APPROVE)
    decide(ceo, declaration, Action.APPROVE)
    declaration.refresh_from_db()
    assert declaration.status == S.APPROVED
    actors = set(declaration.decisions.values_list("actor__user__username", flat=True))
    assert actors == {"hr", "ceo"}


def test_after_the_first_consent_the_declarant_learns_what_is_still_awaited(
    council: Council, hr: Person, scale_g: Grade
) -> None:
    senior = _senior(council, scale_g)
    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    mail.outbox.clear()
    decide(
        council.head,
        declaration,
        Action.APPROVE,
        conditions="No work for council tenants.",
        review_on=dt.date(2028, 3, 1),
    )
    told = [m for m in mail.outbox if senior.email in m.to]
    assert len(told) == 1
    assert "more to come" in told[0].subject
    assert "HR and OD Manager consents" in told[0].body
    assert "must not start" in told[0].body
    assert "approved with conditions your" not in told[0].subject
    mail.outbox.clear()
    decide(hr, declaration, Action.APPROVE)
    declaration.refresh_from_db()
    assert declaration.status == S.APPROVED_WITH_CONDITIONS
    final = [m for m in mail.outbox if senior.email in m.to]
    assert "approved with conditions" in final[0].subject


def test_a_refusal_makes_the_other_consent_not_needed_and_nobody_waits(
    council: Council, hr: Person, scale_g: Grade
) -> None:
    senior = _senior(council, scale_g)
    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    decide(hr, declaration, Action.REFUSE, comment="The hours clash with your rota.")
    assert state(declaration, "hr_od") == StepState.REFUSED
    assert state(declaration, "head_of_service") == StepState.NOT_NEEDED
    assert not StepAssignment.objects.filter(declaration=declaration).exists()
    body = signed_in(senior).get(f"/registers/entries/{declaration.reference}/").content.decode()
    assert "Not needed" in body


def test_a_withdrawal_makes_waiting_steps_not_needed(council: Council) -> None:
    declaration = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    services.declaration_withdraw(
        actor=council.mo,
        viewer=viewer(council.mo),
        declaration=declaration,
        reason="Declared twice by mistake.",
        now=NOW,
    )
    assert set(
        RouteStep.objects.filter(declaration=declaration).values_list("state", flat=True)
    ) == {StepState.NOT_NEEDED}
    assert waiting_count(viewer=viewer(council.manager)) == 0


def test_changing_the_consent_grade_leaves_open_requests_on_their_route(
    council: Council, hr: Person, scale_g: Grade
) -> None:
    senior = _senior(council, scale_g)
    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    policy = CouncilPolicy.objects.get()
    policy.consent_grade = Grade.objects.create(name="Chief Officer", rank=12)
    policy.save()
    assert set(RouteStep.objects.filter(declaration=declaration).values_list("key", flat=True)) == {
        "head_of_service",
        "hr_od",
    }
    declaration.refresh_from_db()
    assert declaration.routed_with["consent_grade"] == "Scale G"
    assert [w.declaration for w in declarations_to_review(viewer=viewer(hr))] == [declaration]
    # the Monitoring Officer re-routes it on purpose: audited, and the declarant is told
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.declaration_reroute(
            actor=council.manager,
            viewer=viewer(council.manager),
            declaration=declaration,
            reason="Policy changed",
            now=NOW,
        )
    services.declaration_reroute(
        actor=council.mo,
        viewer=viewer(council.mo),
        declaration=declaration,
        reason="The new consent grade applies to this request.",
        now=NOW,
    )
    keys = set(RouteStep.objects.filter(declaration=declaration).values_list("key", flat=True))
    assert keys == {"line_manager"}
    assert assigned(declaration, "line_manager") == {"manager"}
    assert AuditEvent.objects.filter(action="declaration.rerouted").count() == 1
    assert any("new route" in m.subject for m in mail.outbox if senior.email in m.to)


def test_an_office_with_nobody_left_strands_the_step_and_tells_the_monitoring_officer(
    council: Council,
) -> None:
    planner = make_person("planner", service=council.planning, line_manager=council.mo)
    mail.outbox.clear()
    declaration = submit(
        planner, K.CONTRACT_USE
    )  # Head of Corporate Finance, then s151, then CE, then MO
    # nobody holds the finance offices or the CEO here, so the MO acts
    assert assigned(declaration, "head_of_corporate_finance") == {"mo", "deputy"}
    OfficeHolding.objects.filter(office__kind=OfficeKind.MONITORING_OFFICER).update(
        ends_on=dt.date(2026, 1, 1)
    )
    stranded = submit(planner, K.CONTRACT_USE)
    assert assigned(stranded, "head_of_corporate_finance") == set()
    assert [s.declaration for s in steps_stranded()] == [stranded]
    page = signed_in(planner).get(f"/declarations/{stranded.reference}/confirmation/")
    assert "Nobody can act on part of it yet" in page.content.decode()


def test_a_new_office_holder_takes_over_waiting_work_and_it_is_audited(
    council: Council, hr: Person, scale_g: Grade
) -> None:
    senior = _senior(council, scale_g)
    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    successor = make_person("new-hr", service=council.planning)
    office = Office.objects.get(kind=OfficeKind.HR_OD_MANAGER)
    mail.outbox.clear()
    office_holder_change(
        actor=council.mo, office=office, new_holder=successor, starts_on=NOW.date(), now=NOW
    )
    assert assigned(declaration, "hr_od") == {"new-hr"}
    assert waiting_count(viewer=viewer(hr)) == 0
    assert AuditEvent.objects.filter(action="declaration.reassigned").count() == 1
    assert any(successor.email in m.to for m in mail.outbox)


def test_the_review_queue_costs_the_same_queries_however_much_is_waiting(
    council: Council,
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = declarations_to_review(viewer=viewer(council.manager))
            list(page.object_list)
        return len(captured)

    submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    few = queries()
    for _ in range(12):
        submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
        submit(council.contractor, K.SPONSORSHIP)
    assert queries() == few
    assert waiting_count(viewer=viewer(council.manager)) == 25


def _stored_flags_agree_with_the_rule() -> None:
    """One source of truth: each stored assignment's place in a queue is the rule applied to its
    declaration's status now."""
    for a in StepAssignment.objects.select_related("declaration"):
        want = assignment_actionable(purpose=a.purpose, status=a.declaration.status)
        assert a.actionable == want, (a.purpose, a.declaration.status)


def test_a_question_or_a_referral_takes_the_work_out_of_the_queue_until_it_is_answered(
    council: Council,
) -> None:
    declaration = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    manager, head = viewer(council.manager), viewer(council.head)
    assert waiting_count(viewer=manager) == 1
    decide(council.manager, declaration, Action.REQUEST_INFO, "Since when?")
    _stored_flags_agree_with_the_rule()
    assert waiting_count(viewer=manager) == 0
    assert StepAssignment.objects.filter(declaration=declaration, actionable=False).exists()
    decide(council.officer, declaration, Action.RESPOND, "Since May.")
    _stored_flags_agree_with_the_rule()
    assert waiting_count(viewer=manager) == 1
    decide(
        council.manager,
        declaration,
        Action.REFER,
        "Is this a conflict?",
        referred_to=AdviceOffice.HEAD_OF_SERVICE,
    )
    _stored_flags_agree_with_the_rule()
    assert waiting_count(viewer=manager) == 0
    assert [w.advice for w in declarations_to_review(viewer=head).object_list] == [True]
    decide(council.head, declaration, Action.ADVISE, "No conflict.")
    _stored_flags_agree_with_the_rule()
    assert waiting_count(viewer=head) == 0
    assert waiting_count(viewer=manager) == 1
