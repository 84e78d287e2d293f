"""One visibility rule: for random councils, declarations and viewers, an entry is in a register's
list exactly when its page opens, and exactly when it is in the register's CSV.

Hypothesis draws who manages whom, who holds each deciding office (the declarant included), what
is declared and what happens to it, and who is looking; the pages are read through the test
client, as a person would read them.
"""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Council
from probity.declarations import services
from probity.declarations.choices import DeclarationKind
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import Declaration
from probity.declarations.rules import Action
from probity.declarations.tests.test_kinds import FACTS, NOW
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office

pytestmark = pytest.mark.django_db

K = DeclarationKind
KINDS = [K.CLOSED_ORGANISATION, K.OUTSIDE_EMPLOYMENT, K.DISCRETIONARY_SERVICE, *FACTS]
KINDS = list(dict.fromkeys(k for k in KINDS if k != K.NIL_RETURN))
OFFICES = [
    OfficeKind.HR_OD_MANAGER,
    OfficeKind.CHIEF_EXECUTIVE,
    OfficeKind.HEAD_OF_CORPORATE_FINANCE,
    OfficeKind.HEAD_OF_PLANNING,
    OfficeKind.GOVERNANCE_LEAD,
]
ACTS = ["nothing", "decide", "refuse", "withdraw", "ask"]


def _people(council: Council) -> list[Person]:
    return [
        council.officer,
        council.manager,
        council.head,
        council.mo,
        council.deputy,
        council.auditor,
        council.councillor,
        council.stranger,
        council.contractor,
    ]


def _declarers(council: Council) -> list[Person]:
    return [p for p in _people(council) if p.is_subject_to_code]


def _act(declaration: Declaration, act: str, council: Council) -> None:
    from probity.declarations.access import entry_for_viewer

    if act == "withdraw":
        keeper = council.deputy if declaration.declarant_id == council.mo.pk else council.mo
        services.declaration_withdraw(
            actor=keeper,
            viewer=viewer_for_person(person=keeper, today=NOW.date()),
            declaration=declaration,
            reason="Made in error.",
            now=NOW,
        )
        return
    if act == "nothing":
        return
    wanted = {"decide": None, "refuse": Action.REFUSE, "ask": Action.REQUEST_INFO}[act]
    for person in Person.objects.exclude(user=None).order_by("pk"):
        viewer = viewer_for_person(person=person, today=NOW.date())
        try:
            entry = entry_for_viewer(reference=declaration.reference, viewer=viewer)
        except Exception:  # noqa: S112 - not visible to this person: try the next
            continue
        choices = [wanted] if wanted else [Action.NOTE, Action.APPROVE, Action.RECORD]
        for action in choices:
            if action in entry.actions:
                services.declaration_decide(
                    actor=person,
                    viewer=viewer,
                    declaration=declaration,
                    action=action,
                    comment="Because." if action != Action.NOTE else "",
                    now=NOW,
                )
                return


def _listed(client: Client, slug: str, csv_file: bool) -> set[str] | None:
    url = f"/registers/{slug}/" + ("download.csv" if csv_file else "")
    response = client.get(url)
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    body = response.getvalue().decode("utf-8-sig")
    if csv_file:
        rows = list(csv.reader(io.StringIO(body)))
        return {row[0] for row in rows[1:]}
    return set(_references(body))


def _references(body: str) -> set[str]:
    import re

    return set(re.findall(r"/registers/entries/([A-Z]{2}-\d{4}-\d{4})/", body))


world = st.fixed_dictionaries(
    {
        "managers": st.lists(st.integers(0, 3), min_size=3, max_size=3),
        "holders": st.lists(st.integers(0, 8), min_size=len(OFFICES), max_size=len(OFFICES)),
        "deputy_of": st.sampled_from([None, *OFFICES]),
        "declarations": st.lists(
            st.tuples(st.integers(0, 6), st.sampled_from(KINDS), st.sampled_from(ACTS)),
            min_size=1,
            max_size=5,
        ),
        "viewer": st.integers(0, 8),
    }
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=world)
def test_in_the_list_iff_the_page_opens_iff_in_the_csv(council: Council, drawn: Any) -> None:
    with transaction.atomic():
        people = _people(council)
        bosses = [council.head, council.stranger, council.mo, council.auditor]
        # the officer, the contractor and the stranger get a drawn line manager
        for person, boss in zip(
            [council.officer, council.contractor, council.stranger],
            drawn["managers"],
            strict=True,
        ):
            chosen = bosses[boss]
            person.line_manager = chosen if chosen.pk != person.pk else None
            person.save()
        for office, holder in zip(OFFICES, drawn["holders"], strict=True):
            if people[holder].is_subject_to_code:
                hold_office(people[holder], office)
        if drawn["deputy_of"] is not None:
            hold_office(council.stranger, drawn["deputy_of"], role=HoldingRole.DEPUTY)
        declarers = _declarers(council)
        made = []
        for who, kind, act in drawn["declarations"]:
            declaration = services.declaration_submit(
                kind=kind,
                actor=declarers[who % len(declarers)],
                facts=FACTS[kind],
                submission_token=uuid.uuid4(),
                now=NOW,
            )
            _act(declaration, act, council)
            made.append(declaration)
        viewer = people[drawn["viewer"]]
        assert viewer.user is not None
        client = Client()
        client.force_login(viewer.user)
        for declaration in made:
            opens = client.get(f"/registers/entries/{declaration.reference}/").status_code == 200
            slug = BY_KIND[declaration.kind].register_slug
            listed = _listed(client, slug, csv_file=False) or set()
            in_csv = _listed(client, slug, csv_file=True) or set()
            assert (declaration.reference in listed) == opens, (viewer, declaration.kind)
            assert (declaration.reference in in_csv) == opens, (viewer, declaration.kind)
        transaction.set_rollback(True)
