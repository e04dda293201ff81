"""Issue 23's dead ends closed: a contact page and address on the about and accessibility pages,
the original report cited and linked, an honest home heading, tips that name an intervention on its
page, a words filter on /tips/ and /citaten/, English counts by ngettext, downloads labelled for
people (XLSX first) and for software (CSV), and an interventions intro written for readers."""

import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.utils import translation

from investments.models import InvestmentStatus
from lessons.models import Quote, Tip
from pages.views.site import REPORT_URL
from rounds.figures import RoundFigures, Tally

pytestmark = pytest.mark.django_db


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_contact_page_and_address(client, settings):
    html = _html(client, "/contact/")
    assert "<h1>Contact</h1>" in html
    # No address set: the publisher's contact desk, never a made-up e-mail address.
    assert f'href="{settings.CONTACT_URL}"' in html
    assert "mailto:" not in html
    assert 'href="/contact/"' in _html(client, "/")  # in the footer of every page

    settings.CONTACT_EMAIL = "portaal@example.org"
    for url in ("/contact/", "/over/", "/toegankelijkheid/", "/en/toegankelijkheid/"):
        assert 'href="mailto:portaal@example.org"' in _html(client, url), url


def test_the_original_report_is_cited_and_linked(client):
    html = _html(client, "/over/")
    assert "Geleerde lessen bij de aanpak van eenzaamheid. Opbrengsten van de decentralisatie-uitkering" in html
    assert f'href="{REPORT_URL}"' in html
    assert "Kamerstuk 29 538, nr. 311" in html


def test_the_home_heading_says_what_the_chart_counts(client):
    html = _html(client, "/")
    assert "Waar zetten gemeenten op in?" in html
    assert "Waar ging het geld" not in html
    assert "What do municipalities invest in?" in _html(client, "/en/")


def test_a_tip_that_names_an_intervention_is_on_its_page(client):
    tip = Tip.objects.get(municipality__slug="haarlemmermeer", text__contains="Compaan")
    html = _html(client, "/interventies/compaan/")
    assert "Geen tips, citaten of situaties" not in html
    assert tip.text.split(".")[0] in html


def test_tips_and_quotes_can_be_filtered_by_words(client):
    html = _html(client, "/tips/?q=compaan")
    assert "1 tip gevonden" in html
    assert "Compaan (tablet voor ouderen)" in html
    html = _html(client, "/citaten/?q=netwerk")
    shown = int(re.search(r"(\d+) citaten? gevonden", html).group(1))
    # Some quotes, not all (stemming on PostgreSQL may find a few more than the letters do).
    assert 0 < Quote.objects.published().filter(text__icontains="netwerk").count() <= shown
    assert shown < Quote.objects.published().count()
    assert "0 citaten gevonden" in _html(client, "/citaten/?q=qzxwvkj")
    # Too long: the filter is refused with a message and ignored, never a 500.
    html = _html(client, "/tips/?q=" + "a" * 500)
    assert "tips gevonden" in html
    # The words are no open-data filter: the download stays the whole file.
    assert 'href="/open-data/tips.xlsx"' in _html(client, "/tips/?q=compaan")


def test_english_counts_use_ngettext():
    figures = RoundFigures(
        statuses=Tally("all"),
        previous=SimpleNamespace(name="2019"),
        follow_up=Tally(
            "all", Counter({InvestmentStatus.COMPLETED: 1, InvestmentStatus.ONGOING: 2, InvestmentStatus.CANCELLED: 1})
        ),
    )
    with translation.override("en"):
        text = figures.sentence(SimpleNamespace(name="2021"))
    assert "1 was done, 2 are still ongoing, 1 was cancelled" in text
    assert "Of the 4 investments planned in 2019, by 2021" in text
    dutch = figures.sentence(SimpleNamespace(name="2021"))
    assert "zijn er in 2021 1 gedaan, 2 lopen nog, 1 vervallen" in dutch
    # Without a previous round's plans, the sentence counts what the round recorded.
    one = RoundFigures(statuses=Tally("all", Counter({InvestmentStatus.COMPLETED: 1})))
    assert one.sentence(SimpleNamespace(name="2021")).startswith("In 2021 is 1 investering vastgelegd")
    with translation.override("en"):
        assert one.sentence(SimpleNamespace(name="2021")).startswith("In 2021, 1 investment was recorded")


def test_downloads_offer_the_spreadsheet_first_and_label_the_csv_for_software(client):
    html = _html(client, "/investeringen/")
    xlsx = html.index('data-download="xlsx"')
    csv = html.index('data-download="csv"')
    assert xlsx < csv
    assert "voor software: UTF-8" in html[csv:]
    assert "for software: UTF-8" in _html(client, "/en/investeringen/")


def test_the_interventions_intro_is_written_for_readers(client):
    html = _html(client, "/interventies/")
    assert "Een interventie is een aanpak met een eigen naam" in html
    assert "telt mee als een gepubliceerde investering" not in html
