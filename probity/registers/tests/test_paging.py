"""Capped counting: pages of long lists without reading every row."""

from __future__ import annotations

import pytest

from probity.core.paging import CappedPaginator, capped_page, page_number
from probity.people.models import Directorate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 1), ("", 1), ("x", 1), ("0", 1), ("-4", 1), ("3", 3), ("99999999999", 10_000_000)],
)
def test_page_number_reads_nonsense_as_the_first_page(value: object, expected: int) -> None:
    assert page_number(value) == expected


def directorates(n: int) -> None:
    Directorate.objects.bulk_create(Directorate(name=f"Directorate {i:03}") for i in range(n))


def test_a_short_list_is_counted_exactly() -> None:
    directorates(12)
    page, paginator = capped_page(Directorate.objects.order_by("name"), 5, "3", cap=100)
    assert paginator.exact and paginator.count == Directorate.objects.count()
    assert [d.name for d in page.object_list][-1] == Directorate.objects.order_by(
        "name"
    ).last().name  # type: ignore[union-attr]


def test_a_long_list_is_counted_up_to_the_cap_and_says_there_is_more() -> None:
    directorates(40)
    paginator = CappedPaginator(Directorate.objects.order_by("name"), 5, cap=20)
    assert not paginator.exact
    assert paginator.count == paginator.limit == 30  # the cap, or five pages past the first
    page = paginator.page(4)
    assert page.has_next()
    assert paginator.page_numbers(4)[-1] == paginator.ELLIPSIS


def test_the_count_reaches_as_far_as_the_page_asked_for() -> None:
    directorates(40)
    page, _ = capped_page(Directorate.objects.order_by("name"), 5, "7", cap=10)
    assert page.number == 7
    assert len(page.object_list) == 5


def test_a_page_past_the_end_shows_the_last_page() -> None:
    directorates(12)
    page, paginator = capped_page(Directorate.objects.order_by("name"), 5, "50", cap=10)
    assert paginator.exact
    assert page.number == 3
    assert len(page.object_list) == 2
