"""The annual round on the dashboards: exact figures for a small round made by hand, the team's
share of it, and a fixed number of queries whatever the size of the round."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.cycle.choices import PopulationScope
from probity.cycle.models import Round, RoundMembership
from probity.cycle.rules import Population
from probity.cycle.selectors import round_latest
from probity.cycle.services import return_confirm, return_nil, round_close, round_open
from probity.oversight.selectors import COUNCIL, Scope, Section, dashboard, section, team_scope
from probity.people.models import Person
from probity.people.tests.factories import ServiceFactory, make_person

pytestmark = pytest.mark.django_db

OPENED = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2027, 3, 10)
NOW = dt.datetime(2027, 3, 6, 10, 0, tzinfo=dt.UTC)
SLUGS = ("round-directorates", "round-services", "round-days")


def _open(council: Council, population: Population | None = None, **kw: Any) -> Round:
    return round_open(
        actor=council.mo,
        title=kw.pop("title", "Annual return 2027"),
        deadline=kw.pop("deadline", DEADLINE),
        population=population or Population(PopulationScope.EVERYONE),
        now=kw.pop("now", OPENED),
    )


def _confirm(round: Round, person: Person, when: dt.datetime) -> None:
    membership = RoundMembership.objects.get(round=round, person=person)
    return_confirm(actor=person, membership=membership, now=when)


def _nil(round: Round, person: Person, when: dt.datetime) -> None:
    membership = RoundMembership.objects.get(round=round, person=person)
    return_nil(actor=person, membership=membership, submission_token=uuid.uuid4(), now=when)


def _sections(scope: Scope, now: dt.datetime = NOW) -> dict[str, Section]:
    return {s.slug: s for s in dashboard(scope, now=now) if s.slug in SLUGS}


def _figures(s: Section) -> dict[str, int]:
    return {f.label: f.value for f in s.figures}


@pytest.fixture
def made(council: Council) -> tuple[Council, Round, Person]:
    """Nine asked: four in Housing, four in Planning and one with no service. By 6 March the
    officer confirmed and the stranger made a nil return on 2 March, the floater confirmed on 5
    March."""
    floater = make_person("floater", service=None)
    round = _open(council)
    _confirm(round, council.officer, dt.datetime(2027, 3, 2, 10, tzinfo=dt.UTC))
    _nil(round, council.stranger, dt.datetime(2027, 3, 2, 23, 30, tzinfo=dt.UTC))  # 2 March here
    _confirm(round, floater, dt.datetime(2027, 3, 5, 8, tzinfo=dt.UTC))
    return council, round, floater


def test_no_round_yet_says_so(council: Council) -> None:
    for s in _sections(COUNCIL).values():
        assert s.rows == [] and s.figures == [] and s.chart is None
        assert s.empty == "No annual round has been opened yet."


def test_completion_by_directorate_and_service_of_a_small_round(
    made: tuple[Council, Round, Person],
) -> None:
    council, _, _ = made
    housing = council.housing.directorate.name
    planning = council.planning.directorate.name
    sections = _sections(COUNCIL)
    by_directorate = sections["round-directorates"]
    assert _figures(by_directorate) == {
        "Asked": 9,
        "Done": 3,
        "Of which nil returns": 1,
        "Not done": 6,
        "Done %": 33,
    }
    named = sorted([[housing, 4, 1, 0, 3, 25], [planning, 4, 1, 1, 3, 25]], key=str)
    assert by_directorate.rows == [*named, ["No directorate", 1, 1, 0, 0, 100]]
    assert by_directorate.chart is not None
    assert "3 of 9 done" in by_directorate.chart
    assert "No directorate: 1 of 1 done" in by_directorate.chart
    assert "Annual return 2027" in by_directorate.definition
    by_service = sections["round-services"]
    assert by_service.personal  # a small service can single someone out: not for the committee
    services = sorted(
        [
            ["Housing Options", housing, 4, 1, 0, 3, 25],
            ["Planning", planning, 4, 1, 1, 3, 25],
        ],
        key=lambda r: (str(r[1]), str(r[0])),
    )
    assert by_service.rows == [*services, ["No service", "No directorate", 1, 1, 0, 0, 100]]


def test_returns_made_each_day_with_the_deadline_marked(
    made: tuple[Council, Round, Person],
) -> None:
    days = _sections(COUNCIL)["round-days"]
    assert days.rows == [
        ["1 March 2027", 0, 0, 0],
        ["2 March 2027", 2, 2, 22],
        ["3 March 2027", 0, 2, 22],
        ["4 March 2027", 0, 2, 22],
        ["5 March 2027", 1, 3, 33],
        ["6 March 2027", 0, 3, 33],
    ]
    assert _figures(days) == {"Made so far": 3, "Asked": 9}
    chart = str(days.chart)
    assert "3 of 9 returns made by 6 March 2027; the deadline is 10 March 2027." in chart
    assert "Deadline 10 Mar" in chart and "stroke-dasharray" in chart
    # After the deadline the table reaches it, marked, and the figures say how many by then.
    later = _sections(COUNCIL, now=dt.datetime(2027, 3, 12, 9, tzinfo=dt.UTC))["round-days"]
    assert later.rows[9] == ["10 March 2027 (deadline)", 0, 3, 33]
    assert len(later.rows) == 12
    assert _figures(later)["Made by the deadline"] == 3


def test_a_team_counts_only_the_people_who_report_to_the_manager(
    made: tuple[Council, Round, Person],
) -> None:
    council, _, _ = made
    housing = council.housing.directorate.name
    team = _sections(team_scope(manager_id=council.manager.pk))  # the officer and the contractor
    assert team["round-directorates"].rows == [[housing, 2, 1, 0, 1, 50]]
    assert _figures(team["round-directorates"])["Asked"] == 2
    assert team["round-services"].rows == [["Housing Options", housing, 2, 1, 0, 1, 50]]
    assert [r[2] for r in team["round-days"].rows] == [0, 1, 1, 1, 1, 1]
    assert _figures(team["round-days"]) == {"Made so far": 1, "Asked": 2}
    assert "Only the people who report to you" in team["round-days"].definition


def test_a_manager_with_no_reports_sees_nothing_counted(
    made: tuple[Council, Round, Person],
) -> None:
    council, _, _ = made
    team = _sections(team_scope(manager_id=council.officer.pk))
    assert team["round-directorates"].rows == []
    assert team["round-directorates"].empty == "Nobody who reports to you was asked."
    assert _figures(team["round-directorates"])["Asked"] == 0
    assert _figures(team["round-directorates"])["Done %"] == 0
    assert team["round-services"].rows == []
    assert [r[1:] for r in team["round-days"].rows] == [[0, 0, ""]] * 6


def test_an_empty_round(council: Council) -> None:
    parks = ServiceFactory.create(name="Parks")
    round = _open(council, Population(PopulationScope.SERVICES, service_ids=frozenset({parks.pk})))
    assert round.member_count == 0
    sections = _sections(COUNCIL)
    assert sections["round-directorates"].rows == []
    assert sections["round-directorates"].empty == "Nobody was asked."
    assert _figures(sections["round-directorates"])["Asked"] == 0
    assert sections["round-days"].rows[-1] == ["6 March 2027", 0, 0, ""]
    page = signed_in(council.mo).get(reverse("cycle:detail", kwargs={"round_id": round.pk}))
    assert "Nobody was asked" in page.content.decode()


def test_a_round_everyone_has_made(council: Council) -> None:
    round = _open(
        council,
        Population(PopulationScope.SERVICES, service_ids=frozenset({council.planning.pk})),
    )
    for person in (council.mo, council.deputy, council.auditor, council.stranger):
        _confirm(round, person, dt.datetime(2027, 3, 3, 9, tzinfo=dt.UTC))
    sections = _sections(COUNCIL)
    assert _figures(sections["round-directorates"])["Done %"] == 100
    assert sections["round-directorates"].rows == [
        [council.planning.directorate.name, 4, 4, 0, 0, 100]
    ]
    assert sections["round-days"].rows[2] == ["3 March 2027", 4, 4, 100]


def test_the_latest_open_round_is_followed_and_a_closed_one_only_when_none_is_open(
    council: Council,
) -> None:
    first = _open(council, title="Staff", now=OPENED)
    second = _open(
        council,
        Population(PopulationScope.CONTRACTORS),
        title="Contractors",
        now=OPENED + dt.timedelta(days=1),
    )
    assert round_latest() == second
    round_close(actor=council.mo, round=second, reason="Opened by mistake", now=OPENED)
    assert round_latest() == first  # still open, though opened earlier
    round_close(actor=council.mo, round=first, now=dt.datetime(2027, 3, 11, 9, tzinfo=dt.UTC))
    assert round_latest() == second  # none open: the latest opened
    days = _sections(COUNCIL, now=dt.datetime(2027, 4, 1, 9, tzinfo=dt.UTC))["round-days"]
    assert "closed on 1 March 2027" in days.definition
    assert len(days.rows) == 1  # counted to the day it closed
    assert _figures(days) == {"Made so far": 0, "Asked": 1}


def test_the_sections_are_on_the_page_in_print_and_csv(
    made: tuple[Council, Round, Person],
) -> None:
    council, _, _ = made
    client = signed_in(council.mo)
    with clock.frozen(NOW):
        page = client.get(reverse("oversight:council")).content.decode()
        printed = client.get(reverse("oversight:council_print")).content.decode()
        csv = client.get(reverse("oversight:council_csv", kwargs={"slug": "round-directorates"}))
        days = client.get(reverse("oversight:council_csv", kwargs={"slug": "round-days"}))
        committee = client.get(reverse("oversight:committee")).content.decode()
    for html in (page, printed):
        assert 'id="chart-round-directorates"' in html
        assert 'id="chart-round-days"' in html
        assert "Annual round: done by service" in html
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Directorate,Asked,Done,Nil returns,Not done,Done %"
    assert lines[-1] == "No directorate,1,1,0,0,100"
    assert days.content.decode("utf-8-sig").strip().splitlines()[2] == "2 March 2027,2,2,22"
    assert "Annual round: done by directorate" in committee
    assert "Annual round: done by service" not in committee
    team = signed_in(council.manager)
    with clock.frozen(NOW):
        team_csv = team.get(reverse("oversight:team_csv", kwargs={"slug": "round-services"}))
    assert team_csv.content.decode("utf-8-sig").strip().splitlines()[1:] == [
        f"Housing Options,{council.housing.directorate.name},2,1,0,1,50"
    ]


def test_the_round_page_shows_the_same_figures(made: tuple[Council, Round, Person]) -> None:
    council, round, _ = made
    with clock.frozen(NOW):
        page = signed_in(council.mo).get(reverse("cycle:detail", kwargs={"round_id": round.pk}))
    html = page.content.decode()
    assert 'id="total-percent">33%<' in html
    assert "Done by directorate" in html and "Done by service" in html
    assert "No directorate" in html
    assert html.count('<tr class="govuk-table__row">') > 10
    assert "10 March 2027 (deadline)" not in html  # not reached yet on 6 March


def _count(run: Any) -> int:
    with clock.frozen(NOW), CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries)


def test_queries_stay_the_same_however_big_the_round(council: Council) -> None:
    team = team_scope(manager_id=council.head.pk)

    def measure() -> tuple[int, ...]:
        return tuple(
            _count(lambda scope=scope, slug=slug: section(scope, slug, now=NOW))
            for scope in (COUNCIL, team)
            for slug in SLUGS
        )

    round = _open(council)
    small = measure()
    assert small == (2, 2, 2, 2, 2, 3)  # the round, then one GROUP BY (and a team's count)
    _confirm(round, council.officer, dt.datetime(2027, 3, 2, 10, tzinfo=dt.UTC))
    services = [ServiceFactory.create(name=f"Service {i}") for i in range(6)]
    people = [
        make_person(f"p{i}", service=services[i % 6], line_manager=council.manager)
        for i in range(30)
    ]
    bigger = _open(council, title="Bigger", now=OPENED + dt.timedelta(days=1))
    for i, person in enumerate(people[:20]):
        _confirm(bigger, person, dt.datetime(2027, 3, 2 + i % 4, 10, tzinfo=dt.UTC))
    assert bigger.member_count == 38
    assert measure() == small
    detail = signed_in(council.mo)
    url = reverse("cycle:detail", kwargs={"round_id": bigger.pk})
    detail.get(url)
    first = _count(lambda: detail.get(url))
    for person in people[20:]:
        _confirm(bigger, person, dt.datetime(2027, 3, 5, 10, tzinfo=dt.UTC))
    assert _count(lambda: detail.get(url)) == first
