"""A municipality with very many investments (after a large import) still gets a page of normal size:
each section shows its first cards and says how many there are (issue 25, item 7)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments import selectors
from investments.models import Investment, InvestmentStatus
from municipalities.models import Municipality
from tests.pages.helpers import get


def _add(municipality, status, count, start=0):
    Investment.objects.bulk_create(
        Investment(
            municipality=municipality,
            status=status,
            title=f"Extra {status} {number}",
            slug=f"extra-{status}-{number}",
            text="Een investering uit een groot bestand.",
            position=100 + number,
            publication_status=PublicationStatus.PUBLISHED,
        )
        for number in range(start, start + count)
    )


@pytest.fixture
def cut_at_three(monkeypatch):
    monkeypatch.setattr(selectors, "CARDS_PER_SECTION", 3)
    # The view reads the default when called: patch the function's default too.
    monkeypatch.setattr(selectors.municipality_sections, "__defaults__", (3,))


@pytest.mark.django_db
def test_each_section_shows_its_first_cards_and_counts_them_all(client, cut_at_three):
    heerlen = Municipality.objects.get(slug="heerlen")
    done_before = Investment.objects.filter(municipality=heerlen, status=InvestmentStatus.COMPLETED).count()
    _add(heerlen, InvestmentStatus.COMPLETED, 5)
    _add(heerlen, InvestmentStatus.ONGOING, 4)

    html = get(client, "/gemeenten/heerlen/")

    assert f"Gedane investeringen ({done_before + 5})" in html
    assert f"Hier staan de eerste 3 van {done_before + 5} investeringen." in html
    assert "Hier staan de eerste 3 van 4 investeringen." in html
    assert 'href="/investeringen/?gemeente=heerlen"' in html
    # The first cards in the report's order are shown; the later ones are only counted.
    first_done = list(
        Investment.objects.filter(municipality=heerlen, status=InvestmentStatus.COMPLETED)
        .in_report_order()
        .values_list("title", flat=True)
    )
    assert first_done[0] in html and first_done[-1] not in html
    assert "Extra ongoing 2" in html and "Extra ongoing 3" not in html


@pytest.mark.django_db
def test_a_section_that_fits_is_not_cut(client):
    html = get(client, "/gemeenten/heerlen/")

    assert "Hier staan de eerste" not in html


@pytest.mark.django_db
def test_the_sections_are_one_query_however_many_investments():
    heerlen = Municipality.objects.get(slug="heerlen")
    _add(heerlen, InvestmentStatus.PLANNED, 250)

    with CaptureQueriesContext(connection) as queries:
        sections = selectors.municipality_sections(heerlen, None)

    assert len(queries) == 1
    assert [len(section.cards) for section in sections.values()] <= [100, 100, 100]
    assert len(sections["planned"].cards) == 100 and sections["planned"].total > 250
    assert sections["planned"].is_cut and not sections["completed"].is_cut
