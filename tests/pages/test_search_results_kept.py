"""A results page keeps its results as one fragment (pages/search.py `results_key`): the next visitor
with the same words reads none of the shown documents, a typo with a near-certain correction shares
the correction's results, and words the portal does not know are never kept."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .helpers import get

pytestmark = pytest.mark.django_db

# The shown documents are read with their texts: what a kept fragment spares.
DOCUMENT_TEXTS = '"core_searchdocument"."body"'


def _fragments() -> int:
    return sum(":fragment:" in key for key in cache._cache)  # locmem in tests


def _reads_documents(client, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return any(DOCUMENT_TEXTS in query["sql"] for query in queries.captured_queries)


def test_kept_results_read_no_documents_and_a_typo_shares_its_corrections(client, precomputed):
    first = get(client, "/zoeken/?q=eenzaamheid")

    assert not _reads_documents(client, "/zoeken/?q=eenzaamheid")
    assert get(client, "/zoeken/?q=eenzaamheid") == first
    assert "<mark>" in first
    # "eenzaamhied" shows the results of "eenzaamheid": the same fragment.
    assert not _reads_documents(client, "/zoeken/?q=eenzaamhied")
    # Another language draws its own.
    assert _reads_documents(client, "/en/zoeken/?q=eenzaamheid")


def test_results_with_words_the_portal_does_not_know_are_never_kept(client, precomputed):
    # Numbers are in the texts but not in the vocabulary: words the portal does not know that still
    # find results, as any number a visitor types would.
    get(client, "/zoeken/?q=eenzaamheid%202019")
    kept = _fragments()

    for number in ("2015", "2018", "2020"):
        assert "<mark>" in get(client, f"/zoeken/?q=eenzaamheid%20{number}")
    assert _fragments() == kept


def test_rebuilding_the_index_moves_the_content_version(committed):
    """After `rebuild_search_index` (a restore, SQL by hand) pages and values kept under the old
    version, the vocabulary for typos among them, must not be served."""
    from django.core.management import call_command

    from core import content_version

    before = content_version.current().token
    with committed():
        call_command("rebuild_search_index", stdout=None)
    assert content_version.current().token != before
