"""The annual review: a frozen snapshot with its digest, findings, three sign-offs, the check."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.models import AuditEvent
from probity.declarations import services as declaring
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.oversight import services
from probity.oversight.models import AnnualReview
from probity.oversight.review_selectors import review_panel
from probity.oversight.snapshot import build_snapshot, canonical_json, digest_of, frozen
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office, make_person

NOW = dt.datetime(2027, 6, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def board(council: Council) -> dict[str, Person]:
    ce = make_person("ce", service=council.planning, full_name="Chief Executive Person")
    s151 = make_person("s151", service=council.planning, full_name="Finance Person")
    hold_office(ce, OfficeKind.CHIEF_EXECUTIVE)
    hold_office(s151, OfficeKind.S151_OFFICER)
    for at in (NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=3)):
        declaring.gift_declare(
            actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=at
        )
    declaring.interest_declare(
        actor=council.officer,
        facts=interest_facts(),
        submission_token=uuid.uuid4(),
        now=NOW - dt.timedelta(days=400),
    )
    return {"ce": ce, "s151": s151, "mo": council.mo, "deputy": council.deputy}


def test_canonical_json_is_one_text_for_one_value() -> None:
    a = canonical_json({"b": 1, "a": {"y": "é", "x": [2, 1]}})
    b = canonical_json({"a": {"x": [2, 1], "y": "é"}, "b": 1})
    assert a == b == '{"a":{"x":[2,1],"y":"é"},"b":1}'
    assert digest_of(a) == digest_of(b)
    assert len(digest_of(a)) == 64
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_snapshot_holds_figures_and_no_names(board: dict[str, Person], council: Council) -> None:
    data = build_snapshot(as_of=NOW)
    assert data["registers"]["gift_hospitality"]["total"] == 2
    assert data["registers"]["personal_interest"]["total"] == 1
    assert data["gifts"] == {"accepted": 0, "declined": 2, "accepted_value": "0.00"}
    assert data["red_flags"]["interests_not_reconfirmed"] == 1
    text = canonical_json(data)
    assert council.officer.full_name not in text
    assert "Acme" not in text


def test_snapshot_ignores_what_was_declared_later(
    board: dict[str, Person], council: Council
) -> None:
    text, digest = frozen(as_of=NOW)
    declaring.gift_declare(
        actor=council.officer,
        facts=gift_facts(),
        submission_token=uuid.uuid4(),
        now=NOW + dt.timedelta(days=1),
    )
    assert frozen(as_of=NOW) == (text, digest)


def test_the_whole_review(board: dict[str, Person], council: Council) -> None:
    review = services.review_open(actor=board["mo"], now=NOW)
    assert review.digest == digest_of(review.snapshot)
    assert json.loads(review.snapshot)["as_of"] == NOW.isoformat()
    with pytest.raises(ValidationError):
        services.review_open(actor=board["mo"], now=NOW)  # one open review at a time
    services.finding_add(
        review=review,
        actor=board["ce"],
        finding="Few gifts declared in Planning.",
        action="Remind Planning staff.",
        owner="Head of Governance",
        due_on=dt.date(2027, 9, 1),
        now=NOW,
    )
    services.sign_off(review=review, actor=board["ce"], office="chief_executive", now=NOW)
    with pytest.raises(ValidationError, match="already signed"):
        services.sign_off(review=review, actor=board["ce"], office="chief_executive", now=NOW)
    with pytest.raises(ValidationError, match="findings can no longer change"):
        services.finding_add(
            review=review,
            actor=board["s151"],
            finding="Late",
            action="None",
            owner="Nobody",
            due_on=dt.date(2027, 9, 1),
            now=NOW,
        )
    services.sign_off(review=review, actor=board["s151"], office="s151_officer", now=NOW)
    signed = services.sign_off(
        review=review, actor=board["deputy"], office="monitoring_officer", now=NOW
    )
    assert signed.role == HoldingRole.DEPUTY
    review.refresh_from_db()
    assert not review.is_open
    assert review.completed_at == NOW
    actions = list(
        AuditEvent.objects.filter(target_type="oversight.annualreview").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "annual_review.opened",
        "annual_review.finding_added",
        "annual_review.signed_off",
        "annual_review.signed_off",
        "annual_review.signed_off",
    ]


def test_only_the_monitoring_officer_opens_a_review(
    board: dict[str, Person], council: Council
) -> None:
    with pytest.raises(PermissionDenied):
        services.review_open(actor=board["ce"], now=NOW)
    with pytest.raises(PermissionDenied):
        services.review_open(actor=council.officer, now=NOW)


def test_one_person_holding_two_offices_signs_once(
    board: dict[str, Person], council: Council
) -> None:
    hold_office(board["mo"], OfficeKind.S151_OFFICER, role=HoldingRole.DEPUTY)
    review = services.review_open(actor=board["mo"], now=NOW)
    services.sign_off(review=review, actor=board["mo"], office="monitoring_officer", now=NOW)
    with pytest.raises(ValidationError, match="another office"):
        services.sign_off(review=review, actor=board["mo"], office="s151_officer", now=NOW)
    with pytest.raises(ValidationError, match="do not hold"):
        services.sign_off(review=review, actor=council.officer, office="chief_executive", now=NOW)


def test_verify_says_whether_the_data_changed(board: dict[str, Person], council: Council) -> None:
    review = services.review_open(actor=board["mo"], now=NOW)
    assert services.review_verify(review=review, actor=board["ce"], now=NOW).matches
    # A later correction of a reviewed entry changes the registers as reviewed.
    from probity.declarations.models import Declaration

    gift = Declaration.objects.filter(kind="gift_hospitality").order_by("submitted_at").first()
    assert gift is not None
    later = NOW + dt.timedelta(days=1)
    declaring.declaration_withdraw(
        actor=council.officer,
        viewer=viewer_for_person(person=council.officer, today=later.date()),
        declaration=gift,
        reason="Made in error",
        now=later,
    )
    check = services.review_verify(review=review, actor=board["ce"], now=NOW + dt.timedelta(days=2))
    assert not check.matches
    assert check.digest_now != review.digest


def test_review_pages_and_pdf(
    board: dict[str, Person], council: Council, django_assert_max_num_queries: Any
) -> None:
    mo = signed_in(board["mo"])
    with clock.frozen(NOW):
        opened = mo.post(reverse("oversight:reviews"))
    review = AnnualReview.objects.get()
    assert opened.status_code == 302
    url = reverse("oversight:review", kwargs={"review_id": review.pk})
    ce = signed_in(board["ce"])
    with clock.frozen(NOW), django_assert_max_num_queries(25):
        page = ce.get(url)
    html = page.content.decode()
    assert review.digest in html
    assert "Sign off as Chief Executive" in html
    with clock.frozen(NOW):
        added = ce.post(
            reverse("oversight:review_finding", kwargs={"review_id": review.pk}),
            {
                "finding": "Few gifts declared",
                "action": "Remind staff",
                "owner": "Head of Governance",
                "due_on_0": "1",
                "due_on_1": "9",
                "due_on_2": "2027",
            },
        )
        assert added.status_code == 302, added.content.decode()[:2000]
        signed = ce.post(
            reverse("oversight:review_sign", kwargs={"review_id": review.pk}),
            {"office": "chief_executive"},
        )
        assert signed.status_code == 302
        again = ce.get(url).content.decode()
        assert "Signed off by Chief Executive Person" in again
        assert "Sign off as Chief Executive" not in again
        checked = ce.post(reverse("oversight:review_verify", kwargs={"review_id": review.pk}))
        assert checked.status_code == 302
        pdf = ce.get(reverse("oversight:review_pdf", kwargs={"review_id": review.pk}))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert signed_in(council.officer).get(url).status_code == 403
    assert (
        ce.get(reverse("oversight:review_sign", kwargs={"review_id": review.pk})).status_code == 405
    )


def test_home_page_shows_when_the_next_review_is_due(
    board: dict[str, Person], council: Council, django_assert_max_num_queries: Any
) -> None:
    today = NOW.date()
    viewer = viewer_for_person(person=board["ce"], today=today)
    panel = review_panel(viewer=viewer, today=today)
    assert panel is not None and panel.due_on == today and panel.overdue
    assert (
        review_panel(viewer=viewer_for_person(person=council.officer, today=today), today=today)
        is None
    )
    review = services.review_open(actor=board["mo"], now=NOW)
    for who, office in (
        (board["ce"], "chief_executive"),
        (board["s151"], "s151_officer"),
        (board["mo"], "monitoring_officer"),
    ):
        services.sign_off(review=review, actor=who, office=office, now=NOW)
    panel = review_panel(viewer=viewer, today=today)
    assert panel is not None and panel.due_on == dt.date(2028, 6, 15) and not panel.overdue
    client = signed_in(board["s151"])
    with clock.frozen(NOW):
        html = client.get(reverse("home")).content.decode()
    assert "The next annual review of the registers is due by 15 June 2028" in html


def test_reports_are_tagged_pdfs_showing_the_digest(board: dict[str, Person]) -> None:
    from django.test import RequestFactory

    from probity.conduct.pdf import html_to_pdf
    from probity.oversight.views import _review_html

    review = services.review_open(actor=board["mo"], now=NOW)
    request = RequestFactory().get("/")
    html = _review_html(request, review, for_pdf=True)
    assert review.digest in html
    assert '<html lang="en-GB">' in html
    pdf = html_to_pdf(html, compress=False)
    assert b"/StructTreeRoot" in pdf
    assert b"/Lang (en-GB)" in pdf or b"/Lang(en-GB)" in pdf


def test_reviews_are_never_deleted_on_postgresql(board: dict[str, Person]) -> None:
    from django.db import connection, transaction
    from django.db.utils import DatabaseError

    if connection.vendor != "postgresql":
        pytest.skip("The triggers are PostgreSQL's")
    review = services.review_open(actor=board["mo"], now=NOW)
    with pytest.raises(DatabaseError), transaction.atomic():
        AnnualReview.objects.filter(pk=review.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AnnualReview.objects.filter(pk=review.pk).update(digest="0" * 64)
