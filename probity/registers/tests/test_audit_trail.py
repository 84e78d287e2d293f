"""The audit trail page: open to the Monitoring Officer and the auditor, and readable by people."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.declarations import services
from probity.declarations.choices import DeclarationKind as K
from probity.declarations.models import Declaration
from probity.declarations.rules import Action
from probity.declarations.tests.factories import gift_facts
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.registers.audit_trail import _action_words

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(hours=2)
PLANNING = {
    "application_reference": "27/0123/FUL",
    "site": "12 Mill Lane",
    "made_by": "me",
    "description": "Rear extension",
}


def _audit_url(declaration: Declaration) -> str:
    return reverse("registers:audit", kwargs={"reference": declaration.reference})


def _viewer(person: Person) -> object:
    return viewer_for_person(person=person, today=NOW.date())


def _planning(council: Council) -> Declaration:
    return services.declaration_submit(
        kind=K.PLANNING_APPLICATION,
        actor=council.officer,
        facts=PLANNING,
        submission_token=uuid.uuid4(),
        now=NOW,
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_auditor_reads_a_trail_with_names_labels_and_only_what_changed(
    council: Council,
) -> None:
    declaration = _planning(council)
    services.declaration_correct(
        actor=council.officer,
        viewer=_viewer(council.officer),  # type: ignore[arg-type]
        declaration=declaration,
        facts={**PLANNING, "site": "14 Mill Lane"},
        reason="Wrong house number",
        now=LATER,
    )
    response = signed_in(council.auditor).get(_audit_url(declaration))
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    # People by name, not by account or id.
    assert "Who Officer" in text
    assert "Who officer" not in text  # the account name is not shown
    # Facts with their question's label, before and after, and only what changed.
    assert "Address of the site 12 Mill Lane 14 Mill Lane" in text
    assert "Planning application reference 27/0123/FUL 27/0123/FUL" not in text
    assert "Reason for the change None Wrong house number" in text
    assert "Kind of change Declared Corrected" in text
    # No internal ids or raw snapshots.
    assert "declarant_id" not in html and "'id'" not in html and '"id"' not in html
    assert "submission_token" not in html and "{" not in text
    # The table scrolls in its own labelled region, which the keyboard can reach.
    assert 'role="region" aria-label="What changed:' in html
    assert 'tabindex="0"' in html


def test_a_decision_shows_the_status_change_and_who_decided(council: Council) -> None:
    declaration = services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    services.declaration_decide(
        actor=council.manager,
        viewer=_viewer(council.manager),  # type: ignore[arg-type]
        declaration=declaration,
        action=Action.NOTE,
        comment="Fine to keep.",
        now=LATER,
    )
    text = _text(signed_in(council.mo).get(_audit_url(declaration)).content.decode())
    assert "Status Waiting for review Noted by manager" in text
    assert "What was recorded Detail Recorded" in text
    assert "Value £180.00" in text
    assert "Decided by None Manager" in text
    assert "Comment None Fine to keep." in text
    assert "Who Manager" in text


def test_the_auditor_cannot_see_a_special_category_trail(council: Council) -> None:
    declaration = services.declaration_submit(
        kind=K.CLOSED_ORGANISATION,
        actor=council.officer,
        facts={
            "organisation": "The Order of the Lantern",
            "role": "",
            "joined_on": "2015-04-01",
            "left_on": None,
        },
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    assert signed_in(council.auditor).get(_audit_url(declaration)).status_code == 404
    mo_view = signed_in(council.mo).get(_audit_url(declaration))
    assert mo_view.status_code == 200
    assert "Lantern" not in mo_view.content.decode()


def test_people_in_the_line_cannot_read_the_trail(council: Council) -> None:
    declaration = _planning(council)
    for person in (council.officer, council.manager, council.head):
        assert signed_in(person).get(_audit_url(declaration)).status_code == 403


def test_the_trail_reads_in_constant_queries(
    council: Council, django_assert_max_num_queries: object
) -> None:
    declaration = _planning(council)
    for n in range(5):
        services.declaration_correct(
            actor=council.officer,
            viewer=_viewer(council.officer),  # type: ignore[arg-type]
            declaration=declaration,
            facts={**PLANNING, "site": f"{n} Mill Lane"},
            reason=f"Correction {n}",
            now=LATER + dt.timedelta(minutes=n),
        )
    client = signed_in(council.auditor)
    client.get(_audit_url(declaration))
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        assert client.get(_audit_url(declaration)).status_code == 200


def test_the_registers_page_tells_the_auditor_what_the_auditor_can_see(council: Council) -> None:
    _planning(council)
    text = _text(signed_in(council.auditor).get(reverse("registers:index")).content.decode())
    assert "As the auditor you can read every entry, except memberships of closed" in text
    assert "open its audit trail" in text
    assert "those of people who report to you" not in text
    manager = _text(signed_in(council.manager).get(reverse("registers:index")).content.decode())
    assert "those of people who report to you" in manager
    assert "As the auditor" not in manager


def test_an_event_without_a_summary_is_named_in_words() -> None:
    assert _action_words("declaration.info_requested") == "Info requested"
    assert _action_words("") == "Change recorded"
