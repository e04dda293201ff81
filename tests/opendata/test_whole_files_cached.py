"""Whole open-data files are built once per version of their published content, then served as is.

They are written to disk (opendata.store) whether or not the page cache is on: the file store is
not the page cache.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from core.publication import set_publication_status
from municipalities.models import Municipality
from opendata import store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[True, False], ids=["page-cache-on", "page-cache-off"])
def caching(request, settings, tmp_path):
    settings.PORTAL_CACHE = request.param
    settings.OPEN_DATA_FILES_DIR = tmp_path / "open-data"
    cache.clear()
    yield
    cache.clear()


def _download(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(queries)


@pytest.mark.parametrize("extension", ["json", "csv", "xlsx"])
def test_second_download_is_the_same_file_without_rebuilding_it(client, extension):
    path = f"/open-data/investeringen.{extension}"
    first, first_body, first_queries = _download(client, path)
    second, second_body, second_queries = _download(client, path)

    assert first.status_code == second.status_code == 200
    assert second_body == first_body
    assert int(first["Content-Length"]) == len(first_body)
    assert int(second["Content-Length"]) == len(second_body)
    assert second["ETag"] == first["ETag"]
    # The freshness check still runs; the rows are not read again.
    assert second_queries < first_queries


def test_publishing_builds_a_new_file(client, committed):
    _, before, _ = _download(client, "/open-data/gemeenten.json")

    with committed():
        set_publication_status(Municipality.objects.filter(slug="delft"), PublicationStatus.DRAFT)
    response, after, _ = _download(client, "/open-data/gemeenten.json")

    assert b"Delft" in before
    assert b"Delft" not in after
    assert response.status_code == 200


def test_same_version_answers_not_modified(client):
    first, _, _ = _download(client, "/open-data/investeringen.json")

    again, body, _ = _download(client, "/open-data/investeringen.json", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert body == b""


def test_filtered_downloads_still_stream(client):
    response, body, _ = _download(client, "/open-data/investeringen.json?status=gepland")

    assert response.streaming
    assert body.startswith(b"[")


def test_rows_carry_the_host_they_were_asked_on(client):
    _, local, _ = _download(client, "/open-data/gemeenten.json")
    _, other, _ = _download(client, "/open-data/gemeenten.json", HTTP_HOST="127.0.0.1")

    assert b"http://testserver/" in local
    assert b"http://127.0.0.1/" in other


def test_editing_a_draft_keeps_the_etag_also_from_the_page_cache(client, committed):
    first, _, _ = _download(client, "/open-data/gemeenten.json")
    draft = Municipality.objects.get(slug="delft")
    with committed():
        set_publication_status(Municipality.objects.filter(pk=draft.pk), PublicationStatus.DRAFT)
    unpublished, _, _ = _download(client, "/open-data/gemeenten.json")
    draft.refresh_from_db()
    draft.context = "Een wijziging in een concept."
    with committed():
        draft.save()

    again, _, _ = _download(client, "/open-data/gemeenten.json", HTTP_IF_NONE_MATCH=unpublished["ETag"])

    assert unpublished["ETag"] != first["ETag"]
    assert again.status_code == 304
    assert again["ETag"] == unpublished["ETag"]


def test_the_file_is_written_to_the_configured_directory_once(client, settings):
    _download(client, "/open-data/investeringen.csv")
    written = list(settings.OPEN_DATA_FILES_DIR.glob("investeringen.*.csv"))
    modified = written[0].stat().st_mtime_ns

    _download(client, "/open-data/investeringen.csv")

    assert len(written) == 1
    assert written[0].stat().st_mtime_ns == modified
    assert not list(settings.OPEN_DATA_FILES_DIR.glob(".*.part"))


def test_not_modified_since_the_last_modified_date(client):
    first, _, _ = _download(client, "/open-data/gemeenten.csv")

    again, body, _ = _download(client, "/open-data/gemeenten.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
    assert body == b""


def test_a_file_removed_from_the_directory_is_written_again(client, settings):
    _, first_body, _ = _download(client, "/open-data/gemeenten.json")
    store.clear()
    # With the page cache on, the file would come from there without looking at the disk.
    cache.clear()

    again, again_body, _ = _download(client, "/open-data/gemeenten.json")

    assert again.status_code == 200
    assert again_body == first_body
    assert list(settings.OPEN_DATA_FILES_DIR.glob("gemeenten.*.json"))


def test_only_the_newest_files_are_kept(client, settings, committed):
    for host in ("testserver", "127.0.0.1", "localhost", "testserver"):
        for slug in ("delft", "heerlen"):
            with committed():
                set_publication_status(Municipality.objects.filter(slug=slug), PublicationStatus.DRAFT)
            _download(client, "/open-data/gemeenten.csv", HTTP_HOST=host)
            with committed():
                set_publication_status(Municipality.objects.filter(slug=slug), PublicationStatus.PUBLISHED)
            _download(client, "/open-data/gemeenten.csv", HTTP_HOST=host)

    assert len(list(settings.OPEN_DATA_FILES_DIR.glob("gemeenten.*.csv"))) == store.KEEP_FILES
