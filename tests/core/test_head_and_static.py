"""HEAD answers wherever GET does (core.middleware.HeadAsGetMiddleware), and static files carry the
same security headers as pages, without a wildcard CORS header."""

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/healthz",
    "/.well-known/security.txt",
    "/robots.txt",
    "/sitemap.xml",
    "/",
    "/en/gemeenten/",
    "/gemeenten/delft/",
    "/investeringen/?status=gedaan",
    "/zoeken/?q=eenzaamheid",
    "/open-data/",
    "/open-data/catalogus.jsonld",
    "/open-data/gemeenten.json",
    "/open-data/investeringen.csv?status=gedaan",
    "/favicon.ico",
    "/bestaat-niet/",
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("url", URLS)
def test_head_answers_as_get_without_a_body(client, settings, url, cached):
    settings.PORTAL_CACHE = cached
    get = client.get(url)
    get_body = _body(get)

    head = client.head(url)

    assert head.status_code == get.status_code != 405
    assert _body(head) == b""
    assert head["Content-Type"] == get["Content-Type"]
    if not get.streaming and get.status_code == 200:
        assert head["Content-Length"] == str(len(get_body))


def test_head_is_still_refused_where_get_is(client):
    # Only GET's rules apply: a view that takes POST only still refuses both.
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_static_files_carry_the_security_headers_and_no_wildcard_cors(client):
    response = client.get("/static/css/portal.css", headers={"Origin": "https://elders.example"})

    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response


def test_static_files_answer_head(client):
    response = client.head("/static/img/favicon.svg")

    assert response.status_code == 200
    assert _body(response) == b""
    assert "Permissions-Policy" in response
