"""The viewer's reports: the recursive query reads only their part of the chart, and agrees with
the pure rule over the whole chart in memory, cycles in bad data included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probity.people.models import Person
from probity.people.rules import reports_of
from probity.people.selectors import report_ids_of
from probity.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bosses=st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=10, max_size=10))
def test_the_recursive_query_agrees_with_the_rule(bosses: list[int | None]) -> None:
    from django.db import transaction

    with transaction.atomic():
        people = [make_person(f"p{i}") for i in range(10)]
        for person, boss in zip(people, bosses, strict=True):
            if boss is not None and people[boss].pk != person.pk:
                Person.objects.filter(pk=person.pk).update(line_manager=people[boss])
        edges = dict(
            Person.objects.filter(line_manager__isnull=False).values_list("id", "line_manager")
        )
        for person in people:
            assert report_ids_of(manager_id=person.pk) == reports_of(person.pk, edges)
        transaction.set_rollback(True)


def test_one_query_whatever_the_size_of_the_team() -> None:
    boss = make_person("boss")
    middle = make_person("middle", line_manager=boss)
    for i in range(12):
        make_person(f"team{i}", line_manager=middle)
    with CaptureQueriesContext(connection) as captured:
        found = report_ids_of(manager_id=boss.pk)
    assert len(captured) == 1
    assert len(found) == 13
