"""The councillor's home page, the sign-in page's persona list and the README say the same:
a councillor makes no declarations, sees no officers' register, and may inspect the section 117
book in office hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.demo.personas import PERSONAS

pytestmark = pytest.mark.django_db

WEDNESDAY_MORNING = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
SATURDAY = dt.datetime(2027, 3, 6, 10, 0, tzinfo=dt.UTC)


def test_the_councillors_home_page_offers_the_section_117_book(council: Council) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        body = signed_in(council.councillor).get(reverse("home")).content.decode()
    assert reverse("book:inspect") in body
    assert "The book is open now." in body
    assert "do not make declarations" in body
    assert "There is nothing for you to do" not in body


def test_out_of_hours_the_home_page_says_when_the_book_opens(council: Council) -> None:
    with clock.frozen(SATURDAY):
        body = signed_in(council.councillor).get(reverse("home")).content.decode()
    assert "The book is closed now. It next opens on Monday 8 March 2027 at 9:00am." in body


def test_officers_are_not_offered_the_book_on_their_home_page(council: Council) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        body = signed_in(council.officer).get(reverse("home")).content.decode()
    assert reverse("book:inspect") not in body


@override_settings(PROBITY_DEMO=True)
def test_the_sign_in_page_and_readme_agree_on_the_councillor_and_governance(
    council: Council,
) -> None:
    body = Client().get(reverse("login")).content.decode()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    roles = {p.username: p.role for p in PERSONAS}
    for username in ("councillor", "governance"):
        assert f"<code>{username}</code>" in body
        assert f"| `{username}` |" in readme
    assert "section 117 book in office hours" in roles["councillor"]
    assert "section 117 book in office hours" in readme
    assert "makes no declarations" in roles["councillor"]
    assert "Head of Governance" in roles["governance"]
