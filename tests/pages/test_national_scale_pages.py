"""The home page, /gemeenten/ and the municipality page at national scale (issue 13): precomputed
counts and markup show exactly what computing them afresh shows, follow every change of content, and
a municipality page stays readable when an intervention is used all over the country."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus
from municipalities.models import Municipality
from pages.views.municipalities import NAMED_USERS

from .helpers import fresh_computed_kept, get, map_links

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/?kaartthema=training",
    "/en/",
    "/gemeenten/",
    "/gemeenten/?thema=training&sorteer=-gedaan",
    "/gemeenten/?sorteer=gepland&pagina=2",
    "/gemeenten/heerlen/",
    "/gemeenten/haarlemmermeer/",
    "/en/gemeenten/haarlemmermeer/",
    "/en/gemeenten/delft/",
]


def _compaan_users(html, prefix=""):
    item = re.search(rf'<li><a href="{prefix}/interventies/compaan/">[^<]*</a>:(.*?)</li>', html, re.DOTALL)
    assert item, "Compaan is not listed among the municipality's interventions"
    return item.group(1)


@pytest.mark.parametrize("url", PAGES)
def test_precomputed_pages_are_the_same_as_pages_computed_afresh(client, settings, grow, url):
    grow(3)  # more than one page of municipalities, and Compaan used by more than NAMED_USERS
    fresh, computed, kept = fresh_computed_kept(client, settings, [url])
    assert computed == fresh  # computes and keeps
    assert kept == fresh  # reads what it kept


def test_an_intervention_used_all_over_the_country_names_sixteen_users_and_links_to_the_rest(client, grow):
    grow(2)
    # The users that have it in use: Delft only plans to experiment with it (issue 24).
    users = set(
        Investment.objects.published()
        .filter(interventions__slug="compaan")
        .exclude(status=InvestmentStatus.PLANNED)
        .values_list("municipality__slug", flat=True)
    )
    assert "delft" not in users
    assert len(users) > NAMED_USERS

    item = _compaan_users(get(client, "/gemeenten/haarlemmermeer/"))

    named = re.findall(r'<a href="/gemeenten/([\w-]+)/">', item)
    assert len(named) == NAMED_USERS and set(named) <= users
    assert f'en <a href="/interventies/compaan/">{len(users) - NAMED_USERS} andere gemeenten</a>' in item


def test_english_names_the_rest_in_english(client, grow):
    grow(2)
    item = _compaan_users(get(client, "/en/gemeenten/haarlemmermeer/"), prefix="/en")
    assert re.search(r'and <a href="/en/interventies/compaan/">\d+ other municipalities</a>', item)


def test_the_reports_municipalities_name_every_user_of_an_intervention(client):
    item = _compaan_users(get(client, "/gemeenten/haarlemmermeer/"))
    assert "andere gemeente" not in item


def test_the_home_page_follows_a_change_of_content(client, precomputed, committed):
    assert "westerveld" in dict(map_links(get(client, "/")))
    with committed():
        westerveld = Municipality.objects.get(slug="westerveld")
        westerveld.publication_status = PublicationStatus.DRAFT
        westerveld.save()

    html = get(client, "/")
    assert "westerveld" not in dict(map_links(html))
    assert "/gemeenten/westerveld/" not in html


def test_the_municipality_page_follows_a_change_of_content(client, precomputed, committed):
    assert "/gemeenten/westerveld/" in _compaan_users(get(client, "/gemeenten/haarlemmermeer/"))
    with committed():
        for investment in Investment.objects.filter(municipality__slug="westerveld", interventions__slug="compaan"):
            investment.publication_status = PublicationStatus.DRAFT
            investment.save()

    assert "/gemeenten/westerveld/" not in _compaan_users(get(client, "/gemeenten/haarlemmermeer/"))


def test_staff_see_a_draft_intervention_on_the_municipality_page_and_the_public_does_not(client, precomputed):
    compaan = Intervention.objects.get(slug="compaan")
    compaan.publication_status = PublicationStatus.DRAFT
    compaan.save()
    assert "/interventies/compaan/" not in get(client, "/gemeenten/delft/")

    staff = get_user_model().objects.create_user("redacteur", password="een-lang-genoeg-wachtwoord", is_staff=True)
    # A researcher: staff in a role (is_staff alone previews no drafts).
    staff.groups.add(Group.objects.get(name="Onderzoeker"))
    client.force_login(staff)
    html = get(client, "/gemeenten/delft/")

    # On the card, as a staff preview of the draft.
    assert '<a href="/interventies/compaan/">Compaan (seniorentablet)</a>' in html
