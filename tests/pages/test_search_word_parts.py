"""Issue 23's searches, on SQLite and PostgreSQL alike (run the file with DATABASE_URL set to
PostgreSQL for the second): a word finds the words it is part of and its singular, a municipality's
name lists the municipality and its investments, a near-certain correction of a word that finds
nothing shows its results at once, and the English site knows English words for the Dutch ones."""

import re

import pytest

from core.models import PublicationStatus
from core.search import find, parse_query
from investments.models import Investment
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _group(html, key):
    match = re.search(rf'<section aria-labelledby="group-{key}">(.*?)</section>', html, re.DOTALL)
    return match.group(1) if match else ""


def _links(section):
    return re.findall(r'<li><a href="([^"]+)">', section)


def _marked(html):
    return {word.lower() for word in re.findall(r"<mark>(\w+)</mark>", html)}


def test_maatje_finds_automaatje_and_maatjesprojecten(client):
    # The report never says "maatje" alone: before issue 23 this found nothing.
    assert not find(["maatje"])
    html = _get(client, "/zoeken/?q=maatje")
    assert {"automaatje", "maatjesprojecten"} <= _marked(html)
    assert "0 resultaten" not in html
    assert "‘maatje’ is ook gezocht als" in html


def test_a_plural_the_report_never_uses_finds_the_singular(client):
    # "mantelzorgers" occurs nowhere; "mantelzorg" does.
    assert not find(["mantelzorgers"])
    html = _get(client, "/zoeken/?q=mantelzorgers")
    assert "mantelzorg" in _marked(html)
    # The plural -s of a loanword: "subsidies" finds "subsidie", as "campagnes" finds "campagne".
    for plural, singular in (("subsidies", "subsidie"), ("campagnes", "campagne")):
        assert singular in _marked(_get(client, f"/zoeken/?q={plural}")), plural


def test_a_word_part_widens_but_every_hit_still_holds_the_word_or_a_word_with_it():
    parsed = parse_query("campagne")
    assert "publiekscampagne" in parsed.alternatives["campagne"]
    for word in parsed.alternatives["campagne"]:
        assert "campagne" in word


def test_a_short_word_is_not_searched_inside_other_words():
    # "zorg" in "zorgen" or "mantelzorg" would find half the report.
    assert parse_query("zorg").alternatives == {}


def test_a_municipalitys_name_lists_it_first_and_its_investments(client):
    dordrecht = Municipality.objects.get(slug="dordrecht")
    investments = Investment.objects.published().filter(municipality=dordrecht)
    assert investments.count() == 6

    html = _get(client, "/zoeken/?q=Dordrecht")

    assert _links(_group(html, "gemeenten"))[0] == "/gemeenten/dordrecht/"
    found = set(_links(_group(html, "investeringen")))
    assert {f"/gemeenten/dordrecht/#{investment.anchor}" for investment in investments} <= found
    assert 'href="/investeringen/?gemeente=dordrecht"' in html
    assert "hoort niet bij" not in html


def test_a_municipality_outside_the_study_says_so(client):
    Municipality.objects.create(
        name="Zwolle",
        slug="zwolle",
        cbs_code="GM0193",
        province="overijssel",
        publication_status=PublicationStatus.PUBLISHED,
    )
    html = _get(client, "/zoeken/?q=zwolle")
    assert "Zwolle hoort niet bij de zestien gemeenten van het onderzoek." in html
    assert 'href="/gemeenten/zwolle/"' in html


def test_a_near_certain_correction_shows_its_results_at_once(client):
    html = _get(client, "/zoeken/?q=eenzaamhied")
    assert re.search(r"<h2>\d+ resultaten voor ‘eenzaamheid’</h2>", html)
    assert "‘eenzaamhied’ vond niets" in html
    assert 'href="?q=eenzaamhied&amp;letterlijk=1"' in html
    # As typed, on request: nothing, with the suggestion.
    literal = _get(client, "/zoeken/?q=eenzaamhied&letterlijk=1")
    assert "<h2>0 resultaten voor ‘eenzaamhied’</h2>" in literal
    assert "Bedoelde u" in literal


def test_a_loose_suggestion_is_only_offered(client):
    # "groningen" is no word of the report; "woningen" is close but not near-certain.
    html = _get(client, "/zoeken/?q=groningen")
    assert "<h2>0 resultaten voor ‘groningen’</h2>" in html
    assert "vond niets; dit zijn de resultaten" not in html


def test_the_english_site_knows_english_words(client):
    english = _get(client, "/en/zoeken/?q=buddy")
    assert {"automaatje", "maatjesprojecten"} <= _marked(english)
    # The Dutch site does not translate: "buddy" is no Dutch word of the report.
    assert "0 resultaten voor ‘buddy’" in _get(client, "/zoeken/?q=buddy")
    assert "mantelzorg" in _marked(_get(client, "/en/zoeken/?q=carers"))


def test_a_skip_link_leads_past_the_facets_to_the_results(client):
    html = _get(client, "/zoeken/?q=compaan")
    assert html.index('href="#resultaten"') < html.index('id="facets-title"') < html.index('id="resultaten"')
