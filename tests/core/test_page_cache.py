"""The anonymous page cache: fast for visitors, never stale, never for staff."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import content_version
from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Investment, Theme
from municipalities.models import Municipality
from tests.workspace_helpers import ONDERZOEKER, make_user

pytestmark = pytest.mark.django_db

PAGE = "/gemeenten/delft/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_CACHE = True
    cache.clear()
    yield
    cache.clear()


def _get(client, path=PAGE, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


def test_second_visit_is_served_from_the_cache_with_one_query(client):
    first, queries_first = _get(client)
    second, queries_second = _get(client)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    # Only the content version is read; the page itself is not rendered again.
    assert queries_first > 1
    assert queries_second == 1
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second
    assert "must-revalidate" in second["Cache-Control"]


def test_same_version_answers_not_modified(client):
    first, _ = _get(client)

    revalidated, queries = _get(client, HTTP_IF_NONE_MATCH=first["ETag"])

    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert queries == 1


def test_changing_published_content_shows_at_once(client, committed):
    _get(client)
    delft = Municipality.objects.get(slug="delft")
    delft.approach_name = "Een nieuwe naam voor de aanpak"
    with committed():
        delft.save()

    response, _ = _get(client)

    assert "Een nieuwe naam voor de aanpak" in response.content.decode()


def test_unpublishing_removes_the_page_from_the_cache(client, committed):
    assert _get(client)[0].status_code == 200

    with committed():
        set_publication_status(Municipality.objects.filter(slug="delft"), PublicationStatus.DRAFT)

    assert _get(client)[0].status_code == 404


def test_deleting_and_retagging_move_the_version(committed):
    before = content_version.current().value
    investment = Investment.objects.published().filter(municipality__slug="delft").first()
    with committed():
        investment.themes.add(Theme.objects.exclude(investments=investment).first())
    after_tagging = content_version.current().value
    with committed():
        investment.delete()

    assert after_tagging > before
    assert content_version.current().value > after_tagging


def test_load_report_moves_the_version_only_when_it_changes_something(committed):
    delft = Municipality.objects.get(slug="delft")
    delft.approach_name = "gewijzigd"
    with committed():
        delft.save()
    before = content_version.current().value

    with committed():
        call_command("load_report", stdout=StringIO())
    after_restoring = content_version.current().value
    with committed():
        call_command("load_report", stdout=StringIO())

    assert after_restoring > before
    assert content_version.current().value == after_restoring


def test_a_change_in_one_transaction_moves_the_version_once(django_capture_on_commit_callbacks):
    before = content_version.current().value
    with django_capture_on_commit_callbacks(execute=True):
        for municipality in Municipality.objects.all()[:3]:
            municipality.save()

    assert content_version.current().value == before + 1


def test_a_rolled_back_change_leaves_the_next_transaction_its_move(django_capture_on_commit_callbacks):
    before = content_version.current().value
    municipality = Municipality.objects.first()
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        municipality.save()
        transaction.set_rollback(True)
    with django_capture_on_commit_callbacks(execute=True):
        municipality.save()

    assert content_version.current().value == before + 1


def test_staff_are_never_served_from_the_cache_nor_stored_in_it(client):
    _get(client)  # cached for visitors
    client.force_login(make_user(ONDERZOEKER))

    response, queries = _get(client)

    assert queries > 1
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_staff_previews_of_drafts_never_reach_visitors(client):
    Municipality.objects.filter(slug="delft").update(publication_status=PublicationStatus.DRAFT)
    staff = client.__class__()
    staff.force_login(make_user(ONDERZOEKER))
    assert staff.get(PAGE).status_code == 200

    assert _get(client)[0].status_code == 404


def test_portal_cache_off_renders_every_time(client, settings):
    settings.PORTAL_CACHE = False
    _get(client)

    response, queries = _get(client)

    assert queries > 1
    assert "ETag" not in response


def test_the_admin_is_never_cached(client):
    response, _ = _get(client, "/beheer/login/")

    assert "ETag" not in response
    assert not cache.get(f"page:{content_version.current().token}")


def test_a_page_from_the_cache_carries_every_security_header(client):
    first, _ = _get(client)
    cached, queries = _get(client)

    assert queries == 1
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Resource-Policy",
        "Content-Type",
        "Content-Language",
    ):
        assert cached[header] == first[header], header


def test_a_round_entry_moves_the_version_and_refreshes_the_page(client, committed):
    """Research rounds are public content too: changed progress must not leave a cached page stale."""
    from rounds.models import Progress

    progress = Progress.objects.published().select_related("interview__round").first()
    page = progress.interview.round.get_absolute_url()
    assert _get(client, page)[0].status_code == 200
    assert _get(client, page)[1] <= 1  # now served from the cache
    before = content_version.current().value

    with committed():
        progress.explanation = "Toelichting uit een latere ronde."
        progress.save()

    assert content_version.current().value > before
    response, queries = _get(client, page)
    assert response.status_code == 200
    assert queries > 1  # rendered again, not served from the cache


# --- Streamed responses (open-data downloads) -------------------------------------------------------

DOWNLOAD = "/open-data/investeringen.json?status=gepland"


def _download(client, path=DOWNLOAD, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(queries)


def test_a_streamed_download_is_stored_once_sent_in_full(client):
    first, first_body, first_queries = _download(client)
    again, again_body, again_queries = _download(client)

    assert first.streaming and again.streaming
    assert again_body == first_body
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert int(again["Content-Length"]) == len(again_body)
    # Only the content version is read; the rows are not.
    assert again_queries == 1 < first_queries


def test_a_stream_broken_off_is_not_stored():
    from core.page_cache import _kept_when_complete

    stored = []
    stream = _kept_when_complete(iter([b"[", b"1,", b"2]"]), stored.append)
    assert next(stream) == b"["
    # What the server does when the visitor breaks off.
    stream.close()

    assert stored == []
    assert list(_kept_when_complete(iter([b"[", b"1,", b"2]"]), stored.append)) == [b"[", b"1,", b"2]"]
    assert stored == [b"[1,2]"]


def test_a_stream_larger_than_the_limit_is_not_stored(client, monkeypatch):
    from core import page_cache

    monkeypatch.setattr(page_cache, "MAX_STORED_BYTES", 1000)
    _download(client)

    _, body, queries = _download(client)

    assert len(body) > 1000
    assert queries > 1


@pytest.mark.parametrize("path", [PAGE, DOWNLOAD])
def test_a_stored_response_answers_if_modified_since(client, path):
    first, _, _ = _download(client, path)
    stored, _, _ = _download(client, path)

    again, body, _ = _download(client, path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert stored.status_code == 200
    assert again.status_code == 304
    assert body == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("size, kept", [(2000, False), (500, True)])
def test_only_a_file_small_enough_to_keep_is_copied(rf, tmp_path, monkeypatch, size, kept):
    """A whole open-data file comes from disk; above the limit it is neither copied nor stored, so the
    server can still hand the open file to the operating system (wsgi.file_wrapper)."""
    from django.http import FileResponse

    from core import page_cache

    monkeypatch.setattr(page_cache, "MAX_STORED_BYTES", 1000)
    path = tmp_path / "file.json"
    path.write_bytes(b"x" * size)
    middleware = page_cache.AnonymousPageCacheMiddleware(lambda request: FileResponse(path.open("rb")))
    request = rf.get("/open-data/file.json")
    request.user = AnonymousUser()

    response = middleware(request)

    assert (response.file_to_stream is None) is kept
    assert b"".join(response.streaming_content) == b"x" * size
    response.close()
