"""Security headers and the no-third-party rule on public pages."""

import re

import pytest

PAGES = [
    "/",
    "/en/",
    "/gemeenten/",
    "/gemeenten/heerlen/",
    "/investeringen/?thema=training",
    "/interventies/compaan/",
    "/lessen/",
    "/knelpunten/",
    "/vergelijken/",
    "/zoeken/?q=compaan",
    "/over/",
    "/open-data/",
    "/toegankelijkheid/",
    "/privacy/",
]
# Anything the browser fetches by itself: stylesheets, scripts, images, icons, fonts, frames.
FETCHED = re.compile(r'<(?:link|script|img|iframe|source|video|audio)\b[^>]*?\b(?:href|src)="([^"]+)"', re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_page_sends_the_security_headers(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "http" not in policy  # no third-party origin is allowed anywhere
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_page_fetches_nothing_from_another_host(client, path):
    html = client.get(path).content.decode()
    fetched = FETCHED.findall(html)

    assert fetched, "the page should at least load its own stylesheets"
    for url in fetched:
        # hreflang alternates are absolute links to this same site, not fetched resources.
        assert url.startswith("/") or url.startswith("http://testserver/"), url
    assert "fonts.googleapis" not in html


@pytest.mark.django_db
def test_public_pages_set_no_cookies(client):
    # No tracking and no session for visitors: the privacy statement promises exactly this.
    for path in PAGES:
        response = client.get(path)
        assert not response.cookies, (path, list(response.cookies))


@pytest.mark.django_db
def test_a_staff_session_cookie_is_http_only_and_ends_with_the_browser(client):
    # What the settings promise, observed on a real login rather than read back from settings.
    from tests.workspace_helpers import PASSWORD, SUPERUSER, make_user

    user = make_user(SUPERUSER)
    response = client.post("/beheer/login/", {"username": user.username, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
