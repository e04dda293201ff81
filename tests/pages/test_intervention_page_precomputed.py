"""An intervention's page and the filtered investment lists at national scale: the public's list of
investments and the texts that name an intervention are read from values kept per content version;
what a page shows stays exactly what computing it afresh shows, and staff still see drafts."""

import pytest
from django.core.cache import cache

from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Intervention
from lessons.models import Tip
from tests.workspace_helpers import ONDERZOEKER, make_user

from .helpers import get

pytestmark = pytest.mark.django_db

PAGES = [
    "/interventies/",
    "/interventies/compaan/",
    "/interventies/compaan/?pagina=2",
    "/en/interventies/compaan/",
    "/investeringen/?thema=training&status=gedaan",
    "/investeringen/?thema=training&status=gedaan&pagina=3",
    "/investeringen/?ronde=2019",
    "/investeringen/?q=compaan&status=gedaan&thema=technologie&doelgroep=ouderen&interventie=compaan"
    "&provincie=noord-holland&sorteer=titel",
]


@pytest.fixture
def precompute(settings):
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("url", PAGES)
def test_precomputed_pages_are_the_same_as_pages_computed_afresh(client, settings, grow, url):
    grow(6)  # Compaan used by more than fifty investments: a second page of them
    settings.PORTAL_PRECOMPUTE = False
    fresh = get(client, url)
    if url == "/interventies/compaan/?pagina=2":
        assert "Hieronder investering 51 tot en met" in fresh
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    try:
        assert get(client, url) == fresh  # computes and keeps
        assert get(client, url) == fresh  # reads what it kept
    finally:
        cache.clear()


def test_every_intervention_names_the_same_texts_precomputed(client, settings):
    for slug in Intervention.objects.published().values_list("slug", flat=True):
        url = f"/interventies/{slug}/"
        settings.PORTAL_PRECOMPUTE = False
        fresh = get(client, url)
        settings.PORTAL_PRECOMPUTE = True
        cache.clear()
        assert get(client, url) == fresh, slug
    cache.clear()


def test_staff_see_a_draft_tip_that_names_the_intervention_and_the_public_does_not(client, precompute):
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


def test_a_published_tip_that_names_the_intervention_is_shown(client, precompute):
    compaan = Intervention.objects.get(slug="compaan")
    tip = Tip.objects.published().first()
    Tip.objects.filter(pk=tip.pk).update(text=f"Werk samen met {compaan.name.upper()} en de bibliotheek.")

    html = get(client, "/interventies/compaan/")

    assert "In tips" in html
    assert "Werk samen met COMPAAN" in html
