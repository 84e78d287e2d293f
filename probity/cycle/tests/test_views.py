"""The annual round's pages through the test client: what each person sees and can do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.cycle.choices import MembershipState
from probity.cycle.models import Round, RoundMembership
from probity.cycle.selectors import cycle_settings, reminder_days
from probity.cycle.tests.helpers import DEADLINE, NOW, declare_gift, declare_interest, open_round
from probity.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def test_the_monitoring_officer_opens_a_round_and_sees_progress(council: Council) -> None:
    client = signed_in(council.mo)
    response = client.post(
        reverse("cycle:open"),
        {
            "title": "Annual return 2027",
            "deadline_0": "30",
            "deadline_1": "4",
            "deadline_2": "2027",
            "scope": "everyone",
        },
    )
    round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cycle:detail", kwargs={"round_id": round.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Housing Options" in page
    assert 'id="total-outstanding">8<' in page
    assert "Annual return 2027" in client.get(reverse("cycle:rounds")).content.decode()


def test_opening_a_round_asks_for_the_grade_or_services_it_needs(council: Council) -> None:
    response = signed_in(council.mo).post(
        reverse("cycle:open"),
        {
            "title": "Seniors",
            "deadline_0": "30",
            "deadline_1": "4",
            "deadline_2": "2027",
            "scope": "grade",
        },
    )
    assert response.status_code == 200
    assert "Select the lowest grade the round is for" in response.content.decode()
    assert not Round.objects.exists()


def test_the_home_page_shows_the_round_with_a_constant_number_of_queries(
    council: Council,
) -> None:
    client = signed_in(council.officer)
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    open_round(council)
    open_round(council, deadline=DEADLINE + dt.timedelta(days=10))
    with CaptureQueriesContext(connection) as after:
        page = client.get(reverse("home")).content.decode()
    assert "Make your annual return" in page
    assert page.count("Make your annual return") == 2
    assert len(after.captured_queries) == len(before.captured_queries)


def test_an_officer_reviews_an_interest_and_confirms(council: Council) -> None:
    interest = declare_interest(council.officer)
    round = open_round(council)
    client = signed_in(council.officer)
    mine = reverse("cycle:mine", kwargs={"round_id": round.pk})
    page = client.get(mine).content.decode()
    assert interest.reference in page
    assert "Not checked yet" in page
    assert "Confirm my declarations are complete" not in page
    review = reverse(
        "cycle:review_interest", kwargs={"round_id": round.pk, "reference": interest.reference}
    )
    response = client.post(review, {"outcome": "ended"})
    assert "Enter the date it ended" in response.content.decode()
    assert client.post(review, {"outcome": "current"}).status_code == 302
    page = client.get(mine).content.decode()
    assert "Still current" in page
    client.post(reverse("cycle:confirm", kwargs={"round_id": round.pk}))
    membership = RoundMembership.objects.get(round=round, person=council.officer)
    assert membership.state == MembershipState.CONFIRMED
    assert "Return made" in client.get(mine).content.decode()
    assert "Make your annual return" not in client.get(reverse("home")).content.decode()


def test_a_nil_return_with_live_declarations_warns_and_lists_them(council: Council) -> None:
    gift = declare_gift(council.officer)
    round = open_round(council)
    client = signed_in(council.officer)
    url = reverse("cycle:nil_return", kwargs={"round_id": round.pk})
    page = client.get(url).content.decode()
    assert 'id="nil-warning"' in page
    assert gift.reference in page
    response = client.post(url, {"token": "not-a-token"})
    assert "Confirm that you have nothing to declare" in response.content.decode()
    response = client.post(url, {"token": "6a0b3c1e-0000-4000-8000-000000000001", "confirm": "yes"})
    assert response.status_code == 302
    membership = RoundMembership.objects.get(round=round, person=council.officer)
    assert membership.state == MembershipState.NIL_RETURN


def test_nil_return_without_declarations_has_no_warning(council: Council) -> None:
    round = open_round(council)
    page = (
        signed_in(council.stranger)
        .get(reverse("cycle:nil_return", kwargs={"round_id": round.pk}))
        .content.decode()
    )
    assert 'id="nil-warning"' not in page


def test_a_manager_sees_only_their_team_outstanding(council: Council) -> None:
    round = open_round(council)
    page = (
        signed_in(council.manager)
        .get(reverse("cycle:team", kwargs={"round_id": round.pk}))
        .content.decode()
    )
    assert "Officer" in page and "Contractor" in page
    assert "Stranger" not in page
    head_page = (
        signed_in(council.head)
        .get(reverse("cycle:team", kwargs={"round_id": round.pk}))
        .content.decode()
    )
    assert "Manager" in head_page  # reports to the head, and works in the service they head


def test_someone_not_in_the_round_is_told_it_does_not_exist(council: Council) -> None:
    round = open_round(council)
    late = make_person("late", service=council.housing)
    response = signed_in(late).get(reverse("cycle:mine", kwargs={"round_id": round.pk}))
    assert response.status_code == 404


def test_the_settings_page_saves_reminder_days(council: Council) -> None:
    client = signed_in(council.mo)
    response = client.post(
        reverse("cycle:settings"),
        {
            "reminder_days": "21, 7, 1",
            "escalation_days": "2, 9, 16",
            "refresher_years": "2",
            "induction_days": "21",
            "induction_officer_days": "10",
        },
    )
    assert response.status_code == 302
    assert reminder_days(cycle_settings()) == (21, 7, 1)
    assert cycle_settings().induction_days == 21
    assert cycle_settings().induction_officer_days == 10
    bad = client.post(
        reverse("cycle:settings"),
        {
            "reminder_days": "7, x",
            "escalation_days": "9, 2, 16",
            "refresher_years": "2",
            "induction_days": "28",
            "induction_officer_days": "0",
        },
    ).content.decode()
    assert "Enter whole numbers of days" in bad
    assert "Each step must come later" in bad
    assert "Enter a number of days from 1 to 90" in bad
    assert cycle_settings().induction_officer_days == 10
