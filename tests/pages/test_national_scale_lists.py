"""Investments, interventions, lessons and bottlenecks at national scale: what grows is paged or
selected, the report's own content stays complete, and precomputed lists say the same as the
queries they replace."""

import re

import pytest
from django.utils.html import escape

from core.models import PublicationStatus
from investments.models import Intervention, Investment
from lessons.models import Bottleneck, Lesson, Tip
from municipalities.models import Municipality
from pages.views.investments import INTERVENTION_PAGE_SIZE, PAGE_SIZE
from pages.views.lessons import TIPS_SHOWN
from pages.views.selection import MUNICIPALITY_SAMPLE

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _anchors(html):
    return re.findall(r'<article class="portal-investment" id="([^"]+)"', html)


def _card(html, slug):
    """The catalogue card of one intervention."""
    start = html.index(f'<h2><a href="/interventies/{slug}/">')
    return html[start : html.index("</li>", start)]


def _linked_municipalities(fragment):
    return re.findall(r'<a href="/gemeenten/([^/"]+)/">', fragment)


@pytest.mark.parametrize("page", [1, 2, 3])
def test_the_precomputed_investment_list_is_the_report_order(client, grow, precomputed, page):
    grow(2)
    expected = [i.anchor for i in Investment.objects.published().in_report_order()][
        (page - 1) * PAGE_SIZE : page * PAGE_SIZE
    ]
    html = _get(client, f"/investeringen/?pagina={page}")
    assert _anchors(html) == expected
    count = Investment.objects.published().count()
    assert f"{count} investeringen gevonden" in html


def test_staff_see_drafts_in_the_unfiltered_investment_list(client, admin_user, precomputed):
    draft = Investment.objects.published().in_report_order().first()
    Investment.objects.filter(pk=draft.pk).update(publication_status=PublicationStatus.DRAFT)
    assert draft.anchor not in _anchors(_get(client, "/investeringen/"))
    client.force_login(admin_user)
    html = _get(client, "/investeringen/")
    assert draft.anchor in _anchors(html)
    assert "Concept, niet openbaar" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("thema=bestaat-niet", "thema"), ("gemeente=nergens", "gemeente"), ("ronde=1800", "ronde")],
)
def test_an_unknown_filter_value_is_reported_and_ignored(client, precomputed, query, field):
    html = _get(client, f"/investeringen/?{query}")
    assert f'id="id_{field}_error"' in html
    assert f"{Investment.objects.published().count()} investeringen gevonden" in html


def test_filter_values_are_checked_against_the_precomputed_options(client, precomputed):
    municipality = Municipality.objects.get(slug="delft")
    html = _get(client, "/investeringen/?gemeente=delft&interventie=compaan&ronde=2019")
    expected = Investment.objects.published().filter(municipality=municipality, interventions__slug="compaan")
    assert sorted(_anchors(html)) == sorted(i.anchor for i in expected)
    assert '<option value="delft" selected>Delft</option>' in html


def test_the_catalogue_names_every_municipality_at_the_report_scale(client, precomputed):
    html = _get(client, "/interventies/")
    for intervention in Intervention.objects.published():
        names = set(
            Investment.objects.published()
            .filter(interventions=intervention)
            .values_list("municipality__slug", flat=True)
        )
        if names:
            assert set(_linked_municipalities(_card(html, intervention.slug))) == names, intervention.slug


def test_the_catalogue_selects_municipalities_at_national_scale(client, grow, precomputed):
    grow(2)  # 30 more municipalities, each with a Compaan investment
    html = _get(client, "/interventies/")
    card = _card(html, "compaan")
    used_by = (
        Municipality.objects.filter(
            investments__in=Investment.objects.published().filter(interventions__slug="compaan")
        )
        .distinct()
        .order_by("name")
    )
    assert used_by.count() > MUNICIPALITY_SAMPLE
    assert _linked_municipalities(card) == [m.slug for m in used_by[:MUNICIPALITY_SAMPLE]]
    assert f"Alle {used_by.count()} gemeenten" in card
    investments = Investment.objects.published().filter(interventions__slug="compaan").count()
    assert f"{investments} investeringen, {used_by.count()} gemeenten" in card


def test_the_intervention_page_pages_its_investments(client, grow):
    grow(3)
    investments = Investment.objects.published().filter(interventions__slug="compaan").in_report_order()
    total = investments.count()
    assert total > INTERVENTION_PAGE_SIZE
    first, second = _get(client, "/interventies/compaan/"), _get(client, "/interventies/compaan/?pagina=2")
    assert f"{total} investeringen met deze interventie" in first
    assert _anchors(first) == [i.anchor for i in investments[:INTERVENTION_PAGE_SIZE]]
    assert _anchors(second) == [i.anchor for i in investments[INTERVENTION_PAGE_SIZE : 2 * INTERVENTION_PAGE_SIZE]]
    assert 'rel="next"' in first


def test_the_intervention_page_shows_the_report_in_full(client):
    investments = Investment.objects.published().filter(interventions__slug="compaan")
    html = _get(client, "/interventies/compaan/")
    assert sorted(_anchors(html)) == sorted(i.anchor for i in investments)
    assert "portal-pagination" not in html


@pytest.mark.parametrize(("model", "url"), [(Lesson, "/lessen/"), (Bottleneck, "/knelpunten/")])
def test_finding_lists_name_every_municipality_at_the_report_scale(client, precomputed, model, url):
    html = _get(client, url)
    for finding in model.objects.published():
        start = html.index(f'<a href="{finding.get_absolute_url()}">')
        card = html[start : html.index("</li>", start)]
        named = finding.municipalities.published().values_list("slug", flat=True)
        assert set(_linked_municipalities(card)) == set(named)


@pytest.mark.parametrize(("model", "url"), [(Lesson, "/lessen/"), (Bottleneck, "/knelpunten/")])
def test_finding_lists_select_municipalities_at_national_scale(client, grow, precomputed, model, url):
    grow(2)
    html = _get(client, url)
    for finding in model.objects.published():
        start = html.index(f'<a href="{finding.get_absolute_url()}">')
        card = html[start : html.index("</li>", start)]
        named = finding.municipalities.published().order_by("name")
        assert _linked_municipalities(card) == [m.slug for m in named[:MUNICIPALITY_SAMPLE]]
        assert f"Alle {named.count()} gemeenten" in card


def test_a_finding_page_names_all_its_municipalities(client, grow, precomputed):
    grow(2)
    lesson = Lesson.objects.published().first()
    html = _get(client, lesson.get_absolute_url())
    section = html[html.index("<h2>Genoemde gemeenten</h2>") :]
    assert _linked_municipalities(section[: section.index("</ul>")]) == list(
        lesson.municipalities.published().order_by("name").values_list("slug", flat=True)
    )


def test_a_bottleneck_page_shows_its_first_tips_and_links_to_all(client, grow):
    bottleneck = Bottleneck.objects.published().first()
    report_tips = list(Tip.objects.published().filter(bottleneck=bottleneck))
    grow(3)  # ten speakers: ten more tips for every bottleneck, not yet over the limit
    municipality = Municipality.objects.published().first()
    Tip.objects.bulk_create(
        Tip(bottleneck=bottleneck, municipality=municipality, text=f"Extra tip {n}", slug=f"extra-{n}", position=99)
        for n in range(TIPS_SHOWN)
    )
    Tip.objects.filter(slug__startswith="extra-").update(publication_status=PublicationStatus.PUBLISHED)
    total = Tip.objects.published().filter(bottleneck=bottleneck).count()
    html = _get(client, bottleneck.get_absolute_url())
    assert html.count('<figure class="portal-quote portal-tip">') == TIPS_SHOWN
    assert f'href="/tips/?knelpunt={bottleneck.slug}">Alle {total} tips bij dit knelpunt</a>' in html
    for tip in report_tips:  # the report's own tips come first and stay
        assert escape(tip.text) in html
