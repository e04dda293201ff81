import pytest
from django.test import RequestFactory

from pages.views.site import server_error
from portal import urls


@pytest.mark.django_db
def test_500_page_is_bilingual_and_needs_no_database(django_assert_num_queries):
    # The error page must render even when the database is what failed.
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/gemeenten/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl">' in html
    assert "Er ging iets mis" in html
    assert 'lang="en">Something went wrong' in html
    assert urls.handler500 == "pages.views.site.server_error"


@pytest.mark.django_db
def test_unhandled_error_gives_the_portal_500_page(client, monkeypatch):
    def broken_view(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("pages.views.site.key_figures", broken_view)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_favicon_ico_points_to_the_portal_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
