"""A lesson's and a bottleneck's page read which public quotes and tips to show, and how many there
are, from ids kept per content version; what they show stays what the database gives, and staff
still see drafts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from lessons.models import Bottleneck, Lesson, Quote, Tip
from tests.workspace_helpers import ONDERZOEKER, make_user

from .helpers import fresh_computed_kept, get

pytestmark = pytest.mark.django_db


def _finding_urls():
    lessons = [f"/lessen/{slug}/" for slug in Lesson.objects.published().values_list("slug", flat=True)]
    bottlenecks = [f"/knelpunten/{slug}/" for slug in Bottleneck.objects.published().values_list("slug", flat=True)]
    return lessons + bottlenecks


def test_every_finding_page_from_kept_ids_is_the_page_the_database_gives(client, settings, grow):
    grow(3)  # more tips and quotes per finding than a page shows
    fresh, computed, kept = fresh_computed_kept(client, settings, _finding_urls())

    assert computed == fresh
    assert kept == fresh


def test_kept_ids_spare_the_count_and_the_publication_joins(client, settings):
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    bottleneck = Bottleneck.objects.published().filter(tips__isnull=False, quotes__isnull=False).first()
    url = f"/knelpunten/{bottleneck.slug}/"
    get(client, url)
    try:
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
    finally:
        cache.clear()

    reads = [query["sql"] for query in queries.captured_queries if 'FROM "lessons_tip"' in query["sql"]]
    assert len(reads) == 1
    assert "COUNT(" not in reads[0]
    assert '"publication_status"' not in reads[0].split("WHERE", 1)[1]


def test_staff_see_a_draft_tip_and_quote_the_public_does_not(client, settings):
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    tip = Tip.objects.published().first()
    quote = (
        Quote.objects.published().filter(bottleneck=tip.bottleneck).first()
        or Quote.objects.published().filter(lesson__isnull=False).first()
    )
    Tip.objects.filter(pk=tip.pk).update(publication_status=PublicationStatus.DRAFT)
    Quote.objects.filter(pk=quote.pk).update(publication_status=PublicationStatus.DRAFT)
    quote_url = f"/knelpunten/{quote.bottleneck.slug}/" if quote.bottleneck else f"/lessen/{quote.lesson.slug}/"
    tip_url = f"/knelpunten/{tip.bottleneck.slug}/"
    try:
        public = get(client, tip_url) + get(client, quote_url)
        client.force_login(make_user(ONDERZOEKER))
        staff = get(client, tip_url) + get(client, quote_url)
    finally:
        cache.clear()

    assert tip.text[:40] not in public
    assert quote.text[:40] not in public
    assert tip.text[:40] in staff
    assert quote.text[:40] in staff
