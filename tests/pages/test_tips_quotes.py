"""/tips/ and /citaten/ with their filters, the links to them, the intervention catalogue's filters and
the places an intervention page finds it mentioned; all in a flat number of queries."""

import re

import pytest
from django.utils.html import escape

from core.models import PublicationStatus
from investments.models import Intervention, Investment, TargetGroup, Theme
from lessons.models import Quote, Tip
from municipalities.models import Municipality
from tests.pages.test_query_counts import _measure

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _tip_texts(html):
    return re.findall(r'<figure class="portal-quote portal-tip">.*?<p>“(.*?)”</p>', html, re.DOTALL)


def _quote_texts(html):
    return re.findall(r'<figure class="portal-quote">.*?<p>“(.*?)”</p>', html, re.DOTALL)


def _escaped(texts):
    return sorted(escape(text) for text in texts)


def _theme_municipalities(theme):
    # Written independently of the app: municipalities with a published investment in the theme.
    return set(
        Investment.objects.filter(
            themes=theme, publication_status=PUBLISHED, municipality__publication_status=PUBLISHED
        ).values_list("municipality_id", flat=True)
    )


def test_tip_list_shows_every_published_tip_in_both_languages(client):
    expected = _escaped(Tip.objects.published().values_list("text", flat=True))
    assert len(expected) == 4
    assert sorted(_tip_texts(_get(client, "/tips/"))) == expected
    english = _get(client, "/en/tips/")
    assert sorted(_tip_texts(english)) == expected
    assert "Tips from municipalities" in english


def test_tip_list_hides_drafts(client):
    tip = Tip.objects.get(municipality__slug="roermond")
    tip.publication_status = DRAFT
    tip.save()
    assert len(_tip_texts(_get(client, "/tips/"))) == 3
    assert "roermond" not in _get(client, "/tips/?gemeente=roermond").split("results-title")[1].split("</h2>")[0]


@pytest.mark.parametrize(
    ("query", "lookup"),
    [
        ("gemeente=roermond", {"municipality__slug": "roermond"}),
        ("knelpunt=community-building", {"bottleneck__slug": "community-building"}),
        ("gemeente=amsterdam&knelpunt=community-building", {"municipality__slug": "amsterdam"}),
    ],
)
def test_tip_filters(client, query, lookup):
    expected = _escaped(Tip.objects.published().filter(**lookup).values_list("text", flat=True))
    assert 0 < len(expected) < 4
    assert sorted(_tip_texts(_get(client, f"/tips/?{query}"))) == expected


def test_tip_theme_filter_means_municipalities_investing_in_the_theme(client):
    narrowed = 0
    for theme in Theme.objects.all():
        expected = _escaped(
            Tip.objects.published()
            .filter(municipality_id__in=_theme_municipalities(theme))
            .values_list("text", flat=True)
        )
        narrowed += 0 < len(expected) < 4
        assert sorted(_tip_texts(_get(client, f"/tips/?thema={theme.slug}"))) == expected, theme.slug
    assert narrowed, "no theme narrows the tips, so the filter is untested"
    assert "Gemeente investeerde in thema" in _get(client, "/tips/")


def test_invalid_tip_filter_is_shown_and_ignored(client):
    html = _get(client, "/tips/?gemeente=bestaat-niet&knelpunt=community-building")
    assert 'role="alert"' in html
    assert len(_tip_texts(html)) == Tip.objects.published().filter(bottleneck__slug="community-building").count()


def test_quote_list_shows_every_published_quote(client):
    html = _get(client, "/citaten/")
    assert sorted(_quote_texts(html)) == _escaped(Quote.objects.published().values_list("text", flat=True))
    assert len(_quote_texts(html)) == 18
    # Quotes the report attributes to no municipality are there, and say so.
    assert "Geïnterviewde gemeenten (geen gemeente genoemd)" in html


@pytest.mark.parametrize(
    ("query", "lookup"),
    [
        ("gemeente=den-haag", {"municipality__slug": "den-haag"}),
        ("les=verdiepingsslag-problematiek", {"lesson__slug": "verdiepingsslag-problematiek"}),
        ("knelpunt=actief-duurzaam-netwerk", {"bottleneck__slug": "actief-duurzaam-netwerk"}),
        (
            "gemeente=haarlemmermeer&knelpunt=actief-duurzaam-netwerk",
            {"municipality__slug": "haarlemmermeer", "bottleneck__slug": "actief-duurzaam-netwerk"},
        ),
    ],
)
def test_quote_filters(client, query, lookup):
    expected = _escaped(Quote.objects.published().filter(**lookup).values_list("text", flat=True))
    assert 0 < len(expected) < 18
    assert sorted(_quote_texts(_get(client, f"/citaten/?{query}"))) == expected


def test_quote_theme_filter_leaves_out_quotes_without_municipality(client):
    theme = Theme.objects.get(slug="samenwerking-netwerk")
    expected = _escaped(
        Quote.objects.published()
        .filter(municipality_id__in=_theme_municipalities(theme))
        .values_list("text", flat=True)
    )
    html = _get(client, f"/citaten/?thema={theme.slug}")
    assert sorted(_quote_texts(html)) == expected
    assert "Geïnterviewde gemeenten (geen gemeente genoemd)" not in html


def test_key_figures_and_lists_link_to_tips_and_quotes(client):
    home = _get(client, "/")
    assert 'href="/tips/"' in home and 'href="/citaten/"' in home
    assert 'href="/en/tips/"' in _get(client, "/en/")
    assert 'href="/tips/"' in _get(client, "/knelpunten/")
    assert 'href="/citaten/"' in _get(client, "/lessen/")


def test_municipality_page_links_to_its_tips_and_quotes(client):
    html = _get(client, "/gemeenten/haarlemmermeer/")
    assert 'href="/tips/?gemeente=haarlemmermeer"' in html
    assert 'href="/citaten/?gemeente=haarlemmermeer"' in html
    # A municipality without tips gets no link to an empty list.
    assert "/tips/?gemeente=delft" not in _get(client, "/gemeenten/delft/")


def test_tips_and_quotes_are_in_the_sitemap(client):
    xml = _get(client, "/sitemap.xml")
    assert "/tips/</loc>" in xml and "/citaten/</loc>" in xml


def _intervention_slugs(html):
    return sorted(set(re.findall(r'<h2><a href="/interventies/([^/]+)/">', html)))


def test_intervention_catalogue_filters_by_theme(client):
    for theme in Theme.objects.all():
        expected = sorted(
            set(
                Intervention.objects.filter(
                    publication_status=PUBLISHED,
                    investments__in=Investment.objects.published().filter(themes=theme),
                ).values_list("slug", flat=True)
            )
        )
        assert _intervention_slugs(_get(client, f"/interventies/?thema={theme.slug}")) == expected, theme.slug
    everything = _intervention_slugs(_get(client, "/interventies/"))
    assert len(everything) == Intervention.objects.published().count()


def test_intervention_catalogue_filters_by_target_group_and_both(client):
    checked = 0
    for group in TargetGroup.objects.all():
        investments = Investment.objects.published().filter(target_groups=group)
        expected = sorted(
            set(Intervention.objects.published().filter(investments__in=investments).values_list("slug", flat=True))
        )
        assert _intervention_slugs(_get(client, f"/interventies/?doelgroep={group.slug}")) == expected
        checked += bool(expected)
    assert checked
    theme = Theme.objects.get(slug="technologie")
    group = TargetGroup.objects.get(slug="ouderen")
    both = Investment.objects.published().filter(themes=theme).filter(target_groups=group)
    expected = sorted(set(Intervention.objects.published().filter(investments__in=both).values_list("slug", flat=True)))
    assert _intervention_slugs(_get(client, f"/interventies/?thema={theme.slug}&doelgroep={group.slug}")) == expected


def test_intervention_page_shows_every_mention(client):
    bloemen = _get(client, "/interventies/bloemenestafette/")
    tip = Tip.objects.published().get(text__icontains="Bloemenestafette")
    assert _tip_texts(bloemen) == _escaped([tip.text])

    html = _get(client, "/interventies/kijk-in-de-wijk/")
    quote = Quote.objects.published().get(text__icontains="kijk in de wijk")
    assert _escaped([quote.text])[0] in _quote_texts(html)
    situation = Municipality.objects.published().get(context__icontains="kijk in de wijk")
    mentions = html.split('id="genoemd"')[1]
    assert f'href="{situation.get_absolute_url()}"' in mentions

    # A catalogue name with an explanation in brackets is found by its name alone: "Compaan
    # (seniorentablet)" is "de Compaan (tablet voor ouderen)" in Haarlemmermeer's tip (issue 23).
    compaan = Tip.objects.published().get(text__icontains="de Compaan")
    assert _escaped([compaan.text])[0] in _tip_texts(_get(client, "/interventies/compaan/"))
    assert "noemen deze interventie bij naam" in _get(client, "/interventies/seniorenfit/")


def test_intervention_mentions_leave_out_drafts(client):
    Tip.objects.filter(text__icontains="Bloemenestafette").update(publication_status=DRAFT)
    html = _get(client, "/interventies/bloemenestafette/")
    assert _tip_texts(html) == []


URLS = [
    "/tips/",
    "/tips/?thema=samenwerking-netwerk&knelpunt=actief-duurzaam-netwerk",
    "/citaten/",
    "/citaten/?gemeente=haarlemmermeer&thema=training",
    "/interventies/?thema=training&doelgroep=professionals",
    "/interventies/compaan/",
    "/en/tips/",
]


@pytest.mark.parametrize("url", URLS)
def test_query_count_is_small_and_flat(client, grow, url):
    client.get(url)  # warm up process-wide caches
    status, before, _body, queries = _measure(client, url)
    assert status == 200
    grow()
    status, after, body, _queries = _measure(client, url)
    assert re.search(r"Test(gemeente|tip|citaat)", body), "the grown data is not on the page"
    assert after == before <= 10, [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "model", "message"),
    [
        ("/citaten/", Quote, "Geen citaten gevonden met deze filters."),
        ("/tips/", Tip, "Geen tips gevonden met deze filters."),
    ],
)
def test_a_selection_without_any_says_so_and_shows_none(client, path, model, message):
    # A municipality and a bottleneck that each have some, but none together: the list is empty.
    pairs = set(model.objects.published().values_list("municipality__slug", "bottleneck__slug"))
    municipalities = {municipality for municipality, _ in pairs if municipality}
    bottlenecks = {bottleneck for _, bottleneck in pairs if bottleneck}
    municipality, bottleneck = next(
        (m, b) for m in sorted(municipalities) for b in sorted(bottlenecks) if (m, b) not in pairs
    )
    html = _get(client, f"{path}?gemeente={municipality}&knelpunt={bottleneck}")
    everything = _get(client, path)

    assert message in html
    assert '<figure class="portal-quote' not in html
    assert message not in everything
    assert '<figure class="portal-quote' in everything
