"""Language switch and hreflang links come from the resolved route, never from the raw path.

`//evil.example/phish` used to render `<a href="//evil.example/phish">English</a>` on the 404 page
(and hreflang alternates pointing there): a protocol-relative link off-site.
"""

import re

import pytest

HOSTILE_PATHS = [
    "//evil.example/phish",
    "/%2F%2Fevil.example/phish",
    "///evil.example/phish",
    "/en//evil.example/phish",
    "/en/%2F%2Fevil.example/phish",
    "/%5C%5Cevil.example/phish",
]


def _links(html):
    return re.findall(r'(?:href)="([^"]*)"', html)


def _hreflang(html):
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_404_page_never_links_off_site(client, path):
    response = client.get(path)
    html = response.content.decode()

    assert response.status_code == 404
    assert "evil.example" not in html
    for link in _links(html):
        assert not link.startswith("//"), link
        assert link.startswith("/") or link.startswith("#"), link
    assert _hreflang(html) == []


@pytest.mark.django_db
def test_404_language_switch_goes_to_each_home_page(client):
    html = client.get("/gemeenten/bestaat-niet/").content.decode()

    assert 'href="/" hreflang="nl"' in html
    assert 'href="/en/" hreflang="en"' in html
    assert "/en/gemeenten/bestaat-niet/" not in html
    assert _hreflang(html) == []


@pytest.mark.django_db
def test_existing_page_links_to_itself_in_each_language(client):
    html = client.get("/gemeenten/heerlen/").content.decode()

    assert 'href="/en/gemeenten/heerlen/" hreflang="en"' in html
    assert _hreflang(html) == [
        ("nl", "http://testserver/gemeenten/heerlen/"),
        ("en", "http://testserver/en/gemeenten/heerlen/"),
    ]


@pytest.mark.django_db
def test_language_switch_keeps_the_filters(client):
    html = client.get("/en/investeringen/?status=gedaan").content.decode()
    assert 'href="/investeringen/?status=gedaan" hreflang="nl"' in html
