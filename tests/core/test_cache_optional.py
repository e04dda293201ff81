"""Redis is optional at run time: without it every page still answers, only slower, and /healthz says so.

core.cache.ResilientRedisCache answers as an empty cache while Redis refuses or times out, and after
one failure tries nothing for BREAKER_SECONDS, so the requests that follow do not wait again.
"""

import json
import logging
import socket
import time

import pytest
import redis.connection
from django.urls import reverse

from core import cache as resilient
from investments.models import Intervention
from lessons.models import Bottleneck, Lesson
from rounds.models import Round
from tests.workspace_helpers import ONDERZOEKER, PASSWORD, make_user

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


def _use_redis(settings, location, timeout=0.5):
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    backend = {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": location, "OPTIONS": options}
    settings.CACHES = {**settings.CACHES, "default": backend, settings.IMPORT_PROGRESS_CACHE: backend}


@pytest.fixture(autouse=True)
def fresh_breakers():
    resilient._BREAKERS.clear()
    yield
    resilient._BREAKERS.clear()


@pytest.fixture
def redis_down(settings):
    """Production's shape (page cache and kept values on) with a Redis that refuses every connection."""
    settings.PORTAL_CACHE = True
    settings.PORTAL_PRECOMPUTE = True
    _use_redis(settings, DEAD_REDIS)


@pytest.fixture
def connection_attempts(monkeypatch):
    attempts = []
    connect = redis.connection.Connection._connect

    def counted(self):
        attempts.append(self.port)
        return connect(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counted)
    return attempts


def public_urls():
    """One address of every public page type."""
    round_ = Round.objects.published().first()
    return [
        "/",
        "/en/",
        reverse("municipalities:list"),
        reverse("municipalities:detail", args=["delft"]),
        reverse("investments:investment_list"),
        reverse("investments:intervention_list"),
        reverse("investments:intervention_detail", args=[Intervention.objects.published().first().slug]),
        reverse("lessons:lesson_list"),
        reverse("lessons:lesson_detail", args=[Lesson.objects.published().first().slug]),
        reverse("lessons:bottleneck_list"),
        reverse("lessons:bottleneck_detail", args=[Bottleneck.objects.published().first().slug]),
        reverse("lessons:tip_list"),
        reverse("lessons:quote_list"),
        reverse("compare"),
        reverse("search") + "?q=eenzaamheid",
        reverse("about"),
        reverse("accessibility"),
        reverse("privacy"),
        reverse("rounds:list"),
        reverse("rounds:detail", args=[round_.slug]),
        reverse("open_data"),
        reverse("open_data_catalogue"),
        "/open-data/gemeenten.json",
        "/open-data/investeringen.csv",
        reverse("sitemap"),
        reverse("robots_txt"),
        reverse("security_txt"),
    ]


def test_every_public_page_answers_without_redis(client, redis_down):
    for url in public_urls():
        assert client.get(url).status_code == 200, url
        # A second time: nothing was stored, so the page is made again, as well.
        assert client.get(url).status_code == 200, url


def test_the_admin_works_without_redis(client, redis_down):
    make_user(ONDERZOEKER, "zonder-redis")

    login = client.post(reverse("admin:login"), {"username": "zonder-redis", "password": PASSWORD})
    assert login.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:investments_investment_changelist")).status_code == 200


def test_healthz_names_the_cache(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}


def test_after_one_failure_no_request_tries_redis_again_for_a_while(client, redis_down, connection_attempts):
    client.get("/")
    tried_once = len(connection_attempts)
    for url in ["/", reverse("municipalities:list"), reverse("lessons:lesson_list")]:
        assert client.get(url).status_code == 200

    assert tried_once == 1
    assert len(connection_attempts) == tried_once


def test_the_breaker_closes_again(settings, connection_attempts, monkeypatch):
    _use_redis(settings, DEAD_REDIS)
    from django.core.cache import cache

    assert not cache.is_away()
    assert cache.get("anything", "missing") == "missing"
    assert cache.is_away()
    assert cache.get("anything", "missing") == "missing"
    assert len(connection_attempts) == 1

    later = time.monotonic() + resilient.BREAKER_SECONDS + 1
    monkeypatch.setattr(resilient.time, "monotonic", lambda: later)
    assert not cache.is_away()
    assert cache.get("anything", "missing") == "missing"
    assert len(connection_attempts) == 2


def test_a_failure_is_logged_once_per_interval(settings, caplog):
    _use_redis(settings, DEAD_REDIS)
    from django.core.cache import cache

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.set("a", 1)
        cache.get("a")
        cache.delete("a")

    warnings = [record for record in caplog.records if record.name == "core.cache"]
    assert len(warnings) == 1
    assert "127.0.0.1:1" in warnings[0].getMessage()


def test_a_redis_that_hangs_costs_one_timeout_then_none(client, settings):
    """A server that takes the connection and never answers: the first request waits for the socket
    timeout once; the next ones go on at once."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        settings.PORTAL_CACHE = True
        _use_redis(settings, f"redis://127.0.0.1:{listener.getsockname()[1]}/0", timeout=0.3)

        started = time.monotonic()
        assert client.get(reverse("about")).status_code == 200
        first = time.monotonic() - started
        started = time.monotonic()
        assert client.get(reverse("about")).status_code == 200
        second = time.monotonic() - started
    finally:
        listener.close()

    assert first >= 0.3
    # Rendering the page takes far less than the timeout it no longer waits for.
    assert second < first


def test_a_live_redis_is_used_as_before(settings):
    _use_redis(settings, "redis://127.0.0.1:6379/0")
    from django.core.cache import cache

    cache.set("portal-test:optional", {"kept": 1}, 30)
    if resilient.breaker_for(["redis://127.0.0.1:6379/0"]).is_open():
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert cache.get("portal-test:optional") == {"kept": 1}
    assert cache.get_many(["portal-test:optional"]) == {"portal-test:optional": {"kept": 1}}
    cache.delete("portal-test:optional")
    assert cache.get("portal-test:optional") is None
