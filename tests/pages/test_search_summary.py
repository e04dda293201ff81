"""/zoeken/ counts, facets and ranks in SQL and keeps that summary per content version.

The summary must say exactly what counting the ranked hits one by one says (the way the page worked
before national scale), on SQLite and PostgreSQL alike; it must follow every change of the content;
and the page must read only the documents it shows."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus, SearchDocument
from core.search import Narrowing, find, parse_query, summarize
from investments.models import Investment, Theme
from municipalities.models import Municipality
from pages.search import RESULTS_PER_GROUP

pytestmark = pytest.mark.django_db


def _expected(searched, narrowing):
    """The summary counted from every hit in Python, as /zoeken/ did before it moved into SQL."""
    parsed = parse_query(" ".join(searched))
    hits = find(parsed.searched, parsed.alternatives)

    def narrowed(skip):
        return [
            hit
            for hit in hits
            if (skip == "kind" or not narrowing.kind or hit.kind == narrowing.kind)
            and (
                skip == "municipality"
                or narrowing.municipality_id is None
                or str(narrowing.municipality_id) in hit.municipality_ids.split()
            )
            and (skip == "theme" or narrowing.theme_id is None or str(narrowing.theme_id) in hit.theme_ids.split())
        ]

    def ids(field, skip):
        return Counter(int(pk) for hit in narrowed(skip) for pk in getattr(hit, field).split())

    first = {}
    for hit in narrowed(None):
        if len(first.setdefault(hit.kind, [])) < RESULTS_PER_GROUP:
            first[hit.kind].append(hit.id)
    return (
        Counter(hit.kind for hit in narrowed("kind")),
        ids("municipality_ids", "municipality"),
        ids("theme_ids", "theme"),
        first,
    )


@pytest.mark.parametrize("searched", [["compaan"], ["netwerk", "aanpak"], ["eenzaamheid"]])
def test_the_summary_counts_and_ranks_what_the_hits_say(searched):
    assert find(searched), f"{searched} finds nothing: the comparison would prove nothing"
    delft = Municipality.objects.get(slug="delft")
    theme = Theme.objects.get(name="Training en deskundigheidsbevordering")
    for narrow in ("", "kind", "municipality", "theme", "kind+municipality", "municipality+theme", "kind+theme"):
        narrowing = Narrowing(
            kind="investeringen" if "kind" in narrow else "",
            municipality_id=delft.pk if "municipality" in narrow else None,
            theme_id=theme.pk if "theme" in narrow else None,
        )
        kinds, municipalities, themes, first = _expected(searched, narrowing)

        summary = summarize(parse_query(" ".join(searched)), narrowing, RESULTS_PER_GROUP)

        assert +summary.kinds == kinds, narrow
        assert +summary.municipalities == municipalities, narrow
        assert +summary.themes == themes, narrow
        assert summary.first == first, narrow  # the same documents, best first, the best 25 of each kind


def test_a_theme_id_never_matches_a_longer_id_that_contains_it():
    # Ids are stored space-padded; "% 1 %" must not find " 11 " or " 21 ".
    theme = Theme.objects.order_by("pk").first()
    summary = summarize(parse_query("compaan"), Narrowing(theme_id=theme.pk), RESULTS_PER_GROUP)
    shown = SearchDocument.objects.filter(pk__in=[pk for ids in summary.first.values() for pk in ids])
    assert all(f" {theme.pk} " in document.theme_ids for document in shown)


def _summary_queries(queries):
    return [q["sql"] for q in queries.captured_queries if "ROW_NUMBER" in q["sql"]]


def test_the_summary_is_computed_once_per_content_version(client, precomputed, committed):
    client.get("/zoeken/?q=compaan")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/zoeken/?q=compaan").content.decode()
    assert not _summary_queries(queries), "the summary was computed again for the same content"
    investment = Investment.objects.get(
        municipality__slug="haarlemmermeer", slug="seniorentablet-compaan-voor-150-inwoners"
    )
    assert investment.anchor in html

    with committed():
        investment.publication_status = PublicationStatus.DRAFT
        investment.save()
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/zoeken/?q=compaan").content.decode()
    assert _summary_queries(queries), "a change of the content must be searched afresh"
    assert investment.anchor not in html


def test_a_search_reads_only_the_documents_it_shows(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/zoeken/?q=compaan").content.decode()
    groups = re.findall(r'<section aria-labelledby="group-.*?</section>', html, re.DOTALL)
    shown = sum(group.count("<li><a href=") for group in groups)
    assert shown
    document_reads = [q["sql"] for q in queries.captured_queries if 'FROM "core_searchdocument" WHERE' in q["sql"]]
    assert len(document_reads) == 1
    # Exactly the ids on the page, and none of the columns that are searched but never shown.
    ids = re.search(r"IN \(([^)]*)\)", document_reads[0]).group(1).split(",")
    assert len(ids) == shown
    assert '"body"' in document_reads[0] and '"tags"' not in document_reads[0]


def test_a_word_the_portal_never_uses_is_not_kept(client, precomputed):
    # Typos find nothing and cost little; kept, each would take a place in the shared cache.
    client.get("/zoeken/?q=qzxwvkj")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/zoeken/?q=qzxwvkj").content.decode()
    assert "<h2>0 resultaten" in html
    assert _summary_queries(queries)
