"""A paginator for directories of 100,000 rows: a remembered count and deep pages as fast as the first.

- The count is kept in the shared cache per query and per content version (core.cache), so it is
  computed once per change of content, not once per request, and never outlives an edit. A
  directory names its query by its validated filter values (``query_key``, from
  ``core.cache.normalise_query``'s ``cleaned``); without one the key is the SQL with its parameters, which
  costs a compilation of the query on every request.
- A page is fetched as ``WHERE id IN (SELECT id … ORDER BY … LIMIT 20 OFFSET n)``: the OFFSET walks
  the narrow sort index (an index-only scan) instead of building and discarding n full rows with
  their joins, and the outer query fetches and joins just the 20 rows. Still two queries per page
  (count, rows) — or one on a warm cache.
- A directory's page rows (with the rows they select or prefetch) are remembered the same way as the
  count, under the same validated filter values plus the language and the page number (``query_key``): a page
  that was fetched since the last change of content costs no query and no compilation. Like the
  count and the cards, they never outlive an edit (the content version moves on) nor
  ``PAGE_CACHE_SECONDS``.
- Such a page's rows are known first by their identities (``row_identity``: model, id, ``updated_at``),
  which is all the cached cards and fragments of the page are keyed on (``PageRows``): with every card
  in the cache, the rows themselves are never read, neither from the database nor unpickled from the
  cache (a page of enterprises is about a hundred model instances with what they select).
"""

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import get_language

from core.cache import cached_value


def row_identity(row) -> tuple:
    """(model label, id, ``updated_at`` as a timestamp or ""): what a cached card of `row` is keyed on."""
    updated = row.updated_at.timestamp() if getattr(row, "updated_at", None) else ""
    return (row._meta.label_lower, row.pk, updated)


class PageRows(Sequence):
    """A page's rows, known by their identities; the rows themselves are read (``load()``) the first
    time something needs more than an identity: a card to render, a row to serialize."""

    def __init__(self, load, identities=None):
        self._load = load
        self._rows = None
        self.identities = identities

    @property
    def rows(self) -> list:
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def __len__(self):
        return len(self.identities) if self.identities is not None else len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)


class FastPaginator(Paginator):
    def __init__(self, *args, query_key: tuple | None = None, count_cap: int | None = None, **kwargs):
        """`query_key`: what the rows depend on (the list's view and its validated filter values).
        `count_cap`: count at most this many rows (bounded work whatever the table's size), and page
        through only those; ``capped`` says whether there were more."""
        super().__init__(*args, **kwargs)
        self.query_key = query_key
        self.count_cap = count_cap

    @cached_property
    def capped(self) -> bool:
        return self.count_cap is not None and self._count_up_to_cap > self.count_cap

    @cached_property
    def _count_up_to_cap(self) -> int:
        queryset = self.object_list.order_by().values("pk")[: self.count_cap + 1]
        return cached_value("count-capped", (queryset.db, *self.query_key, self.count_cap), queryset.count)

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        if self.count_cap is not None and self.query_key is not None:
            return min(self._count_up_to_cap, self.count_cap)
        if self.query_key is not None:
            return cached_value("count", (queryset.db, *self.query_key), queryset.count)
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # e.g. .none() after an invalid filter: nothing to count
            return 0
        return cached_value("count", (queryset.db, sql, params), queryset.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return self._get_page(queryset[bottom:top], number, self)
        rows = queryset[bottom:top] if bottom == 0 else queryset.filter(pk__in=queryset.values("pk")[bottom:top])
        if self.query_key is not None:
            # Per language too: the name sort orders by the displayed name.
            key = (queryset.db, get_language() or "", *self.query_key, number, bottom, top)
            selected = rows
            rows = PageRows(lambda: cached_value("page-rows", key, lambda: list(selected)))
            rows.identities = cached_value("page-ids", key, lambda: [row_identity(row) for row in rows.rows])
        return self._get_page(rows, number, self)
