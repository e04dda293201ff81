"""No N+1 on any public page: the number of queries is the same with the report's sixteen
municipalities as with ten times as many municipalities and investments.

Each page is requested once to warm up (ContentType and similar process-wide caches) and measured
with the report's data; then the data grows tenfold, once for the module (the shared factory), each
page is measured again, and the two counts must be equal. A marker string checks that the second
request really showed the grown data; without it a page that ignored the new rows would pass for the
wrong reason.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from core.search import rebuild_index
from investments.models import Investment
from opendata import store
from scaledata import factory

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT

# The municipality whose own page is measured; it gets extra investments, quotes, tips and links.
MEASURED_MUNICIPALITY = "haarlemmermeer"


def _published_investment_count():
    return Investment.objects.published().count()


def _measure(client, url):
    """(status, number of queries, body) of one GET, streaming bodies read inside the capture."""
    # Whole open-data files are written once per version, then read from disk: count the writing.
    store.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        # Open-data files stream: their queries run while the body is read, so read it here.
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(queries.captured_queries), body.decode("utf-8"), queries


def _grown_investment_count():
    return f"{_published_investment_count()} investeringen gevonden"


# (URL, status, marker that only the grown data puts on the page: a string, a pattern, a callable
# giving a string, or None for pages that show no data). The comment names the queries where they are not obvious.
PAGES = [
    # Key figures: investments by status (1 aggregate), municipalities, interventions in use, lessons,
    # bottlenecks, tips, quotes (6 counts); the theme chart (1); municipalities by province (1); the
    # introduction (1).
    pytest.param("/", 200, "<dd>166</dd>", id="home"),
    pytest.param("/en/", 200, "<dd>166</dd>", id="home-en"),
    # The municipalities with their investment counts as one annotated query, plus the theme choices.
    # The table shows a page of 50; every municipality is on the map.
    pytest.param("/gemeenten/", 200, "Testgemeente", id="municipality-list"),
    pytest.param("/gemeenten/?sorteer=-gedaan&pagina=2", 200, "Testgemeente", id="municipality-list-sorted-page-2"),
    # The same, with the theme looked up once for validation.
    pytest.param(
        "/gemeenten/?provincie=zuid-holland&thema=training", 200, "Testgemeente", id="municipality-list-filtered"
    ),
    # The municipality with its links and interviews (3); its investments with themes, target groups,
    # partners and interventions (5); the municipalities of its interventions (1); lessons,
    # bottlenecks, quotes and tips (4); the similarity profiles (1) and the similar municipalities (1).
    pytest.param(f"/gemeenten/{MEASURED_MUNICIPALITY}/", 200, "Testinvestering 8 van", id="municipality-detail"),
    pytest.param(f"/en/gemeenten/{MEASURED_MUNICIPALITY}/", 200, "Testinvestering 8 van", id="municipality-detail-en"),
    # The select lists (themes, target groups, interventions, municipalities with provinces, rounds), the count, the
    # page of 20, and its themes, target groups, partners and interventions. Growth only adds pages.
    pytest.param("/investeringen/", 200, _grown_investment_count, id="investment-list"),
    pytest.param("/investeringen/?pagina=2", 200, _grown_investment_count, id="investment-list-page-2"),
    pytest.param("/investeringen/?pagina=9999", 200, _grown_investment_count, id="investment-list-last-page"),
    # Every filter at once: each slug is validated with one query, then the same list queries. The
    # report has one match (Haarlemmermeer's Compaan tablets): an empty page would skip the prefetches.
    pytest.param(
        "/investeringen/?q=compaan&status=gedaan&thema=technologie&doelgroep=ouderen&interventie=compaan"
        "&gemeente=&provincie=noord-holland&sorteer=titel",
        200,
        "Testgemeente",
        id="investment-list-all-filters",
    ),
    pytest.param(
        "/investeringen/?thema=training&doelgroep=professionals", 200, "Testgemeente", id="investment-list-trainings"
    ),
    pytest.param(
        f"/investeringen/?gemeente={MEASURED_MUNICIPALITY}", 200, "Testinvestering", id="investment-list-municipality"
    ),
    # A text search with an explicit order takes the same queries as the filters.
    pytest.param("/investeringen/?q=compaan&sorteer=-gemeente", 200, "Testgemeente", id="investment-list-search"),
    # Invalid filters are ignored: the same queries as the unfiltered list.
    pytest.param(
        "/investeringen/?thema=bestaat-niet&status=x&sorteer=y&pagina=abc",
        200,
        _grown_investment_count,
        id="investment-list-invalid-filters",
    ),
    # The interventions, and their published investments with municipalities in one prefetch.
    pytest.param("/interventies/", 200, "Testgemeente", id="intervention-list"),
    # The intervention, its investments (1) and their municipality, themes, target groups, partners
    # and interventions (4).
    pytest.param("/interventies/compaan/", 200, "Testgemeente", id="intervention-detail"),
    # The lessons and their named municipalities in one prefetch.
    pytest.param("/lessen/", 200, "Testgemeente", id="lesson-list"),
    # The lesson with its municipalities (2) and its quotes with their municipality (1).
    pytest.param("/lessen/verdiepingsslag-problematiek/", 200, "Testcitaat", id="lesson-detail"),
    # The bottlenecks, their municipalities and their tips (3).
    pytest.param("/knelpunten/", 200, "Testgemeente", id="bottleneck-list"),
    # The bottleneck with its municipalities (2), its quotes (1) and its tips (1).
    pytest.param("/knelpunten/actief-duurzaam-netwerk/", 200, "Testtip", id="bottleneck-detail"),
    # Municipalities, themes, the (municipality, theme, status) counts, lessons and bottlenecks with
    # their municipalities: a fixed number however large the matrix.
    pytest.param("/vergelijken/", 200, "Testgemeente 149 (fictief)", id="compare"),
    # One query per kind of content (six), each capped at 25 results.
    pytest.param("/zoeken/?q=compaan", 200, "Testgemeente", id="search"),
    pytest.param("/zoeken/?q=training+professionals", 200, "Testgemeente", id="search-two-words"),
    pytest.param("/zoeken/?q=", 200, None, id="search-empty"),
    pytest.param("/zoeken/?q=" + "x" * 300, 400, None, id="search-too-long"),
    # The report's sections (1); the other two pages are static.
    pytest.param("/over/", 200, None, id="about"),
    pytest.param("/toegankelijkheid/", 200, None, id="accessibility"),
    pytest.param("/privacy/", 200, None, id="privacy"),
    # One count per dataset (five).
    pytest.param("/open-data/", 200, re.compile(r">166(?: records)?<"), id="open-data"),
    # Municipalities with their counts (1).
    pytest.param("/open-data/gemeenten.json", 200, "Testgemeente", id="open-data-municipalities"),
    # Investments with their municipality (1), themes, target groups and interventions (3).
    pytest.param("/open-data/investeringen.json", 200, "Testgemeente", id="open-data-investments"),
    # Lessons and their municipalities (2).
    pytest.param("/open-data/lessen.json", 200, "Testgemeente", id="open-data-lessons"),
    # Bottlenecks, their municipalities and their tips (3).
    pytest.param("/open-data/knelpunten.json", 200, "Testtip", id="open-data-bottlenecks"),
    # Quotes with their municipality, lesson and bottleneck (1).
    pytest.param("/open-data/citaten.json", 200, "Testcitaat", id="open-data-quotes"),
    pytest.param("/.well-known/security.txt", 200, None, id="security-txt"),
    pytest.param("/robots.txt", 200, None, id="robots-txt"),
    # One query per sitemap section that lists records (municipalities, interventions, lessons,
    # bottlenecks); the static pages need none.
    pytest.param("/sitemap.xml", 200, "testgemeente-149", id="sitemap"),
    # The failed lookup only.
    pytest.param("/gemeenten/bestaat-niet/", 404, None, id="not-found"),
]


# One worker runs the whole module, so the data grows once (tests/conftest.py: module_transaction).
pytestmark = pytest.mark.xdist_group("page-query-counts")


@pytest.fixture(scope="module")
def with_report(module_transaction):
    """{url: its _measure()} of every page with the report's data; then the data grows tenfold for
    the module's tests (the shared factory), and the search index is written as after a restore
    (bulk_create sends no signals)."""
    client = Client()
    measured = {}
    for url in dict.fromkeys(page.values[0] for page in PAGES):
        client.get(url)  # warm-up: fills process-wide caches so that only the page's own queries count
        measured[url] = _measure(client, url)
    factory.grow(municipalities=150, investments_each=10)
    rebuild_index()
    return measured


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status", "grown_marker"), PAGES)
def test_query_count_does_not_grow_with_the_data(client, with_report, url, status, grown_marker):
    status_before, before, _, queries_before = with_report[url]
    assert status_before == status
    status_after, after, body, queries_after = _measure(client, url)

    assert status_after == status
    if grown_marker is not None:
        marker = grown_marker() if callable(grown_marker) else grown_marker
        found = marker.search(body) if isinstance(marker, re.Pattern) else marker in body
        # Proves that the second request saw the grown data, so the comparison means something.
        assert found, f"{url} does not show the grown data ({marker!r})"
    assert after == before, (
        f"{url}: {before} queries with the report's data, {after} with ten times as much.\n"
        + "\n".join(query["sql"] for query in queries_before.captured_queries)
        + "\n--- after growth ---\n"
        + "\n".join(query["sql"] for query in queries_after.captured_queries)
    )
