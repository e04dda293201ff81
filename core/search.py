"""Text search that uses PostgreSQL's Dutch full-text search where it can, with a plain fallback.

On PostgreSQL a query is stemmed with the `dutch` configuration ('trainingen' finds 'training'),
ranked, and served by the GIN indexes that the migrations create on exactly these expressions. On
SQLite, which has no stemming, every word of the query must occur in one of the fields. Both
return the same kind of queryset, so callers do not care which database runs underneath.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "dutch"
MAX_QUERY_LENGTH = 200

# Private-use characters cannot occur in the report's text, so they mark highlights safely
# through PostgreSQL's headline function; the text is escaped before they become <mark> tags.
_MARK_START = "\ue000"
_MARK_END = "\ue001"


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_vector(*fields: str) -> SearchVector:
    return SearchVector(*fields, config=SEARCH_CONFIG)


def query_words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1][:10]


def filter_by_text(queryset, fields: tuple[str, ...], query: str):
    """Keep the rows matching `query`, best first on PostgreSQL."""
    if uses_full_text_search():
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        vector = search_vector(*fields)
        # Filtering on `@@` (not on the rank) is what lets PostgreSQL use the GIN index.
        return (
            queryset.annotate(search_document=vector, search_rank=SearchRank(vector, search_query))
            .filter(search_document=search_query)
            .order_by("-search_rank", "pk")
        )
    words = query_words(query)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).annotate(search_rank=Value(1.0)).order_by("pk")


def with_headline(queryset, field: str, query: str):
    """Annotate `headline_source`: the field's text with matches wrapped in private markers."""
    if uses_full_text_search():
        return queryset.annotate(
            headline_source=SearchHeadline(
                field,
                SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch"),
                config=SEARCH_CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    return queryset.annotate(headline_source=F(field))


def highlight(text: str, query: str, length: int = 240) -> str:
    """HTML-safe excerpt of `text` with the query's matches in <mark>.

    Text from PostgreSQL already carries match markers; for SQLite the words are marked here. Either
    way the text is escaped first, so nothing a user typed or a researcher entered becomes markup.
    """
    if _MARK_START not in text:
        words = query_words(query)
        if words:
            pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
            first = pattern.search(text)
            if first and len(text) > length:
                start = max(0, first.start() - length // 3)
                text = ("…" if start else "") + text[start : start + length] + "…"
            text = pattern.sub(lambda match: f"{_MARK_START}{match.group(0)}{_MARK_END}", text)
        elif len(text) > length:
            text = text[:length] + "…"
    html = escape(text).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added
