"""Closing a round: who may, when, what it records, and that nothing more happens for it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.models import AuditEvent
from probity.cycle.choices import MembershipState, NoticeKind, PopulationScope, ReviewOutcome
from probity.cycle.daily import cycle_daily, rounds_active
from probity.cycle.models import Notice, Round, RoundMembership
from probity.cycle.rules import Population
from probity.cycle.services import (
    RoundRefused,
    interest_review,
    return_confirm,
    return_nil,
    round_close,
)
from probity.cycle.tests.helpers import DEADLINE, NOW, at, declare_interest, open_round
from probity.people.selectors import viewer_for_person

pytestmark = pytest.mark.django_db
BASE = "https://probity.example"
AFTER = at(DEADLINE + dt.timedelta(days=2), hour=10)
BEFORE = at(DEADLINE - dt.timedelta(days=10), hour=10)

Capture = Callable[..., Any]


def membership(round: Round, username: str) -> RoundMembership:
    return RoundMembership.objects.get(round=round, person__user__username=username)


def test_closing_after_the_deadline_records_who_did_not_make_their_return(
    council: Council,
) -> None:
    round = open_round(council)
    return_confirm(actor=council.officer, membership=membership(round, "officer"), now=NOW)
    events = AuditEvent.objects.count()
    closed = round_close(actor=council.mo, round=round, now=AFTER)
    assert closed.closed_at == AFTER
    assert closed.closed_by == council.mo
    assert closed.close_reason == ""
    assert closed.not_made_count == 7
    states = dict(
        RoundMembership.objects.filter(round=round).values_list("person__user__username", "state")
    )
    assert states.pop("officer") == MembershipState.CONFIRMED
    assert set(states.values()) == {MembershipState.NOT_MADE}
    assert RoundMembership.objects.filter(round=round).count() == 8  # nothing removed
    # One audit event, written with the change.
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("seq")
    assert event.action == "round.closed"
    assert "7 of 8 returns were not made" in event.summary


def test_closing_on_the_deadline_needs_no_reason(council: Council) -> None:
    round = open_round(council)
    closed = round_close(actor=council.mo, round=round, now=at(DEADLINE, hour=12))
    assert closed.is_closed


def test_closing_before_the_deadline_needs_a_reason_which_is_kept(council: Council) -> None:
    round = open_round(council)
    with pytest.raises(RoundRefused, match="Enter why"):
        round_close(actor=council.mo, round=round, now=BEFORE)
    assert not Round.objects.get(pk=round.pk).is_closed
    assert RoundMembership.objects.filter(state=MembershipState.NOT_MADE).count() == 0
    closed = round_close(
        actor=council.mo, round=round, reason="  Opened for the wrong people  ", now=BEFORE
    )
    assert closed.close_reason == "Opened for the wrong people"
    assert "before its deadline" in AuditEvent.objects.latest("seq").summary


def test_a_round_is_closed_once(council: Council) -> None:
    round = open_round(council)
    round_close(actor=council.mo, round=round, now=AFTER)
    with pytest.raises(RoundRefused, match="already been closed"):
        round_close(actor=council.deputy, round=round, now=AFTER + dt.timedelta(days=1))
    assert Round.objects.get(pk=round.pk).closed_by == council.mo


def test_only_the_monitoring_officer_or_a_deputy_closes_a_round(council: Council) -> None:
    round = open_round(council)
    for person in (council.officer, council.head, council.auditor):
        with pytest.raises(PermissionDenied):
            round_close(actor=person, round=round, now=AFTER)
    assert not Round.objects.get(pk=round.pk).is_closed
    assert round_close(actor=council.deputy, round=round, now=AFTER).closed_by == council.deputy


def test_no_return_can_be_made_for_a_closed_round(council: Council) -> None:
    declaration = declare_interest(council.officer)
    round = open_round(council)
    round_close(actor=council.mo, round=round, now=AFTER)
    later = AFTER + dt.timedelta(hours=1)
    with pytest.raises(RoundRefused, match="has closed"):
        return_confirm(actor=council.manager, membership=membership(round, "manager"), now=later)
    with pytest.raises(RoundRefused, match="has closed"):
        return_nil(
            actor=council.manager,
            membership=membership(round, "manager"),
            submission_token=uuid.uuid4(),
            now=later,
        )
    with pytest.raises(RoundRefused, match="has closed"):
        interest_review(
            actor=council.officer,
            viewer=viewer_for_person(person=council.officer, today=later.date()),
            membership=membership(round, "officer"),
            declaration=declaration,
            outcome=ReviewOutcome.CURRENT,
            now=later,
        )
    assert membership(round, "manager").state == MembershipState.NOT_MADE


def test_the_daily_run_sends_nothing_for_a_closed_round(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    round = open_round(council)
    closed_early = BEFORE - dt.timedelta(days=30)  # before any reminder
    round_close(actor=council.mo, round=round, reason="Started again", now=closed_early)
    assert rounds_active(today=DEADLINE) == []
    day = NOW.date()
    while day <= DEADLINE + dt.timedelta(days=20):
        with clock.frozen(at(day)), django_capture_on_commit_callbacks(execute=True):
            result = cycle_daily(now=clock.now(), base_url=BASE)
        assert (result.reminded, result.digests, result.escalated) == (0, 0, 0)
        day += dt.timedelta(days=1)
    assert not Notice.objects.filter(round=round).exists()
    assert not [m for m in mail.outbox if "Reminder" in str(m.subject) or "overdue" in m.subject]


def test_closing_between_reminders_stops_the_rest(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    round = open_round(council)
    first = DEADLINE - dt.timedelta(days=30)
    with clock.frozen(at(first)), django_capture_on_commit_callbacks(execute=True):
        assert cycle_daily(now=clock.now(), base_url=BASE).reminded == 8
    round_close(actor=council.mo, round=round, reason="Done on paper", now=at(first, hour=12))
    for day in (DEADLINE - dt.timedelta(days=14), DEADLINE + dt.timedelta(days=1)):
        with clock.frozen(at(day)), django_capture_on_commit_callbacks(execute=True):
            result = cycle_daily(now=clock.now(), base_url=BASE)
        assert (result.reminded, result.digests) == (0, 0)
    assert set(Notice.objects.filter(round=round).values_list("kind", "step")) == {
        (NoticeKind.REMINDER, 30)
    }


def test_another_round_may_be_opened_while_one_is_open(council: Council) -> None:
    first = open_round(council)
    second = open_round(
        council,
        population=Population(PopulationScope.CONTRACTORS),
        now=NOW + dt.timedelta(days=1),
    )
    assert second.member_count == 1
    assert RoundMembership.objects.filter(person=council.contractor).count() == 2
    assert first.member_count == 8
    # Each is made and chased on its own.
    return_confirm(actor=council.contractor, membership=membership(second, "contractor"), now=NOW)
    assert membership(first, "contractor").state == MembershipState.OUTSTANDING
    page = signed_in(council.mo)
    with clock.frozen(NOW + dt.timedelta(days=2)):
        html = page.get(reverse("cycle:open")).content.decode()
    assert 'id="open-rounds"' in html
    assert "Annual return 2027" in html


# The pages ---------------------------------------------------------------------------------------


def test_the_monitoring_officer_confirms_and_closes_from_the_round_page(council: Council) -> None:
    round = open_round(council)
    client = signed_in(council.mo)
    detail = reverse("cycle:detail", kwargs={"round_id": round.pk})
    close = reverse("cycle:close", kwargs={"round_id": round.pk})
    with clock.frozen(AFTER):
        assert f'href="{close}"' in client.get(detail).content.decode()
        confirm = client.get(close).content.decode()
        assert "Are you sure you want to close this round?" in confirm
        assert "the 8 people who have not made their return" in confirm
        assert 'name="reason"' not in confirm  # the deadline has passed: no reason asked
        response = client.post(close, {})
        assert response.status_code == 302
        assert response["Location"] == detail
        page = client.get(detail).content.decode()
    assert 'id="round-closed"' in page
    assert "by Mo" in page
    assert f'href="{close}"' not in page
    assert 'id="total-outstanding">8<' in page
    with clock.frozen(AFTER):
        again = client.get(close)
    assert again.status_code == 302  # already closed: back to the round


def test_closing_early_on_the_page_asks_for_a_reason(council: Council) -> None:
    round = open_round(council)
    client = signed_in(council.deputy)
    close = reverse("cycle:close", kwargs={"round_id": round.pk})
    with clock.frozen(BEFORE):
        page = client.get(close).content.decode()
        assert 'name="reason"' in page
        refused = client.post(close, {"reason": ""})
        assert refused.status_code == 200
        assert "Enter why you are closing the round before its deadline" in refused.content.decode()
        assert not Round.objects.get(pk=round.pk).is_closed
        client.post(close, {"reason": "Replaced by a round for contractors"})
        detail = client.get(reverse("cycle:detail", kwargs={"round_id": round.pk})).content
    assert "Replaced by a round for contractors" in detail.decode()
    assert "by Deputy" in detail.decode()


def test_nobody_else_finds_the_close_page(council: Council) -> None:
    round = open_round(council)
    close = reverse("cycle:close", kwargs={"round_id": round.pk})
    with clock.frozen(AFTER):
        for person in (council.officer, council.head, council.manager):
            client = signed_in(person)
            assert client.get(close).status_code == 404
            assert client.post(close, {}).status_code == 404
    assert not Round.objects.get(pk=round.pk).is_closed


def test_a_person_is_told_the_round_has_closed(council: Council) -> None:
    round = open_round(council)
    round_close(actor=council.mo, round=round, now=AFTER)
    client = signed_in(council.officer)
    with clock.frozen(AFTER):
        page = client.get(reverse("cycle:mine", kwargs={"round_id": round.pk})).content.decode()
        nil = client.get(reverse("cycle:nil_return", kwargs={"round_id": round.pk}))
        confirm = client.post(reverse("cycle:confirm", kwargs={"round_id": round.pk}), follow=True)
        home = client.get(reverse("home")).content.decode()
    assert 'id="return-closed"' in page
    assert "Confirm my declarations are complete" not in page
    assert nil.status_code == 302
    assert "has closed" in confirm.content.decode()
    assert "Make your annual return" not in home
    team = signed_in(council.mo).get(reverse("cycle:team", kwargs={"round_id": round.pk}))
    assert "8 not made" in team.content.decode()
