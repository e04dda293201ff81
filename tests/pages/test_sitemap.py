"""/sitemap.xml is written without the template engine, once per content version: it must stay
exactly what Django's sitemap view gives for the same sections."""

import pytest
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.cache import cache
from django.test import RequestFactory

from core import content_version
from core.models import PublicationStatus
from municipalities.models import Municipality
from pages.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db


def _django_body(host="testserver"):
    request = RequestFactory().get("/sitemap.xml", HTTP_HOST=host)
    response = django_sitemap(request, sitemaps=SITEMAPS)
    return response.render().content


@pytest.mark.parametrize("host", ["testserver", "127.0.0.1"])
def test_the_same_bytes_as_djangos_sitemap_view(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response.content == _django_body(host)
    assert f"<loc>http://{host}/gemeenten/heerlen/</loc>".encode() in response.content
    assert b'hreflang="x-default" href="http://' + host.encode() + b'/gemeenten/heerlen/"' in response.content


def test_only_one_page(client):
    assert client.get("/sitemap.xml?p=1").status_code == 200
    assert client.get("/sitemap.xml?p=2").status_code == 404
    assert client.get("/sitemap.xml?p=x").status_code == 404


def test_built_once_per_content_version(client, settings, committed, django_assert_max_num_queries):
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    client.get("/sitemap.xml")
    # The content version only: the entries come from the cache.
    with django_assert_max_num_queries(1):
        again = client.get("/sitemap.xml")
    assert b"/gemeenten/delft/" in again.content

    with committed():
        # .update() sends no signal; writes like it bump the version themselves.
        Municipality.objects.filter(slug="delft").update(publication_status=PublicationStatus.DRAFT)
        content_version.bump()
    after = client.get("/sitemap.xml")

    assert b"/gemeenten/delft/" not in after.content
    cache.clear()
