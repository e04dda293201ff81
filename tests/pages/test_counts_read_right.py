"""Counts in sentences read right in both languages (issue 23, item 6): every count-bearing sentence
goes through ngettext or `{% blocktranslate count %}`, so a municipality with exactly one investment,
one quote and one tip, and a search with one result, never read "1 investments" or "1 were"."""

import re

import pytest

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Theme
from lessons.models import Bottleneck, Quote, Tip
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED
# A one with a plural after it, perhaps past one word: "1 investments", "1 shared themes", "1 were".
ONE_WITH_A_PLURAL = re.compile(
    r"\b1 (?:[a-z-]+ )?(?:investments|results|quotes|tips|municipalities|interventions|themes|lessons|"
    r"bottlenecks|rows|items|answers|interviews|were|are)\b"
)
WORD = "zwerfkeienproject"  # in no text of the report: a search for it finds the one investment


@pytest.fixture
def one_of_each(committed):
    with committed():  # the search vocabulary and the content version move on commit
        municipality = Municipality.objects.create(
            name="Eendorp", slug="eendorp", cbs_code="GM9901", province="drenthe", publication_status=PUBLISHED
        )
        intervention = Intervention.objects.create(name="Eenling", slug="eenling", publication_status=PUBLISHED)
        investment = Investment.objects.create(
            municipality=municipality,
            status=InvestmentStatus.COMPLETED,
            title="Een zwerfkeienproject",
            slug="zwerfkeienproject",
            text=f"Het {WORD} brengt inwoners samen.",
            publication_status=PUBLISHED,
        )
        investment.themes.add(Theme.objects.first())
        investment.interventions.add(intervention)
        bottleneck = Bottleneck.objects.published().first()
        Tip.objects.create(
            bottleneck=bottleneck, municipality=municipality, text="Begin klein.", publication_status=PUBLISHED
        )
        Quote.objects.create(
            municipality=municipality, bottleneck=bottleneck, text="Eén keer is genoeg.", publication_status=PUBLISHED
        )
    return municipality


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_english_pages_never_put_a_plural_after_one(client, one_of_each):
    pages = {
        "/en/": None,
        "/en/gemeenten/": None,
        "/en/gemeenten/eendorp/": "Investment carried out or started (1)",
        "/en/investeringen/?gemeente=eendorp": "1 investment found",
        "/en/interventies/eenling/": "1 investment using this intervention",
        "/en/tips/?gemeente=eendorp": "1 tip found",
        "/en/citaten/?gemeente=eendorp": "1 quote found",
        f"/en/zoeken/?q={WORD}": f"1 result for ‘{WORD}’",
        "/en/kaart/": None,
        "/en/rondes/2019/": None,
        "/en/interventies/": None,
        "/en/knelpunten/": None,
        "/en/lessen/": None,
    }
    for url, singular in pages.items():
        text = _text(client, url)
        assert not ONE_WITH_A_PLURAL.search(text), (url, ONE_WITH_A_PLURAL.search(text))
        if singular:
            assert singular in text, url


def test_dutch_pages_use_the_singular_for_one(client, one_of_each):
    assert "1 investering gevonden" in _text(client, "/investeringen/?gemeente=eendorp")
    assert "Gedane investering (1)" in _text(client, "/gemeenten/eendorp/")
    assert f"1 resultaat voor ‘{WORD}’" in _text(client, f"/zoeken/?q={WORD}")
    assert "1 investering met deze interventie" in _text(client, "/interventies/eenling/")
