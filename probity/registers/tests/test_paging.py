"""Capped counting: pages of long lists without reading every row."""

from __future__ import annotations

import pytest

from probity.core.paging import CappedPaginator, capped_page, page_number, rows_of_page
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


@pytest.mark.parametrize(
    ("total", "cap", "asked"),
    [
        (0, 10, "1"),  # nothing at all
        (12, 10, "1"),
        (12, 10, "3"),  # the last, short page
        (12, 10, "50"),  # past the end: the last page
        (40, 10, "2"),  # counted only as far as the cap
        (40, 10, "7"),  # deeper than the cap
        (40, 20, "8"),  # the very last page, beyond the cap
    ],
)
def test_a_narrow_page_is_the_same_page_read_in_two_steps(total: int, cap: int, asked: str) -> None:
    directorates(total)
    rows = Directorate.objects.order_by("-name")
    plain, plain_paginator = capped_page(rows, 5, asked, cap=cap)
    narrow, narrow_paginator = capped_page(rows, 5, asked, cap=cap, narrow=True)
    assert narrow.number == plain.number
    assert (narrow_paginator.count, narrow_paginator.exact) == (
        plain_paginator.count,
        plain_paginator.exact,
    )
    assert rows_of_page(rows, narrow_paginator, narrow) == list(plain.object_list)


def test_a_narrow_page_counts_and_finds_its_rows_in_one_query(
    django_assert_num_queries: object,
) -> None:
    directorates(40)
    rows = Directorate.objects.order_by("name")
    with django_assert_num_queries(2):  # type: ignore[operator]
        page, paginator = capped_page(rows, 5, "6", cap=10, narrow=True)
        found = rows_of_page(rows, paginator, page)
        assert paginator.count == 40 and len(found) == 5
