"""Public pages that staff see with drafts in them are never stored by a cache.

Staff see concept content on the public pages; a shared or browser cache keeping such a page
could later show it to someone else.
"""

import pytest
from django.test import Client

from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Investment
from tests.workspace_helpers import MINISTERIE, ONDERZOEKER, make_user

PAGES = ["/", "/gemeenten/", "/gemeenten/amsterdam/", "/investeringen/", "/en/lessen/", "/zoeken/?q=compaan"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ONDERZOEKER, MINISTERIE])
@pytest.mark.parametrize("url", PAGES)
def test_staff_preview_is_private_and_not_stored(role, url):
    client = Client()
    client.force_login(make_user(role))

    response = client.get(url)

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_the_draft_is_on_the_page_that_is_not_stored():
    investment = Investment.objects.get(
        municipality__cbs_code="GM0363", slug="tien-beloftevolle-experimenten-verduurzaamd"
    )
    set_publication_status(Investment.objects.filter(pk=investment.pk), PublicationStatus.DRAFT)
    client = Client()
    client.force_login(make_user(ONDERZOEKER))

    response = client.get("/gemeenten/amsterdam/")

    assert investment.title in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_visitors_pages_are_not_marked_private(client, url):
    response = client.get(url)
    assert "private" not in response.get("Cache-Control", "")
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_open_data_keeps_its_public_caching_for_staff():
    client = Client()
    client.force_login(make_user(ONDERZOEKER))
    # Open data is published content only, whoever asks.
    assert client.get("/open-data/investeringen.csv")["Cache-Control"].startswith("public")
