"""Sortable table columns, sorted on the server: `?sorteer=naam` or `?sorteer=-naam` (descending).

Each header is a link that keeps the rest of the query (filters) and starts again at page 1, and says
how the table is sorted with aria-sort. An unknown value is ignored: the default order, never a 500.
"""

from dataclasses import dataclass

from django.utils.http import urlencode

from . import page_cache

SORT_PARAM = "sorteer"
PAGE_PARAM = "pagina"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    ordering: tuple[str, ...]
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"
    numeric: bool

    @property
    def arrow(self):
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "")


class TableSort:
    def __init__(self, query, columns: list[Column], default: str):
        self.query = query
        self.columns = {column.key: column for column in columns}
        raw = str(query.get(SORT_PARAM, "")).strip()
        key = raw.removeprefix("-")
        self.valid = key in self.columns
        if raw and not self.valid:
            page_cache.not_stored()  # shown in the default order, so not the page its address names
        self.key = key if self.valid else default.removeprefix("-")
        self.descending = raw.startswith("-") if self.valid else default.startswith("-")

    @property
    def ordering(self) -> list[str]:
        fields = self.columns[self.key].ordering
        if not self.descending:
            return list(fields)
        # Only the column's own field turns round; the tie-breakers (the name) stay A to Z.
        return [f"-{fields[0]}", *fields[1:]]

    def _url(self, value):
        params = [(k, v) for k, v in self.query.lists() for v in v if k not in (SORT_PARAM, PAGE_PARAM)]
        return "?" + urlencode([*params, (SORT_PARAM, value)])

    def headers(self) -> list[Header]:
        headers = []
        for key, column in self.columns.items():
            current = key == self.key
            aria = ("descending" if self.descending else "ascending") if current else "none"
            # A click on the current column turns it round; on another, it sorts that one ascending.
            value = key if not current or self.descending else f"-{key}"
            headers.append(Header(column.label, self._url(value), aria, column.numeric))
        return headers

    def page_query(self) -> str:
        """The query the pagination links keep (filters and this order), without the page number."""
        return urlencode([(k, v) for k, v in self.query.lists() for v in v if k != PAGE_PARAM])
