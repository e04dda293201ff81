"""Aggregates over all public content are computed once per content version, and afresh after any
change, in this process or another."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import content_version, derived
from core.models import ContentVersion, PublicationStatus, new_content_token
from investments.models import Theme
from lessons.models import Lesson, Quote
from lessons.selectors import finding_quote_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("precomputed")]


def _theme_names():
    return derived.per_content_version("theme-names", lambda: sorted(Theme.objects.values_list("name", flat=True)))


def test_computed_once_per_version_and_the_version_read_once_per_request():
    first = _theme_names()
    with CaptureQueriesContext(connection) as queries:
        again = _theme_names()
        derived.per_content_version("theme-count", Theme.objects.count)
        derived.per_content_version("theme-count", Theme.objects.count)
    assert again == first
    # The version is known for the rest of the request; only the new value's own query runs.
    assert len(queries) == 1


def test_a_change_in_this_process_is_seen_at_once(committed):
    _theme_names()
    with committed():
        Theme.objects.create(name="Zzz nieuw thema", slug="zzz-nieuw-thema", position=99)
    assert "Zzz nieuw thema" in _theme_names()


def test_a_change_by_another_process_is_seen_from_the_next_request(client):
    _theme_names()
    # Another process (the import command, a second app server) moves the version in the database
    # and writes without signals here.
    Theme.objects.bulk_create([Theme(name="Zzz van elders", slug="zzz-van-elders", position=98)])
    ContentVersion.objects.filter(pk=content_version.ROW).update(value=F("value") + 1, token=new_content_token())
    assert "Zzz van elders" not in _theme_names()  # this request still reads its own version
    client.get("/over/")  # a new request reads the version again
    assert "Zzz van elders" in _theme_names()


def test_off_computes_every_time(settings):
    settings.PORTAL_PRECOMPUTE = False
    _theme_names()
    with CaptureQueriesContext(connection) as queries:
        _theme_names()
    assert len(queries) == 1


def _kept_in_process():
    return derived.per_content_version(
        "theme-names-in-process", lambda: sorted(Theme.objects.values_list("name", flat=True)), in_process=True
    )


def test_a_value_kept_in_process_is_read_back_without_the_shared_cache(monkeypatch):
    first = _kept_in_process()
    derived.forget_version()  # a new request
    reads = []
    get = cache.get

    def recorded_get(key, *args, **kwargs):
        reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", recorded_get)

    with CaptureQueriesContext(connection) as queries:
        again = _kept_in_process()
        _kept_in_process()

    assert again is first
    assert len(queries) == 1  # the version, once per request
    # Only the version's token: not the value itself (a round trip to Redis and unpickling).
    assert [key.rsplit(":", 1)[1] for key in reads] == ["process-generation"]


def test_a_value_kept_in_process_follows_a_change_by_another_process(client):
    before = _kept_in_process()
    Theme.objects.bulk_create([Theme(name="Zzz van elders", slug="zzz-van-elders", position=98)])
    ContentVersion.objects.filter(pk=content_version.ROW).update(value=F("value") + 1, token=new_content_token())
    assert _kept_in_process() is before  # this request still reads its own version
    client.get("/over/")  # a new request reads the version again
    assert "Zzz van elders" in _kept_in_process()


def test_a_cleared_shared_cache_clears_the_values_kept_in_process():
    first = _kept_in_process()
    Theme.objects.bulk_create([Theme(name="Zzz zonder nieuwe versie", slug="zzz-zonder", position=97)])
    cache.clear()
    derived.forget_version()

    assert "Zzz zonder nieuwe versie" not in first
    assert "Zzz zonder nieuwe versie" in _kept_in_process()


def test_values_kept_in_process_stay_within_their_bound(monkeypatch):
    monkeypatch.setattr(derived, "PROCESS_VALUES_MAX", 5)
    for number in range(12):
        derived.per_content_version(f"number-{number}", lambda number=number: number, in_process=True)
        assert len(derived._PROCESS_VALUES) <= 5


def test_a_previewer_sees_a_draft_through_the_same_selector_call_and_the_public_does_not(committed):
    lesson = Lesson.objects.filter(quotes__isnull=False).first()
    draft = Quote.objects.filter(lesson=lesson).first()
    with committed():
        Quote.objects.filter(pk=draft.pk).update(publication_status=PublicationStatus.DRAFT)
        content_version.bump()
    researcher = User.objects.create_superuser("onderzoeker", "onderzoeker@example.org", "x")

    previewed = finding_quote_ids(lesson, user=researcher)
    public = finding_quote_ids(lesson, user=AnonymousUser())
    with CaptureQueriesContext(connection) as queries:
        again = finding_quote_ids(lesson, user=AnonymousUser())

    assert draft.pk in previewed
    assert draft.pk not in public and set(public) == set(previewed) - {draft.pk}
    # The public's value is kept (no query) and the previewer's read never became it.
    assert again == public and len(queries) == 0
    assert draft.pk in finding_quote_ids(lesson, user=researcher)


def test_a_kept_value_is_named_by_its_values_and_by_the_language_when_it_depends_on_it():
    calls = []

    @derived.kept_for_visitors("test-named", per_language=True)
    def read(theme, word, user=None):
        calls.append((theme.pk, word, translation.get_language()))
        return (theme.slug, word, translation.get_language())

    first, second = Theme.objects.all()[:2]
    assert read(first, "a") == (first.slug, "a", "nl")
    assert read(first, "a") == (first.slug, "a", "nl")
    assert read(second, "a")[0] == second.slug
    assert read(first, "b")[1] == "b"
    with translation.override("en"):
        assert read(first, "a")[2] == "en"
    assert len(calls) == 4
