"""Precision of the site search on 30 queries (tests/pages/search_precision_queries.json): of the
first ten documents a query finds (with its word parts and plurals, issue 23), how many hold what it
asks for (the query's `relevant` pattern in the document's title, tags or text, case aside). The same
on both databases; `pytest -s` prints the table."""

import json
import re
from pathlib import Path

import pytest

from core.models import SearchDocument
from core.search import find, parse_query

QUERIES = json.loads((Path(__file__).parent / "search_precision_queries.json").read_text())
TOP = 10
MIN_PRECISION = 0.9


def _precision(query, relevant):
    parsed = parse_query(query)
    if not parsed.unknown:
        searched, alternatives = parsed.searched, parsed.alternatives
    else:
        # As the page does for a near-certain correction of a word that finds nothing.
        corrected = parse_query(parsed.suggestion)
        searched, alternatives = corrected.searched, corrected.alternatives
    hits = find(searched, alternatives)
    top = SearchDocument.objects.in_bulk([hit.id for hit in hits[:TOP]])
    pattern = re.compile(relevant, re.IGNORECASE)
    good = sum(1 for document in top.values() if pattern.search(f"{document.title} {document.tags} {document.body}"))
    return len(hits), good, len(top)


@pytest.mark.django_db
def test_precision_at_ten_on_thirty_queries():
    rows = [(entry["q"], *_precision(entry["q"], entry["relevant"])) for entry in QUERIES]
    assert len(rows) == 30
    print(f"\n| query | hits | relevant of first {TOP} | precision |\n| --- | --- | --- | --- |")
    for query, hits, good, shown in rows:
        print(f"| {query} | {hits} | {good}/{shown} | {good / shown if shown else 0:.2f} |")
    assert all(shown for _query, _hits, _good, shown in rows), "a query of the set finds nothing"
    mean = sum(good / shown for _q, _h, good, shown in rows) / len(rows)
    print(f"mean precision@{TOP}: {mean:.3f}")
    assert mean >= MIN_PRECISION
