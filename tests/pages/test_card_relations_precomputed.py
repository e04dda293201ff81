"""For the public, an investment card reads its themes, target groups, interventions and partners
from every investment's links kept per content version (investments.selectors): the same cards as read from
the link tables, no query for them, and an investment newer than the kept links still complete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, Theme
from municipalities.models import Municipality

from .helpers import fresh_computed_kept, get

pytestmark = pytest.mark.django_db

PAGES = [
    "/gemeenten/delft/",
    "/gemeenten/haarlemmermeer/",
    "/en/gemeenten/heerlen/",
    "/investeringen/?thema=training",
    "/investeringen/?status=gepland&pagina=2",
    "/interventies/compaan/",
    "/zoeken/?q=eenzaamheid",
]


def test_cards_from_kept_links_are_the_cards_read_from_the_link_tables(client, precomputed):
    draft = Intervention.objects.filter(investments__municipality__slug="delft").exclude(slug="compaan").first()
    Intervention.objects.filter(pk=draft.pk).update(publication_status=PublicationStatus.DRAFT)
    fresh, computed, kept = fresh_computed_kept(client, precomputed, PAGES)

    assert computed == fresh
    assert kept == fresh
    # A draft intervention stays off the public cards, from kept links as from the tables.
    assert f'href="/interventies/{draft.slug}/"' not in kept["/gemeenten/delft/"]


def test_cards_ask_no_query_for_their_terms(client, precomputed):
    get(client, "/investeringen/?thema=training")
    with CaptureQueriesContext(connection) as queries:
        html = get(client, "/investeringen/?thema=training")

    assert "?thema=training" in html
    assert not [query for query in queries.captured_queries if "investment_themes" in query["sql"]]


def test_an_investment_newer_than_the_kept_links_shows_its_terms(client, precomputed, monkeypatch):
    get(client, "/gemeenten/delft/")  # keeps the links of every investment there is now
    newer = Investment.objects.create(
        municipality=Municipality.objects.get(slug="delft"),
        slug="nieuw-na-de-bewaarde-koppelingen",
        status=InvestmentStatus.PLANNED,
        title="Nieuw na de bewaarde koppelingen",
        text="Toegevoegd terwijl de inhoudsversie nog niet verschoven was.",
        publication_status=PublicationStatus.PUBLISHED,
    )
    newer.themes.add(Theme.objects.get(slug="training"))
    partner = Partner.objects.order_by("pk").first()
    newer.partners.add(partner)

    html = get(client, "/gemeenten/delft/")
    card = html.split('id="investering-nieuw-na-de-bewaarde-koppelingen"', 1)[1].split("</article>", 1)[0]

    assert '?thema=training">' in card
    assert partner.name in card
