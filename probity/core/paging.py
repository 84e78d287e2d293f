"""Pages of long lists without counting every row.

A register of half a million entries cannot be counted exactly on every page view: the count
alone reads every row. ``CappedPaginator`` counts only as far as it needs to (a few thousand rows
past the page asked for) and says "more than N" beyond that. Deep pages are read through an index
that serves the list's order, so page 500 costs about what its offset costs to walk.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

#: Rows counted at least; a list longer than this shows "more than" its count.
COUNT_CAP = 5000
#: Pages beyond the one asked for that are counted, so "Next" and nearby numbers are right.
PAGES_AHEAD = 5


def page_number(value: object) -> int:
    """The page asked for in a query string, 1 when missing or nonsense."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 10_000_000))


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator whose count stops at a cap that grows with the page asked for.

    ``exact`` says whether ``count`` is the real number of rows. When it is not, ``count`` is
    the number of rows counted (the list has at least one more) and the last page is unknown.
    """

    def __init__(
        self,
        object_list: Sequence[Any] | Any,
        per_page: int,
        *,
        wanted_page: int = 1,
        cap: int | None = None,
        narrow: bool = False,
    ) -> None:
        super().__init__(object_list, per_page)
        cap = COUNT_CAP if cap is None else cap
        self.limit = max(cap, (wanted_page + PAGES_AHEAD) * per_page)
        self.wanted_page = wanted_page
        self.narrow = narrow

    @cached_property
    def _window(self) -> list[Any]:
        """With ``narrow``: the primary keys from the first row of the page asked for to the last
        row counted, in one query that reads no more than the keys. It both counts and finds the
        page, so a deep page walks its offset once, not once to count and once to read."""
        if not self.narrow:
            return []
        rows: Any = self.object_list
        start = (self.wanted_page - 1) * self.per_page
        return list(rows.values_list("pk", flat=True)[start : self.limit + 1])

    @cached_property
    def _counted(self) -> int:
        if self._window:
            return (self.wanted_page - 1) * self.per_page + len(self._window)
        rows: Any = self.object_list
        return int(rows[: self.limit + 1].count())

    def page_keys(self, number: int) -> list[Any]:
        """The primary keys of a page's rows, in order (for ``narrow`` paginators)."""
        if number == self.wanted_page and self._window:
            return self._window[: self.per_page]
        rows: Any = self.object_list
        bottom = (number - 1) * self.per_page
        return list(rows.values_list("pk", flat=True)[bottom : bottom + self.per_page])

    @cached_property
    def exact(self) -> bool:
        return self._counted <= self.limit

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    def page_numbers(self, number: int) -> list[object]:
        """Numbers for the pagination links: as Django elides them when the count is exact;
        otherwise the first page, the pages around this one and an ellipsis for "more"."""
        if self.exact:
            return list(self.get_elided_page_range(number, on_each_side=2, on_ends=1))
        last_known = self.num_pages
        numbers: list[object] = [1] if number > 4 else []
        if number > 4:
            numbers.append(self.ELLIPSIS)
        numbers.extend(range(max(1, number - 2), min(last_known, number + 2) + 1))
        numbers.append(self.ELLIPSIS)
        return numbers


def capped_page(
    rows: Any, per_page: int, requested: object, *, cap: int | None = None, narrow: bool = False
) -> tuple[Page[Any], CappedPaginator]:
    """The page asked for (the last counted page when it is beyond the end). With ``narrow`` the
    rows must be a queryset: read the page's rows with ``rows_of_page``."""
    wanted = page_number(requested)
    paginator = CappedPaginator(rows, per_page, wanted_page=wanted, cap=cap, narrow=narrow)
    try:
        page = paginator.page(wanted)
    except (EmptyPage, PageNotAnInteger):
        page = paginator.page(paginator.num_pages)
    return page, paginator


def rows_of_page(
    rows: Any, paginator: CappedPaginator, page: Page[Any], *, whole: Any = None
) -> list[Any]:
    """A narrow paginator's page, whole: its keys first (``page_keys``), then those rows with
    everything the page shows, in the same order.

    ``whole`` reads the rows by key (``rows`` when not given): a queryset with what the page
    shows but without the list's filters, which the keys have already met, so a costly filter
    (a search) is not worked out twice."""
    keys = paginator.page_keys(page.number)
    source = rows if whole is None else whole
    found = {row.pk: row for row in source.filter(pk__in=keys)} if keys else {}
    listed = [found[key] for key in keys if key in found]
    page.object_list = listed  # so a template reading the page reads these, not a new query
    return listed
