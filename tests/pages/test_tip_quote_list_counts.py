"""/tips/ and /citaten/ count all public rows once per content version (issue 13); a filtered list
and a staff member's list are counted by the database, and every count is the real one."""

import re

import pytest

from core.models import PublicationStatus
from core.publication import set_publication_status
from lessons.models import Quote, Tip
from tests.workspace_helpers import ONDERZOEKER, make_user

from .helpers import get


def _count(html):
    return int(re.search(r'<h2 id="results-title">(\d+) (?:citaat|citaten|tip|tips) gevonden', html).group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "model"), [("/citaten/", Quote), ("/tips/", Tip)])
def test_counts_are_the_databases(client, precomputed, url, model):
    public = model.objects.published()
    one = public.filter(municipality__isnull=False).first().municipality

    for _ in range(2):
        assert _count(get(client, url)) == public.count()
        assert _count(get(client, f"{url}?pagina=2")) == public.count()
        assert _count(get(client, f"{url}?gemeente={one.slug}")) == public.filter(municipality=one).count()
        # An invalid filter is ignored: all of them.
        assert _count(get(client, f"{url}?gemeente=bestaat-niet")) == public.count()


@pytest.mark.django_db
def test_staff_count_their_drafts_the_public_does_not(client, precomputed):
    public_count = Quote.objects.published().count()
    assert _count(get(client, "/citaten/")) == public_count
    set_publication_status(Quote.objects.filter(pk=Quote.objects.published().first().pk), PublicationStatus.DRAFT)

    client.force_login(make_user(ONDERZOEKER))
    assert _count(get(client, "/citaten/")) == Quote.objects.count()
    client.logout()
    # The public count kept for this content version was never the staff one.
    assert _count(get(client, "/citaten/")) == public_count
