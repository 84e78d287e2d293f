"""HR changes a declarant's line manager, or records that someone left: the work waiting on them
passes on in the same transaction, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Council
from probity.core.audit import audit_chain_check
from probity.core.models import AuditEvent
from probity.declarations.choices import DeclarationKind
from probity.declarations.tests.test_kinds import NOW, submit
from probity.declarations.tests.test_routes import assigned
from probity.people import org_services
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.tests.factories import hold_office, make_person
from probity.people.tests.factories import person_values as values

pytestmark = pytest.mark.django_db
LATER = NOW + dt.timedelta(days=1)


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning)
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


def test_a_new_line_manager_gets_the_waiting_note(council: Council, hr: Person) -> None:
    declaration = submit(council.officer, DeclarationKind.CONTRACTOR_RELATIONSHIP)
    assert assigned(declaration, "line_manager") == {"manager"}
    new_manager = make_person("newboss", service=council.housing)
    changed = org_services.person_change(
        actor=hr,
        person=council.officer,
        values=values(council.officer, line_manager=new_manager),
        now=LATER,
    )
    assert changed == ["line_manager"]
    assert assigned(declaration, "line_manager") == {"newboss"}
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["person.changed", "declaration.reassigned"]
    assert audit_chain_check().intact


def test_a_change_that_keeps_the_manager_moves_nothing(council: Council, hr: Person) -> None:
    declaration = submit(council.officer, DeclarationKind.CONTRACTOR_RELATIONSHIP)
    before = AuditEvent.objects.count()
    org_services.person_change(
        actor=hr,
        person=council.officer,
        values=values(council.officer, job_title="Lead"),
        now=LATER,
    )
    assert assigned(declaration, "line_manager") == {"manager"}
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[before:] == [
        "person.changed"
    ]


def test_a_manager_who_has_left_passes_the_waiting_note_on(council: Council, hr: Person) -> None:
    declaration = submit(council.officer, DeclarationKind.CONTRACTOR_RELATIONSHIP)
    org_services.person_leave(
        actor=hr, person=council.manager, leaving_date=dt.date(2027, 3, 1), now=LATER
    )
    # With no line manager able to act, the note goes where the fallback says (the MO).
    assert "manager" not in assigned(declaration, "line_manager")
    assert assigned(declaration, "line_manager")
    council.manager.refresh_from_db()
    assert council.manager.leaving_date == dt.date(2027, 3, 1)
    assert Person.objects.filter(pk=council.manager.pk).exists()


def test_a_leaving_date_to_come_moves_nothing_yet(council: Council, hr: Person) -> None:
    declaration = submit(council.officer, DeclarationKind.CONTRACTOR_RELATIONSHIP)
    org_services.person_leave(
        actor=hr, person=council.manager, leaving_date=dt.date(2027, 4, 30), now=LATER
    )
    assert assigned(declaration, "line_manager") == {"manager"}
