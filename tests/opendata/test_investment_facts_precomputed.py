"""A filtered investment download reads what does not depend on its filters (term names, rounds,
source) from values worked out once per content version, and is then one query for its rows."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus, Theme

URL = "/open-data/investeringen.json?status=gepland"


def _records(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_precomputed_rows_equal_rows_worked_out_per_download(client, settings):
    per_download = _records(client)
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    try:
        assert _records(client) == per_download  # building the values
        assert _records(client) == per_download  # reading them back
    finally:
        cache.clear()
    assert any(record["themas"] and record["doelgroepen"] and record["partners"] for record in per_download)
    assert all(record["status"] == "gepland" for record in per_download)


@pytest.mark.django_db
def test_filtered_download_reads_only_its_rows(client, precomputed):
    _records(client)  # the first request after a change works out the values

    with CaptureQueriesContext(connection) as queries:
        _records(client)

    # The content version, then the selected investments with their municipality.
    assert len(queries) == 2


@pytest.mark.django_db
def test_investment_added_after_the_values_were_worked_out_is_complete(client, precomputed):
    """A download racing a change can read the old version's values: a row they lack is still whole."""
    _records(client)
    template = Investment.objects.filter(status=InvestmentStatus.PLANNED, themes__isnull=False).first()
    added = Investment.objects.create(
        municipality=template.municipality,
        status=InvestmentStatus.PLANNED,
        title="Zzz later toegevoegd",
        slug="zzz-later-toegevoegd",
        text="Later toegevoegd.",
        position=999,
        publication_status=PublicationStatus.PUBLISHED,
    )
    added.themes.set(Theme.objects.filter(slug="campagne"))
    # The version moves on commit, which a test's transaction never does: the old values stay in use.

    record = next(record for record in _records(client) if record["id"] == added.pk)

    assert record["themas"] == [Theme.objects.get(slug="campagne").name]
    assert record["titel"] == "Zzz later toegevoegd"
    assert record["bron"].startswith("ingevoerd op ")
