"""Shared by the page tests."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus, Theme
from municipalities.models import Municipality, Province
from pages.geo import geometry

PUBLISHED = PublicationStatus.PUBLISHED


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url} gave {response.status_code}"
    return response.content.decode("utf-8")


def fresh_computed_kept(client, settings, urls):
    """Each page written three times: with the values kept per content version off, then on from an
    empty cache (computed and kept), then on again (read back); three {url: html}, to compare."""
    settings.PORTAL_PRECOMPUTE = False
    fresh = {url: get(client, url) for url in urls}
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    try:
        computed = {url: get(client, url) for url in urls}
        kept = {url: get(client, url) for url in urls}
    finally:
        cache.clear()
    return fresh, computed, kept


def measured(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode("utf-8")


def public_counts(theme_slug=None):
    """{slug: (completed, planned)} of every published municipality, counted without the app's helpers."""
    counts = {
        slug: [0, 0]
        for slug in Municipality.objects.filter(publication_status=PUBLISHED).values_list("slug", flat=True)
    }
    investments = Investment.objects.filter(publication_status=PUBLISHED, municipality__publication_status=PUBLISHED)
    if theme_slug:
        investments = investments.filter(themes__slug=theme_slug)
    for slug, status in investments.values_list("municipality__slug", "status"):
        counts[slug][0 if status == InvestmentStatus.COMPLETED else 1] += 1
    return {slug: tuple(pair) for slug, pair in counts.items()}


def fill_the_country():
    """Add every municipality of the boundary file that the report lacks (342 in all), each with one
    published investment in the first theme: the portal as it would be with national data. Skips the
    test without the reference data folder, whose boundaries name the country's municipalities."""
    if not geometry().loaded:
        pytest.skip("no reference data (PORTAL_REFERENCE_DATA_DIR): no boundaries to fill the country from")
    known = set(Municipality.objects.values_list("cbs_code", flat=True))
    provinces = Province.values
    added = Municipality.objects.bulk_create(
        Municipality(
            name=f"Landgemeente {code}",
            slug=f"landgemeente-{code.lower()}",
            cbs_code=code,
            province=provinces[index % len(provinces)],
            publication_status=PUBLISHED,
        )
        for index, code in enumerate(sorted(set(geometry().paths) - known))
    )
    theme = Theme.objects.order_by("position").first()
    investments = Investment.objects.bulk_create(
        Investment(
            municipality=m,
            title="Landelijke investering",
            slug="landelijke-investering",
            text="Landelijke investering",
            status=InvestmentStatus.COMPLETED,
            position=1,
            publication_status=PUBLISHED,
        )
        for m in added
    )
    Investment.themes.through.objects.bulk_create(
        Investment.themes.through(investment_id=i.pk, theme_id=theme.pk) for i in investments
    )
    return added


def map_links(html):
    """(slug, level) of every municipality link in the map."""
    return re.findall(r'<a href="(?:/en)?/gemeenten/([\w-]+)/" class="portal-map__link portal-map__level-(\d)"', html)
