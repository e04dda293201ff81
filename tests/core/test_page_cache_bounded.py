"""Visitors do not decide how much the page cache holds (core.page_cache.PAGE_PARAMETERS).

Addresses with parameters a page does not read, filters it refuses, searches for words the portal
never uses, page numbers past the kept ones and stray ports in Host are answered, but not stored.
"""

import random
import string

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.middleware import canonical_host
from investments.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_CACHE = True
    caches["default"].clear()
    yield
    caches["default"].clear()


def page_entries() -> int:
    # The test settings' local-memory cache: its keys are Django's, ":1:page:<token>:<hash>".
    return sum(":page:" in key for key in caches["default"]._cache)


def stored_after(client, url, **headers) -> bool:
    before = page_entries()
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)  # a download is kept once it has been sent in full
    return page_entries() > before


def _nonsense(generator) -> str:
    return "".join(generator.choice("qxzjvkw") for _ in range(9))


def junk_requests(generator):
    """400 addresses a crawler or an attacker might send, each different: eight kinds of junk, fifty
    of each. Fifty show the bound as well as a thousand would (each one missed adds an entry), at a
    fifth of the suite's time."""
    for number in range(50):
        yield f"/over/?utm_{number}={number}", {}
        yield f"/gemeenten/?x{number}=1", {}
        yield "/zoeken/?q=" + _nonsense(generator), {}
        yield f"/tips/?pagina={generator.randint(page_cache.STORED_PAGES + 1, 10**9)}", {}
        yield f"/investeringen/?thema=geen-{number}", {}
        yield f"/gemeenten/?sorteer=zz{number}", {}
        yield "/investeringen/?q=" + _nonsense(generator), {}
        yield "/over/", {"Host": f"127.0.0.1:{generator.randint(1, 10**11)}"}


def test_hundreds_of_junk_addresses_add_at_most_a_few_entries(client):
    valid_theme = Theme.objects.first().slug
    # The same pages with parameters they do read are kept: the count below can grow.
    for url in ["/over/", "/gemeenten/", "/tips/?pagina=2", f"/investeringen/?thema={valid_theme}"]:
        assert stored_after(client, url), url
    before = page_entries()

    for url, headers in junk_requests(random.Random(25)):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url

    # /over/ once more for the host 127.0.0.1 (the port taken off); nothing else.
    assert page_entries() - before <= 1


@pytest.mark.parametrize(
    "url",
    [
        "/gemeenten/?onbekend=1",
        "/gemeenten/?sorteer=onbekend",
        "/gemeenten/?provincie=Atlantis",
        "/investeringen/?thema=bestaat-niet",
        "/investeringen/?q=eenzaamheid",
        "/investeringen/?budget_van=1000",
        "/open-data/investeringen.json?budget_tot=50000",
        "/investeringen/?status=gedaan&status=gepland",
        "/investeringen/?status=%20gedaan",
        "/tips/?pagina=999",
        "/tips/?pagina=02",
        "/zoeken/?q=" + "".join(random.Random(1).choices(string.ascii_lowercase, k=12)),
        "/zoeken/?q=%21%21%21",
        # A near-certain typo is kept only when every unknown word is one: not with any word added.
        "/zoeken/?q=eenzaamhied+qxzjvkwqx",
        "/over/?pagina=2",
        "/vergelijken/?indicator=bestaat-niet",
        "/vergelijken/?gemeente=delft&weergave=gemeente&toon=atlantis",
    ],
)
def test_not_stored(client, url):
    assert not stored_after(client, url)


@pytest.mark.parametrize(
    "url",
    [
        "/gemeenten/?sorteer=-naam",
        "/gemeenten/?provincie=zuid-holland",
        "/investeringen/?status=gedaan&pagina=2",
        "/zoeken/?q=eenzaamheid",
        "/zoeken/?q=eenzaamhied",  # a near-certain typo: the correction's results, one slip from a word
        "/vergelijken/?gemeente=delft&gemeente=den-haag",
        "/vergelijken/?gemeente=delft&gemeente=den-haag&weergave=gemeente&toon=delft",
        "/open-data/gemeenten.csv",
    ],
)
def test_stored(client, url):
    assert stored_after(client, url)


def test_a_form_sent_with_empty_fields_gets_the_page_of_the_plain_link(client):
    assert stored_after(client, "/investeringen/?status=gedaan")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/investeringen/?q=&status=gedaan&thema=&pagina=")

    assert response.status_code == 200
    assert len(queries) == 1  # the content version only: the page came from the cache


def test_a_page_larger_than_the_limit_is_sent_but_not_stored(client, monkeypatch):
    monkeypatch.setattr(page_cache, "MAX_STORED_BYTES", 1000)

    response = client.get("/gemeenten/")

    assert len(response.content) > 1000
    assert page_entries() == 0


def test_stray_ports_share_one_entry_and_one_open_data_file(client, settings, tmp_path):
    settings.OPEN_DATA_FILES_DIR = tmp_path
    for port in ("1", "8080", "99999999999"):
        response = client.get("/open-data/gemeenten.json", headers={"Host": f"127.0.0.1:{port}"})
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert f":{port}/".encode() not in body

    assert len(list(tmp_path.glob("gemeenten.*.json"))) == 1
    assert page_entries() == 1


@pytest.mark.parametrize(
    "sent, server_port, kept",
    [
        ("127.0.0.1:99999999999", "8000", "127.0.0.1"),
        ("127.0.0.1:8000", "8000", "127.0.0.1:8000"),
        ("Portal.Example.NL.", "8000", "portal.example.nl"),
        ("portal.example.nl:443", "443", "portal.example.nl"),
        ("[::1]:8000", "8000", "[::1]:8000"),
        ("[::1]:9", "8000", "[::1]"),
        ("niet een host", "8000", "niet een host"),
    ],
)
def test_canonical_host(sent, server_port, kept):
    assert canonical_host(sent, server_port) == kept
