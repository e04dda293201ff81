"""An intervention's page and the filtered investment lists at national scale: the public's list of
investments (the investments an intervention, a filter, search or sort selects) and the texts that
name an intervention are read from values kept per content version; what a page shows stays exactly
what computing it afresh shows, and staff still see drafts."""

import re

import pytest
from django.core.cache import cache

from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Intervention, Investment
from lessons.models import Tip
from tests.workspace_helpers import ONDERZOEKER, make_user

from .helpers import fresh_computed_kept, get

pytestmark = pytest.mark.django_db

PAGES = [
    "/interventies/",
    "/interventies/compaan/",
    "/interventies/compaan/?pagina=2",
    "/en/interventies/compaan/",
    "/investeringen/?thema=training&status=gedaan",
    "/investeringen/?thema=training&status=gedaan&pagina=3",
    "/investeringen/?ronde=2019",
    "/investeringen/?ronde=2019&status=gepland&provincie=zuid-holland",
    "/investeringen/?q=compaan",
    "/investeringen/?sorteer=titel&pagina=2",
    "/investeringen/?gemeente=delft&thema=onbekend",
    "/investeringen/?q=compaan&status=gedaan&thema=technologie&doelgroep=ouderen&interventie=compaan"
    "&provincie=noord-holland&sorteer=titel",
]


@pytest.mark.parametrize("url", PAGES)
def test_precomputed_pages_are_the_same_as_pages_computed_afresh(client, settings, grow, url):
    grow(6)  # Compaan used by more than fifty investments: a second page of them
    fresh, computed, kept = fresh_computed_kept(client, settings, [url])
    if url == "/interventies/compaan/?pagina=2":
        assert "Hieronder investering 51 tot en met" in fresh[url]
    assert computed == fresh  # computes and keeps
    assert kept == fresh  # reads what it kept


def test_every_intervention_names_the_same_texts_precomputed(client, settings):
    for slug in Intervention.objects.published().values_list("slug", flat=True):
        url = f"/interventies/{slug}/"
        settings.PORTAL_PRECOMPUTE = False
        fresh = get(client, url)
        settings.PORTAL_PRECOMPUTE = True
        cache.clear()
        assert get(client, url) == fresh, slug
    cache.clear()


def test_staff_see_a_draft_tip_that_names_the_intervention_and_the_public_does_not(client, precomputed):
    compaan = Intervention.objects.get(slug="compaan")
    tip = Tip.objects.published().first()
    Tip.objects.filter(pk=tip.pk).update(text=f"Werk samen met {compaan.name} en de bibliotheek.")
    set_publication_status(Tip.objects.filter(pk=tip.pk), PublicationStatus.DRAFT)
    url = "/interventies/compaan/"
    public_before = get(client, url)

    client.force_login(make_user(ONDERZOEKER))
    staff = get(client, url)
    client.logout()

    assert "Werk samen met Compaan" in staff
    assert "Werk samen met Compaan" not in public_before
    assert "Werk samen met Compaan" not in get(client, url)


def test_a_published_tip_that_names_the_intervention_is_shown(client, precomputed):
    compaan = Intervention.objects.get(slug="compaan")
    tip = Tip.objects.published().first()
    Tip.objects.filter(pk=tip.pk).update(text=f"Werk samen met {compaan.name.upper()} en de bibliotheek.")

    html = get(client, "/interventies/compaan/")

    assert "In tips" in html
    assert "Werk samen met COMPAAN" in html


def test_the_same_selection_written_differently_shows_the_same_list(client, precomputed, grow):
    grow(2)
    first = get(client, "/investeringen/?thema=training&status=gedaan")
    # Another parameter order and an invalid filter (ignored, with a message) select the same list.
    again = get(client, "/investeringen/?status=gedaan&thema=training&doelgroep=onbekend")

    def cards(html):
        return re.findall(r'<article class="portal-investment" id="([^"]+)"', html)

    assert cards(first) and cards(again) == cards(first)


def test_staff_see_a_draft_investment_in_a_filtered_list_and_the_public_does_not(client, precomputed):
    investment = Investment.objects.published().filter(themes__slug="training").first()
    url = "/investeringen/?thema=training"
    assert f'id="{investment.anchor}"' in get(client, url)
    set_publication_status(Investment.objects.filter(pk=investment.pk), PublicationStatus.DRAFT)
    cache.clear()  # the test's transaction never commits, so the content version does not move

    client.force_login(make_user(ONDERZOEKER))
    staff = get(client, url)
    client.logout()

    assert f'id="{investment.anchor}"' in staff
    assert f'id="{investment.anchor}"' not in get(client, url)
