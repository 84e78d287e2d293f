"""The dashboards: figures worked out from real declarations, access, CSV, print and query counts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.declarations import services
from probity.declarations.models import RouteStep
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.oversight.selectors import COUNCIL, Scope, dashboard, team_scope
from probity.people.tests.factories import make_person

NOW = dt.datetime(2027, 6, 15, 10, 0, tzinfo=dt.UTC)


def _declare(council: Council, *, at: dt.datetime, gift: bool = True, who: Any = None) -> None:
    actor = who or council.officer
    if gift:
        services.gift_declare(
            actor=actor,
            facts=gift_facts(offered_on=at.date()),
            submission_token=uuid.uuid4(),
            now=at,
        )
    else:
        services.interest_declare(
            actor=actor, facts=interest_facts(), submission_token=uuid.uuid4(), now=at
        )


def _by_slug(scope: Scope) -> dict[str, Any]:
    return {s.slug: s for s in dashboard(scope, now=NOW)}


@pytest.fixture
def declared(council: Council) -> Council:
    _declare(council, at=NOW - dt.timedelta(days=30))  # overdue (over 14 days)
    _declare(council, at=NOW - dt.timedelta(days=2))
    _declare(
        council, at=dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), gift=False
    )  # before this council year
    _declare(council, at=NOW - dt.timedelta(days=1), gift=False)
    _declare(
        council, at=NOW - dt.timedelta(days=3), who=council.stranger
    )  # planning, not in the team
    return council


def test_overdue_and_waiting_count_route_steps(declared: Council) -> None:
    sections = _by_slug(COUNCIL)
    waiting = RouteStep.objects.filter(state="waiting")
    assert sections["waiting"].figures[0].value == waiting.count() > 0
    overdue = waiting.filter(waiting_since__lt=NOW - dt.timedelta(days=14)).count()
    assert overdue >= 2  # the 30-day-old gift and the year-old interest
    assert sections["overdue"].figures[0].value == overdue
    # Each row's buckets add up to its total.
    for row in sections["waiting"].rows:
        assert sum(row[1:-1]) == row[-1]


def test_services_without_gifts_flags_silent_services(declared: Council) -> None:
    make_person("quiet", service=None)
    from probity.people.tests.factories import ServiceFactory

    ServiceFactory.create(name="Parks")
    flagged = {row[0] for row in _by_slug(COUNCIL)["no-gifts"].rows}
    assert "Parks" in flagged
    assert "Housing Options" not in flagged
    assert "Planning" not in flagged  # the stranger declared a gift


def test_interests_not_reconfirmed_uses_the_council_year(declared: Council) -> None:
    section = _by_slug(COUNCIL)["not-reconfirmed"]
    assert [f.value for f in section.figures] == [1, 2]


def test_trend_counts_each_month(declared: Council) -> None:
    section = _by_slug(COUNCIL)["trend"]
    assert len(section.rows) == 24
    assert section.rows[-1][0] == "June 2027"
    assert section.rows[-1][1:] == [2, 1, 0, 3]  # two gifts and an interest in June
    assert section.rows[-2][1:] == [1, 0, 0, 1]  # the gift of 16 May
    assert section.figures[0].value == 5


def test_team_subquery_agrees_with_the_reporting_line(declared: Council) -> None:
    from probity.people.models import Person
    from probity.people.selectors import report_ids_of

    for boss in (declared.head, declared.manager, declared.mo, declared.officer):
        found = set(
            Person.objects.filter(team_scope(manager_id=boss.pk).people()).values_list(
                "pk", flat=True
            )
        )
        assert found == set(report_ids_of(manager_id=boss.pk))


def test_team_scope_counts_only_the_team(declared: Council) -> None:
    scope = team_scope(manager_id=declared.manager.pk)
    sections = _by_slug(scope)
    assert sections["trend"].figures[0].value == 4  # not the stranger's gift
    assert {r[0] for r in sections["no-gifts"].rows} == set()
    assert sections["no-gifts"].figures[1].value == 1  # only Housing Options has the team in it


def test_council_dashboard_page_shows_charts_and_tables(
    declared: Council, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(declared.mo)
    with clock.frozen(NOW), django_assert_max_num_queries(20):
        response = client.get(reverse("oversight:council"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 4
    assert '<title id="chart-trend-title">' in html
    assert "Download this table as CSV" in html


def _queries(run: Any, at: dt.datetime = NOW) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with clock.frozen(at), CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_data(council: Council) -> None:
    team = team_scope(manager_id=council.head.pk)
    client = signed_in(council.manager)
    client.get(reverse("oversight:team"))  # warm the session

    def measure(at: dt.datetime) -> tuple[int, int, int, int]:
        """Queries of the selectors, and of the page when its stored figures are too old (so
        worked out again) and when they are fresh (read)."""
        return (
            _queries(lambda: dashboard(COUNCIL, now=NOW)),
            _queries(lambda: dashboard(team, now=NOW)),
            _queries(lambda: client.get(reverse("oversight:team")), at=at),
            _queries(lambda: client.get(reverse("oversight:team")), at=at),
        )

    before = measure(NOW)
    # one aggregate query per section, two for the interests, two for concerns and cases, and
    # one for each of the three annual round sections (no round yet)
    assert before[0] == 12
    assert before[3] < before[2]
    for days in (1, 40, 100, 200):
        _declare(council, at=NOW - dt.timedelta(days=days))
        _declare(council, at=NOW - dt.timedelta(days=days), gift=False, who=council.stranger)
    assert measure(NOW + dt.timedelta(hours=2)) == before


def test_council_figures_are_stored_and_worked_out_again_when_old(
    declared: Council, settings: Any
) -> None:
    from probity.oversight.models import DashboardFigures

    settings.PROBITY_DASHBOARD_MAX_AGE_MINUTES = 60
    client = signed_in(declared.mo)
    with clock.frozen(NOW):
        client.get(reverse("oversight:council"))
    assert DashboardFigures.objects.count() == 1
    stored_queries = _queries(lambda: client.get(reverse("oversight:council")))
    _declare(declared, at=NOW - dt.timedelta(hours=1))
    with clock.frozen(NOW + dt.timedelta(minutes=30)):
        page = client.get(reverse("oversight:council")).content.decode()
    assert DashboardFigures.objects.count() == 1  # still young enough: read, not worked out
    assert "Declarations in 24 months" in page
    with clock.frozen(NOW + dt.timedelta(minutes=61)):
        client.get(reverse("oversight:council"))
    assert DashboardFigures.objects.count() == 2
    with clock.frozen(NOW + dt.timedelta(minutes=62)):
        refreshed = client.post(reverse("oversight:council"))
    assert refreshed.status_code == 302
    assert DashboardFigures.objects.count() == 3
    assert stored_queries <= 12  # the stored figures, the session and the menu: no aggregates


def test_team_dashboard_for_a_manager(declared: Council) -> None:
    client = signed_in(declared.manager)
    with clock.frozen(NOW):
        response = client.get(reverse("oversight:team"))
    assert response.status_code == 200
    assert "Your team\u2019s dashboard" in response.content.decode()
    assert signed_in(declared.officer).get(reverse("oversight:team")).status_code == 403
    assert signed_in(declared.manager).get(reverse("oversight:council")).status_code == 403


def test_csv_for_each_table(declared: Council) -> None:
    client = signed_in(declared.mo)
    with clock.frozen(NOW):
        response = client.get(reverse("oversight:council_csv", kwargs={"slug": "trend"}))
        missing = client.get(reverse("oversight:council_csv", kwargs={"slug": "nothing"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Month,Gifts and hospitality,Interests,Nil returns,All"
    assert lines[-1] == "June 2027,2,1,0,3"
    assert missing.status_code == 404


def test_print_view_has_no_navigation(declared: Council) -> None:
    with clock.frozen(NOW):
        response = signed_in(declared.mo).get(reverse("oversight:council_print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-service-navigation" not in html
    assert "oversight-print.css" in html
    assert html.count('role="img"') == 4


def test_committee_summary_names_no_one(declared: Council) -> None:
    from probity.people.models import Person

    Person.objects.filter(pk=declared.officer.pk).update(full_name="Ottoline Vance")
    Person.objects.filter(pk=declared.manager.pk).update(full_name="Zebedee Quartermain")
    client = signed_in(declared.mo)
    with clock.frozen(NOW):
        page = client.get(reverse("oversight:committee")).content.decode()
        pdf = client.get(reverse("oversight:committee_pdf"))
    assert (
        "Zebedee Quartermain"
        in signed_in(declared.mo).get(reverse("oversight:council")).content.decode()
    )
    assert "Ottoline Vance" not in page
    assert "Zebedee Quartermain" not in page
    assert "Acme Facilities" not in page  # no text from a declaration
    assert "Who has the most waiting" not in page
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_concerns_are_counted_on_the_council_dashboard_only(
    council: Council, settings: Any, tmp_path: Any
) -> None:
    from probity.concerns.services import Report, concern_report
    from probity.people.choices import OfficeKind
    from probity.people.tests.factories import hold_office

    settings.PROBITY_PRIVATE_FILES_ROOT = tmp_path / "private"
    fraud = make_person("fraud-dash", service=council.planning, full_name="Fraud Manager")
    hold_office(fraud, OfficeKind.FRAUD_MANAGER)
    for anonymous in (True, False):
        concern_report(
            report=Report(
                kind="fraud",
                recipient="fraud_manager",
                what="Invoices paid twice to one supplier",
                when="Since March",
                who="Accounts payable",
                anonymous=anonymous,
                password="a long reporter password",
                attachments=(),
            ),
            signed_in=None if anonymous else council.officer,
            now=NOW - dt.timedelta(days=10),
        )
    council_sections = _by_slug(COUNCIL)
    figures = {f.label: f.value for f in council_sections["concerns"].figures}
    assert figures == {
        "Concerns received": 2,
        "Of which anonymous": 1,
        "Breach cases opened": 0,
    }
    text = str(council_sections["concerns"].rows)
    assert "Invoices" not in text and council.officer.full_name not in text
    team = _by_slug(team_scope(manager_id=council.manager.pk))
    assert "concerns" not in team
