"""/healthz for load balancers: 200 when the database and the cache answer, 503 otherwise."""

import json

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from pages.sitemaps import SITEMAPS


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert reverse("healthz") == "/healthz"


@pytest.mark.django_db
def test_no_session_and_no_cookies(client):
    response = client.get("/healthz")
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response


def unreachable_redis():
    return RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})


@pytest.mark.django_db
def test_unreachable_cache_is_503(client, monkeypatch):
    monkeypatch.setattr("core.health.cache", unreachable_redis())
    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_unreachable_database_is_503(client, monkeypatch):
    def broken(self, *args, **kwargs):
        raise ConnectionError("database is down")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
def test_not_in_the_sitemap_and_not_translated(client):
    assert "healthz" not in client.get("/sitemap.xml").content.decode()
    assert all("healthz" not in str(sitemap().items()) for sitemap in SITEMAPS.values())
    assert client.get("/en/healthz").status_code == 404


@pytest.mark.django_db
def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
