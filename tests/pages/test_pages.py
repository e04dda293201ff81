"""The public pages: status, key content, filters, search, drafts, 404s and bad input.

Expected values come from the ORM with the publication rules spelled out here (published record,
published municipality), or from the report itself where the brief names a figure, so a page that
drifts from the data fails. Regular expressions read the HTML: the templates are ours and stable,
and a parser would not make the tests stricter.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter, defaultdict
from html import unescape
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from django.utils.html import escape

from core.models import PublicationStatus
from core.search import MAX_QUERY_LENGTH
from investments.models import Intervention, Investment, InvestmentStatus, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
COMPLETED = InvestmentStatus.COMPLETED
PLANNED = InvestmentStatus.PLANNED
PAGE_SIZE = 20
# The order of /investeringen/ without `sorteer`: the report's order, municipality by municipality.
REPORT_ORDER = ("municipality__name", "status", "position", "pk")
XSS = "<script>alert(1)</script>"


# --- helpers ---------------------------------------------------------------------------------------


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url} gave {response.status_code}, expected {status}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8")


def _public_investments(**filters):
    # Spelled out rather than `.published()`, so that the tests check the rule and not reuse it.
    return Investment.objects.filter(
        publication_status=PUBLISHED, municipality__publication_status=PUBLISHED, **filters
    ).select_related("municipality")


def _public_municipalities(**filters):
    return Municipality.objects.filter(publication_status=PUBLISHED, **filters).order_by("name")


_CARD = re.compile(r'<article class="portal-investment" id="investering-(?P<slug>[^"]+)".*?</article>', re.DOTALL)


def _cards(html):
    """The investment cards of a page: slug, status, municipality (if shown) and linked facets."""
    cards = []
    for match in _CARD.finditer(html):
        block = match.group(0)
        municipality = re.search(r'· <a href="(?:/en)?/gemeenten/([\w-]+)/">', block)
        cards.append(
            {
                "slug": match.group("slug"),
                "status": re.search(r"portal-status--(\w+)", block).group(1),
                "municipality": municipality.group(1) if municipality else None,
                "themes": re.findall(r"\?thema=([\w-]+)", block),
                "target_groups": re.findall(r"\?doelgroep=([\w-]+)", block),
                "interventions": re.findall(r'href="(?:/en)?/interventies/([\w-]+)/"', block),
            }
        )
    return cards


def _card_keys(html):
    return [(card["municipality"], card["slug"]) for card in _cards(html)]


def _keys(investments):
    return [(investment.municipality.slug, investment.slug) for investment in investments]


def _result_count(html):
    match = re.search(r'<h2 id="results-title"[^>]*>(\d+) ', html)
    assert match, "no result count on the page"
    return int(match.group(1))


def _listed_municipalities(html):
    """Slugs in the table of /gemeenten/, in page order."""
    return re.findall(r'<th scope="row"><a href="(?:/en)?/gemeenten/([\w-]+)/">', html)


def _linked_municipalities(html):
    return re.findall(r'href="(?:/en)?/gemeenten/([\w-]+)/"', html)


def _is_invalid(html, field):
    return re.search(rf'<(?:select|input)[^>]*name="{field}"[^>]*aria-invalid="true"', html) is not None


def _figures(html):
    return {
        label: int(number)
        for label, number in re.findall(r"<dt>(?:<a [^>]*>)?([^<]+)(?:</a>)?</dt><dd>(\d+)</dd>", html)
    }


def _section(html, start_marker, end_marker="<h2"):
    """The HTML from `start_marker` up to the next `end_marker`."""
    start = html.index(start_marker)
    end = html.find(end_marker, start + len(start_marker))
    return html[start : end if end != -1 else len(html)]


def _set_draft(obj):
    type(obj).objects.filter(pk=obj.pk).update(publication_status=DRAFT)


# --- every page, in Dutch ----------------------------------------------------------------------------

DUTCH_PAGES = [
    ("/", ["Lokale aanpak eenzaamheid: wat deden zestien gemeenten?", "Kerncijfers"]),
    ("/gemeenten/", ["<h1>Gemeenten</h1>", "16 gemeenten", 'href="/gemeenten/heerlen/"']),
    ("/gemeenten/heerlen/", ["Gemeente Heerlen", "GM0917", "Limburg", 'id="gedaan"', 'id="gepland"']),
    ("/investeringen/", ["<h1>Investeringen</h1>", "99 investeringen gevonden", 'id="investment-filters"']),
    ("/interventies/", ["Interventies: voorbeelden van andere gemeenten", 'href="/interventies/compaan/"']),
    ("/interventies/compaan/", ["<h1>Compaan (seniorentablet)</h1>", "3 investeringen met deze interventie"]),
    ("/lessen/", ["<h1>Geleerde lessen</h1>", 'href="/lessen/coalitie-en-netwerkvorming/"']),
    ("/lessen/coalitie-en-netwerkvorming/", ['<h1 lang="nl">Coalitie- en netwerkvorming</h1>', "<blockquote"]),
    ("/knelpunten/", ["<h1>Knelpunten en tips</h1>", 'href="/knelpunten/monitoren-en-evalueren/"']),
    ("/knelpunten/monitoren-en-evalueren/", ['<h1 lang="nl">Hoe monitor en evalueer je je aanpak?</h1>']),
    ("/vergelijken/", ["<h1>Gemeenten vergelijken</h1>", "Investeringen per gemeente en thema"]),
    ("/zoeken/?q=compaan", ["<h1>Zoeken</h1>", "resultaten voor ‘compaan’"]),
    ("/over/", ["<h1>Over het onderzoek</h1>", "Onderzoeksopzet", "Bijlage 1: Vragenlijst interviews"]),
    ("/toegankelijkheid/", ["<h1>Toegankelijkheidsverklaring</h1>", "WCAG 2.1", "WCAG 2.2 niveau AA"]),
    ("/privacy/", ["<h1>Privacyverklaring</h1>", "geen persoonsgegevens"]),
    ("/open-data/", ["<h1>Open data</h1>", 'href="/open-data/investeringen.json"']),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "expected"), DUTCH_PAGES, ids=[url for url, _ in DUTCH_PAGES])
def test_dutch_page_shows_its_key_content(client, url, expected):
    html = _get(client, url)

    assert '<html lang="nl"' in html
    for text in expected:
        assert text in html, f"{url} lacks {text!r}"
    # Every page offers itself in both languages, for the language switch and for search engines.
    assert re.search(r'<link rel="alternate" hreflang="nl" href="[^"]*"', html)
    assert re.search(r'<link rel="alternate" hreflang="en" href="[^"]*/en/', html)


class _DuplicateAttributes(HTMLParser):
    """Collects tags that repeat an attribute: browsers keep the first and silently drop the rest."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = Counter(name for name, _ in attrs)
        if any(count > 1 for count in names.values()):
            self.found.append((tag, self.get_starttag_text()))


@pytest.mark.django_db
@pytest.mark.parametrize("url", [url for url, _ in DUTCH_PAGES])
def test_page_repeats_no_attribute(client, url):
    parser = _DuplicateAttributes()
    parser.feed(_get(client, url))

    assert parser.found == []


# --- every page, in English --------------------------------------------------------------------------

# (Dutch path, text of the report that must stay Dutch on the English page, or None)
ENGLISH_PAGES = [
    ("/", None),
    ("/gemeenten/", None),
    ("/gemeenten/heerlen/", "Opzetten van een lokaal meldpunt eenzaamheid"),
    ("/investeringen/", None),
    ("/investeringen/?thema=training&doelgroep=professionals", None),
    ("/interventies/", None),
    ("/interventies/compaan/", "Seniorentablet Compaan aangeboden aan 150 inwoners"),
    ("/lessen/", None),
    ("/lessen/coalitie-en-netwerkvorming/", "De coalitie liep eerst niet goed"),
    ("/knelpunten/", None),
    ("/knelpunten/monitoren-en-evalueren/", "Kijk, we meten eenzaamheid eens in de vier jaar."),
    ("/vergelijken/", None),
    ("/zoeken/?q=compaan", None),
    ("/over/", "Bijlage 1: Vragenlijst interviews"),
    ("/toegankelijkheid/", None),
    ("/privacy/", None),
    ("/open-data/", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("dutch_url", "report_text"), ENGLISH_PAGES, ids=[url for url, _ in ENGLISH_PAGES])
def test_english_page_is_marked_english_and_links_both_languages(client, dutch_url, report_text):
    english_url = "/en" + dutch_url
    html = _get(client, english_url)

    # The UI may not be translated yet, so no English words: only the language and the links.
    assert '<html lang="en"' in html
    path = re.escape(escape(dutch_url))
    assert re.search(rf'<link rel="alternate" hreflang="nl" href="(?:https?://[^/"]+)?{path}"', html)
    assert re.search(rf'<link rel="alternate" hreflang="en" href="(?:https?://[^/"]+)?/en{path}"', html)
    # Navigation keeps the reader in English.
    assert 'href="/en/gemeenten/"' in html
    assert 'href="/gemeenten/"' not in html.split("</header>")[1], "a Dutch link in the English page body"
    if report_text:
        assert escape(report_text) in html, "the report's content stays Dutch in the English version"


@pytest.mark.django_db
def test_english_filters_give_the_same_results_as_dutch(client):
    dutch = _get(client, "/investeringen/?thema=training&doelgroep=professionals")
    english = _get(client, "/en/investeringen/?thema=training&doelgroep=professionals")

    assert _result_count(english) == _result_count(dutch)
    assert [card["slug"] for card in _cards(english)] == [card["slug"] for card in _cards(dutch)]


# --- overview --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_answers_what_the_money_bought(client):
    figures = _figures(_get(client, "/"))

    # The report: sixteen municipalities, 77 completed and 22 planned investments.
    assert figures["gemeenten"] == 16
    assert figures["gedane investeringen"] == 77
    assert figures["geplande investeringen"] == 22
    assert figures["geleerde lessen"] == Lesson.objects.filter(publication_status=PUBLISHED).count() == 6
    assert figures["knelpunten"] == Bottleneck.objects.filter(publication_status=PUBLISHED).count() == 6
    assert figures["tips van gemeenten"] == Tip.objects.filter(publication_status=PUBLISHED).count()
    assert figures["citaten"] == Quote.objects.filter(publication_status=PUBLISHED).count()
    # In use: named by an investment carried out or started; plans (Delft's Compaan, Haarlemmermeer's
    # Creatief Leven) and explorations (Westerveld's AutoMaatje) do not count (issue 24).
    in_use = {
        pk
        for investment in _public_investments().filter(status="completed")
        for pk in investment.interventions.filter(publication_status=PUBLISHED).values_list("pk", flat=True)
    }
    assert figures["interventies in gebruik"] == len(in_use) == 20


@pytest.mark.django_db
def test_home_theme_table_matches_the_data_and_the_filtered_list(client):
    html = _get(client, "/")
    rows = re.findall(
        r'<th scope="row"><a href="/investeringen/\?thema=([\w-]+)">[^<]*</a></th>'
        r'<td class="portal-number">(\d+)</td><td class="portal-number">(\d+)</td><td class="portal-number">(\d+)</td>',
        html,
    )

    assert {slug for slug, *_ in rows} == set(Theme.objects.values_list("slug", flat=True))
    for slug, completed, planned, total in rows:
        assert int(completed) == _public_investments(themes__slug=slug, status=COMPLETED).count(), slug
        assert int(planned) == _public_investments(themes__slug=slug, status=PLANNED).count(), slug
        assert int(total) == int(completed) + int(planned)
        # The row's link must lead to the same number of investments.
        assert _result_count(_get(client, f"/investeringen/?thema={slug}")) == int(total), slug


@pytest.mark.django_db
def test_home_links_every_municipality(client):
    linked = set(_linked_municipalities(_get(client, "/")))

    assert linked == set(_public_municipalities().values_list("slug", flat=True))


# --- municipalities --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_municipality_list_shows_all_sixteen_with_their_counts(client):
    html = _get(client, "/gemeenten/")

    assert _listed_municipalities(html) == list(_public_municipalities().values_list("slug", flat=True))
    assert len(_listed_municipalities(html)) == 16
    # Heerlen: four completed and four planned investments in the report.
    row = re.search(r'href="/gemeenten/heerlen/">Heerlen</a></th>.*?</tr>', html, re.DOTALL).group(0)
    assert re.findall(r'<td class="portal-number">(\d+)</td>', row) == ["4", "4"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "province", "theme"),
    [
        ("provincie=zuid-holland", "zuid-holland", None),
        ("provincie=limburg", "limburg", None),
        ("thema=meldpunt", None, "meldpunt"),
        ("thema=technologie", None, "technologie"),
        ("provincie=zuid-holland&thema=meldpunt", "zuid-holland", "meldpunt"),
    ],
)
def test_municipality_list_filters(client, query, province, theme):
    expected = _public_municipalities(**({"province": province} if province else {}))
    if theme:
        with_theme = _public_investments(themes__slug=theme).values_list("municipality_id", flat=True)
        expected = expected.filter(pk__in=with_theme)
    expected = list(expected.values_list("slug", flat=True))

    html = _get(client, f"/gemeenten/?{query}")

    assert 0 < len(expected) < 16, "the filter must narrow the list for the test to mean anything"
    assert _listed_municipalities(html) == expected
    # The choice stays selected, so the reader sees which filter is on.
    for value in filter(None, (province, theme)):
        assert f'<option value="{value}" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "invalid_field", "expected_count"),
    [
        ("thema=bestaat-niet", "thema", 16),
        ("provincie=atlantis", "provincie", 16),
        # A valid filter still applies when another one is invalid.
        ("provincie=limburg&thema=bestaat-niet", "thema", 2),
    ],
)
def test_municipality_list_marks_an_invalid_filter_and_ignores_it(client, query, invalid_field, expected_count):
    html = _get(client, f"/gemeenten/?{query}")

    assert _is_invalid(html, invalid_field)
    assert len(_listed_municipalities(html)) == expected_count


@pytest.mark.django_db
def test_municipality_detail_splits_completed_and_planned(client):
    html = _get(client, "/gemeenten/haarlemmermeer/")
    municipality = Municipality.objects.get(slug="haarlemmermeer")
    completed = list(_public_investments(municipality=municipality, status=COMPLETED).order_by("position", "pk"))
    planned = list(_public_investments(municipality=municipality, status=PLANNED).order_by("position", "pk"))

    assert "<h1>Gemeente Haarlemmermeer</h1>" in html
    assert "GM0394" in html
    completed_section = _section(html, 'id="gedaan"')
    planned_section = _section(html, 'id="gepland"')
    assert f"({len(completed)})</h2>" in completed_section
    assert f"({len(planned)})</h2>" in planned_section
    assert [card["slug"] for card in _cards(completed_section)] == [i.slug for i in completed]
    assert [card["slug"] for card in _cards(planned_section)] == [i.slug for i in planned]


@pytest.mark.django_db
def test_what_did_heerlen_plan(client):
    html = _get(client, "/gemeenten/heerlen/")
    planned_section = _section(html, 'id="gepland"')
    completed_section = _section(html, 'id="gedaan"')

    planned_titles = [
        "Opzetten van een lokaal meldpunt eenzaamheid",
        "Organiseren van de ‘Week van verbinding’ in 2020",
        "Drie wijken in Heerlen gaan actief aan de slag met het thema eenzaamheid",
        "Gesprekken met marketingbureaus over een bewustwordingscampagne",
    ]
    assert "Geplande investeringen (4)" in planned_section
    for title in planned_titles:
        assert escape(title) in planned_section
        assert escape(title) not in completed_section
    # The same answer through the filters of /investeringen/.
    filtered = _get(client, "/investeringen/?gemeente=heerlen&status=gepland")
    assert _result_count(filtered) == 4
    assert {card["municipality"] for card in _cards(filtered)} == {"heerlen"}


@pytest.mark.django_db
def test_municipality_detail_links_interventions_to_other_municipalities(client):
    html = _get(client, "/gemeenten/haarlemmermeer/")

    assert "Interventies" in html
    item = re.search(r'<li><a href="/interventies/compaan/">[^<]*</a>:(.*?)</li>', html, re.DOTALL)
    assert item, "Compaan is not listed among Haarlemmermeer's interventions"
    # Delft only plans to experiment with it (issue 24): in use by the other two alone.
    assert "in gebruik bij" in item.group(1)
    assert set(_linked_municipalities(item.group(1))) == {"haarlemmermeer", "westerveld"}
    delft = re.search(
        r'<li><a href="/interventies/compaan/">[^<]*</a> \(gepland\):(.*?)</li>', _get(client, "/gemeenten/delft/")
    )
    assert delft, "Delft's own stage of Compaan"
    assert set(_linked_municipalities(delft.group(1))) == {"haarlemmermeer", "westerveld"}


@pytest.mark.django_db
def test_municipality_detail_shows_its_quotes_tips_and_findings(client):
    html = _get(client, "/gemeenten/haarlemmermeer/")
    municipality = Municipality.objects.get(slug="haarlemmermeer")
    quotes = Quote.objects.filter(municipality=municipality, publication_status=PUBLISHED)
    tips = Tip.objects.filter(municipality=municipality, publication_status=PUBLISHED)

    assert quotes.exists() and tips.exists()
    for quote in quotes:
        assert escape(quote.text) in html
        finding = quote.lesson or quote.bottleneck
        assert f'href="{finding.get_absolute_url()}"' in html
    # After the contents list at the top, which names the same sections.
    tips_section = _section(html.split('class="portal-toc', 1)[1].split("</nav>", 1)[1], "Tips voor andere gemeenten")
    for tip in tips:
        assert escape(tip.text) in tips_section
        assert f'href="{tip.bottleneck.get_absolute_url()}"' in tips_section
    for lesson in municipality.lessons.filter(publication_status=PUBLISHED):
        assert f'Les: <a href="{lesson.get_absolute_url()}">' in html
    for bottleneck in municipality.bottlenecks.filter(publication_status=PUBLISHED):
        assert f'Knelpunt: <a href="{bottleneck.get_absolute_url()}">' in html


def _profile(municipality, field):
    """Ids of the themes or published interventions of a municipality's public investments."""
    investments = _public_investments(municipality=municipality, **{f"{field}__isnull": False})
    if field == "interventions":
        investments = investments.filter(interventions__publication_status=PUBLISHED)
    return set(investments.values_list(field, flat=True))


@pytest.mark.django_db
def test_municipality_detail_suggests_similar_municipalities_that_really_share_something(client):
    html = _get(client, "/gemeenten/haarlemmermeer/")
    own = Municipality.objects.get(slug="haarlemmermeer")
    section = _section(html, 'id="vergelijkbaar"', "</section>")
    # A count of zero is left out ("show only what is shared"), so a missing count means 0.
    items = [
        (slug, themes or "0", interventions or "0")
        for slug, themes, interventions in re.findall(
            r'<a href="/gemeenten/([\w-]+)/">[^<]*</a>: '
            r"(?:(\d+) gedeelde? thema[^,<]*)?(?:, )?(?:(\d+) gedeelde? interventie)?",
            section,
        )
    ]

    # The documented score: a shared theme counts once, a shared intervention twice.
    scores = {
        other.slug: len(_profile(own, "themes") & _profile(other, "themes"))
        + 2 * len(_profile(own, "interventions") & _profile(other, "interventions"))
        for other in _public_municipalities().exclude(pk=own.pk)
    }

    assert len(items) == 3
    assert "haarlemmermeer" not in [slug for slug, _, _ in items]
    for slug, themes, interventions in items:
        other = Municipality.objects.get(slug=slug)
        assert int(themes) == len(_profile(own, "themes") & _profile(other, "themes")), slug
        assert int(interventions) == len(_profile(own, "interventions") & _profile(other, "interventions")), slug
    # Closest first, and nobody left out scores higher than the last one shown.
    shown = [scores[slug] for slug, _, _ in items]
    assert shown == sorted(shown, reverse=True)
    assert max(score for slug, score in scores.items() if slug not in {s for s, _, _ in items}) <= shown[-1]


# --- investments: filters, sorting, pagination -----------------------------------------------------

INVESTMENT_FILTERS = [
    ("status=gedaan", {"status": COMPLETED}),
    ("status=gepland", {"status": PLANNED}),
    ("thema=training", {"themes__slug": "training"}),
    ("doelgroep=professionals", {"target_groups__slug": "professionals"}),
    ("interventie=compaan", {"interventions__slug": "compaan"}),
    ("gemeente=heerlen", {"municipality__slug": "heerlen"}),
    ("provincie=limburg", {"municipality__province": "limburg"}),
    ("gemeente=heerlen&status=gepland", {"municipality__slug": "heerlen", "status": PLANNED}),
    (
        "provincie=zuid-holland&thema=samenwerking-netwerk&status=gedaan",
        {"municipality__province": "zuid-holland", "themes__slug": "samenwerking-netwerk", "status": COMPLETED},
    ),
    (
        "thema=technologie&doelgroep=ouderen&interventie=compaan&provincie=drenthe",
        {
            "themes__slug": "technologie",
            "target_groups__slug": "ouderen",
            "interventions__slug": "compaan",
            "municipality__province": "drenthe",
        },
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "filters"), INVESTMENT_FILTERS, ids=[query for query, _ in INVESTMENT_FILTERS])
def test_investment_filter_narrows_to_exactly_the_matching_investments(client, query, filters):
    expected = _keys(_public_investments(**filters).order_by(*REPORT_ORDER))

    html = _get(client, f"/investeringen/?{query}")

    assert 0 < len(expected) < 99, "the filter must narrow the list for the test to mean anything"
    assert _result_count(html) == len(expected)
    assert _card_keys(html) == expected[:PAGE_SIZE]
    # The form shows the chosen values, so the reader sees which filters are on.
    for pair in query.split("&"):
        assert f'<option value="{pair.split("=")[1]}" selected>' in html


@pytest.mark.django_db
def test_all_trainings_for_professionals(client):
    html = _get(client, "/investeringen/?thema=training&doelgroep=professionals")
    cards = _cards(html)

    # Six since issue 24 tagged Haarlemmermeer's 'Kijk in de wijk' meetings for professionals as training.
    assert _result_count(html) == len(cards) == 6
    for card in cards:
        assert "training" in card["themes"]
        assert "professionals" in card["target_groups"]


@pytest.mark.django_db
def test_which_municipalities_worked_with_the_compaan_tablet(client):
    html = _get(client, "/investeringen/?interventie=compaan")

    assert [card["municipality"] for card in _cards(html)] == ["delft", "haarlemmermeer", "westerveld"]
    assert all("compaan" in card["interventions"] for card in _cards(html))


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["compaan", "Compaan", "COMPAAN"])
def test_investment_text_search(client, query):
    html = _get(client, f"/investeringen/?q={query}")

    assert _result_count(html) == 3
    assert {card["municipality"] for card in _cards(html)} == {"delft", "haarlemmermeer", "westerveld"}
    assert f'value="{query}"' in html


@pytest.mark.django_db
def test_investment_text_search_combines_with_filters(client):
    html = _get(client, "/investeringen/?q=compaan&status=gedaan")

    # Delft's Compaan investment is planned, so only the other two remain.
    assert {card["municipality"] for card in _cards(html)} == {"haarlemmermeer", "westerveld"}
    assert {card["status"] for card in _cards(html)} == {COMPLETED}


@pytest.mark.django_db
def test_unfiltered_investments_are_in_report_order(client):
    html = _get(client, "/investeringen/")

    assert _result_count(html) == 99
    assert _card_keys(html) == _keys(_public_investments().order_by(*REPORT_ORDER))[:PAGE_SIZE]


@pytest.mark.django_db
def test_sorting_by_title(client):
    html = _get(client, "/investeringen/?sorteer=titel")

    assert _card_keys(html) == _keys(_public_investments().order_by("title", "pk"))[:PAGE_SIZE]
    assert _card_keys(html) != _keys(_public_investments().order_by(*REPORT_ORDER))[:PAGE_SIZE]


@pytest.mark.django_db
def test_sorting_by_municipality_descending(client):
    html = _get(client, "/investeringen/?sorteer=-gemeente")
    names = [Municipality.objects.get(slug=card["municipality"]).name for card in _cards(html)]

    assert names[0] == "Westerveld"
    assert names == sorted(names, reverse=True)


@pytest.mark.django_db
def test_sorting_by_status_puts_all_completed_first(client):
    # 77 completed: page 4 holds items 61–80, so 17 completed and then the first 3 planned.
    html = _get(client, "/investeringen/?sorteer=status&pagina=4")

    assert [card["status"] for card in _cards(html)] == [COMPLETED] * 17 + [PLANNED] * 3


@pytest.mark.django_db
def test_pagination_keeps_the_filters_in_the_query_string(client):
    first = _get(client, "/investeringen/?status=gedaan&sorteer=titel")

    assert "Pagina 1 van 4" in first
    assert 'href="?status=gedaan&amp;sorteer=titel&amp;pagina=2" rel="next"' in first

    second = _get(client, "/investeringen/?status=gedaan&sorteer=titel&pagina=2")
    expected = _keys(_public_investments(status=COMPLETED).order_by("title", "pk"))
    assert "Pagina 2 van 4" in second
    assert _card_keys(second) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    assert 'href="?status=gedaan&amp;sorteer=titel&amp;pagina=1" rel="prev"' in second
    assert 'href="?status=gedaan&amp;sorteer=titel&amp;pagina=3" rel="next"' in second
    # The page number itself is never repeated in the links.
    assert "pagina=2&amp;" not in second


@pytest.mark.django_db
def test_page_number_that_is_not_a_number_shows_the_first_page(client):
    html = _get(client, "/investeringen/?pagina=abc")

    assert "Pagina 1 van 5" in html
    assert _card_keys(html) == _card_keys(_get(client, "/investeringen/"))


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["9999", "0", "-1"])
def test_page_number_out_of_range_shows_the_last_page(client, page):
    html = _get(client, f"/investeringen/?pagina={page}")

    assert "Pagina 5 van 5" in html
    assert _card_keys(html) == _keys(_public_investments().order_by(*REPORT_ORDER))[4 * PAGE_SIZE :]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "invalid_field"),
    [
        ("thema=bestaat-niet", "thema"),
        ("status=misschien", "status"),
        ("sorteer=prijs", "sorteer"),
        ("doelgroep=katten", "doelgroep"),
        ("interventie=bestaat-niet", "interventie"),
        ("gemeente=atlantis", "gemeente"),
        ("provincie=atlantis", "provincie"),
        ("q=" + "x" * (MAX_QUERY_LENGTH + 1), "q"),
    ],
)
def test_invalid_investment_filter_is_marked_and_ignored(client, query, invalid_field):
    html = _get(client, f"/investeringen/?{query}")

    assert _is_invalid(html, invalid_field)
    assert 'id="id_' + invalid_field + '_error"' in html
    assert "ongeldig" in html
    other_fields = {"q", "status", "thema", "doelgroep", "interventie", "gemeente", "provincie", "sorteer"}
    assert not any(_is_invalid(html, field) for field in other_fields - {invalid_field})
    # Ignored: every investment is listed, in the report's order.
    assert _result_count(html) == 99
    assert _card_keys(html) == _keys(_public_investments().order_by(*REPORT_ORDER))[:PAGE_SIZE]


@pytest.mark.django_db
def test_invalid_filter_does_not_cancel_the_valid_ones(client):
    html = _get(client, "/investeringen/?thema=bestaat-niet&status=gepland&sorteer=prijs")

    assert _is_invalid(html, "thema") and _is_invalid(html, "sorteer")
    assert not _is_invalid(html, "status")
    assert _result_count(html) == 22
    assert {card["status"] for card in _cards(html)} == {PLANNED}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/investeringen/?provincie=", "/gemeenten/?provincie=", "/investeringen/?q="])
def test_rejected_value_is_escaped_in_the_error_message(client, url):
    html = _get(client, url + XSS)

    assert XSS not in html
    assert escape(XSS) in html


# --- bad input never gives a server error ----------------------------------------------------------

MALFORMED = [
    "/investeringen/?pagina=",
    "/investeringen/?pagina=1e9",
    "/investeringen/?pagina=99999999999999999999999",
    "/investeringen/?status=gedaan&status=gepland",
    "/investeringen/?thema[]=training",
    "/investeringen/?thema=%ff%fe",
    "/investeringen/?q=a%00b",
    "/investeringen/?gemeente=%00",
    "/investeringen/?q=%22&sorteer=%27",
    "/investeringen/?q=!!!",
    "/gemeenten/?provincie=%00",
    "/gemeenten/?thema=a%00b",
    "/gemeenten/?thema=training&thema=x",
    "/zoeken/?q=%ff%fe",
    "/zoeken/?q=%22unterminated",
    "/zoeken/?q=%27%3B--",
    "/zoeken/?q=!!!",
    "/zoeken/?q=-",
    "/zoeken/?q=*",
    "/zoeken/?q=or",
    "/zoeken/?q=a&q=b",
    # PostgreSQL refuses NUL characters in a query: the view must not pass them on.
    "/zoeken/?q=a%00b",
    "/vergelijken/?gemeente=x",
    "/lessen/?pagina=abc",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", MALFORMED)
def test_malformed_query_string_is_handled(client, url):
    # The test client re-raises a view's exception, so a 500 shows up here with its traceback.
    response = client.get(url)

    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        # A form error on the page, or (NUL, undecodable bytes) the portal's bad-request page.
        says_what = b"utrecht-form-field-error-message" in response.content or b"ongeldig teken" in response.content
        assert says_what, "a 400 must say what is wrong"


# --- site search -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["compaan", "Compaan"])
def test_search_finds_the_compaan_everywhere_and_highlights_it(client, query):
    html = _get(client, f"/zoeken/?q={query}")

    for group in ("gemeenten", "investeringen", "interventies"):
        assert f'id="group-{group}"' in html
    assert 'href="/interventies/compaan/"' in html
    for municipality in ("delft", "haarlemmermeer", "westerveld"):
        assert f'href="/gemeenten/{municipality}/#investering-' in html
    assert re.search(r"<mark>compaan</mark>", html, re.IGNORECASE)
    listed = len(re.findall(r'<li><a href="[^"]+">', _section(html, "resultaten voor", "</main>")))
    assert f"<h2>{listed} resultaten voor" in html


@pytest.mark.django_db
def test_search_query_with_markup_is_escaped(client):
    html = _get(client, "/zoeken/?q=" + XSS)

    assert XSS not in html
    assert escape(XSS) in html


@pytest.mark.django_db
def test_search_excerpt_escapes_the_content_and_marks_only_matches(client):
    investment = Investment.objects.get(slug="seniorentablet-compaan-voor-150-inwoners")
    # Saved (not .update()) so that the search index sees the new text, as it does after an admin save.
    investment.text = 'De Compaan <img src=x onerror="alert(1)"> voor 150.'
    investment.save()

    html = _get(client, "/zoeken/?q=compaan")
    excerpt = re.search(rf'#{investment.anchor}">.*?<br><span lang="nl">(.*?)</span></li>', html, re.DOTALL).group(1)

    assert "<img" not in html
    assert "<mark>Compaan</mark>" in excerpt
    # SQLite keeps the tag as escaped text, PostgreSQL's headline drops it; either way the only
    # markup in an excerpt is our own <mark>.
    assert "<" not in excerpt.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.django_db
def test_search_query_that_is_too_long_gives_400_with_a_message(client):
    html = _get(client, "/zoeken/?q=" + "x" * 300, status=400)

    assert f"Gebruik hooguit {MAX_QUERY_LENGTH} tekens" in html
    assert 'aria-invalid="true" aria-describedby="search-q-error"' in html
    assert "resultaten voor" not in html


@pytest.mark.django_db
def test_search_query_of_the_maximum_length_is_accepted(client):
    _get(client, "/zoeken/?q=" + "x" * MAX_QUERY_LENGTH, status=200)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "%20%20%20"])
def test_empty_search_shows_the_form_without_results(client, query):
    html = _get(client, f"/zoeken/?q={query}")

    assert 'id="search-q"' in html
    assert "resultaten voor" not in html
    assert 'id="group-' not in html
    assert "aria-invalid" not in html


@pytest.mark.django_db
def test_search_without_matches_says_so(client):
    html = _get(client, "/zoeken/?q=xylofoonorkest")

    assert "<h2>0 resultaten voor" in html
    assert "Niets gevonden" in html


@pytest.mark.django_db
def test_search_uses_dutch_stemming(client):
    html = _get(client, "/zoeken/?q=trainingen")

    # Investments that say 'training' but never 'trainingen': only stemming can find them.
    only_singular = [
        investment
        for investment in _public_investments()
        if re.search(r"\btraining\b", f"{investment.title} {investment.text}", re.IGNORECASE)
        and not re.search(r"\btrainingen\b", f"{investment.title} {investment.text}", re.IGNORECASE)
    ]
    assert only_singular, "the report has investments that mention a single training"
    found = [i for i in only_singular if f"{i.municipality.get_absolute_url()}#{i.anchor}" in html]
    assert found, "'trainingen' did not find investments that say 'training'"
    assert re.search(r"<mark>training</mark>", html, re.IGNORECASE)


# --- interventions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intervention_list_names_who_used_the_compaan(client):
    html = _get(client, "/interventies/")

    for intervention in Intervention.objects.filter(publication_status=PUBLISHED):
        assert f'href="/interventies/{intervention.slug}/"' in html
    card = re.search(r'<h2><a href="/interventies/compaan/">.*?</li>', html, re.DOTALL).group(0)
    assert _linked_municipalities(card) == ["delft", "haarlemmermeer", "westerveld"]


@pytest.mark.django_db
def test_intervention_detail_lists_exactly_its_investments(client):
    for intervention in Intervention.objects.filter(publication_status=PUBLISHED):
        expected = _keys(_public_investments(interventions=intervention).order_by(*REPORT_ORDER))

        html = _get(client, f"/interventies/{intervention.slug}/")

        assert f"<h1>{escape(intervention.name)}</h1>" in html
        assert _card_keys(html) == expected, intervention.slug


# --- lessons and bottlenecks -----------------------------------------------------------------------


def _named(finding):
    return list(
        finding.municipalities.filter(publication_status=PUBLISHED).order_by("name").values_list("slug", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "path"), [(Lesson, "/lessen/"), (Bottleneck, "/knelpunten/")])
def test_finding_list_shows_every_finding_in_report_order_with_its_municipalities(client, model, path):
    html = _get(client, path)
    findings = list(model.objects.filter(publication_status=PUBLISHED).order_by("position", "pk"))
    headings = re.findall(rf'<h2 lang="nl"><a href="{path}([\w-]+)/">', html)

    assert headings == [finding.slug for finding in findings]
    for finding in findings:
        card = re.search(rf'<h2 lang="nl"><a href="{path}{finding.slug}/">.*?</li>', html, re.DOTALL).group(0)
        assert _linked_municipalities(card) == _named(finding), finding.slug


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "path"), [(Lesson, "/lessen/"), (Bottleneck, "/knelpunten/")])
def test_finding_detail_shows_text_quotes_tips_and_municipalities(client, model, path):
    for finding in model.objects.filter(publication_status=PUBLISHED):
        html = _get(client, f"{path}{finding.slug}/")

        # The report's own words are marked as Dutch, also on English pages.
        assert f'<h1 lang="nl">{escape(finding.title)}</h1>' in html
        # A cross-reference in the text is a link, so the words are compared without it.
        assert escape(finding.text.split("\n")[0]) in re.sub(r"</?a\b[^>]*>", "", html)
        for quote in finding.quotes.filter(publication_status=PUBLISHED).select_related("municipality"):
            assert escape(quote.text) in html
            if quote.in_text:
                continue  # part of a sentence of the text, shown once, without a caption
            source = f"gemeente {quote.municipality.name}" if quote.municipality else "geen gemeente genoemd"
            assert source in html
        if model is Bottleneck:
            for tip in finding.tips.filter(publication_status=PUBLISHED).select_related("municipality"):
                assert escape(tip.text) in html
                assert f'<a href="/gemeenten/{tip.municipality.slug}/">gemeente {tip.municipality.name}</a>' in html
        named_section = _section(html, "<h2>Genoemde gemeenten</h2>", "</ul>") if _named(finding) else ""
        assert _linked_municipalities(named_section) == _named(finding), finding.slug


@pytest.mark.django_db
def test_which_municipalities_struggle_with_monitoring_and_what_others_advise(client):
    html = _get(client, "/knelpunten/monitoren-en-evalueren/")

    named = _linked_municipalities(_section(html, "<h2>Genoemde gemeenten</h2>", "</ul>"))
    assert named == ["baarn", "den-haag", "gorinchem", "haarlem", "lelystad", "schiedam"]
    assert "Kijk, we meten eenzaamheid eens in de vier jaar." in html
    assert "gemeente Den Haag" in html
    # The advice of others: the tips on the bottleneck overview, each attributed to a municipality.
    overview = _get(client, "/knelpunten/")
    assert 'href="/knelpunten/monitoren-en-evalueren/"' in overview
    assert overview.count("2 tips") == 2


# --- comparison ------------------------------------------------------------------------------------


def _expected_theme_cells():
    counts = Counter()
    for investment in _public_investments().prefetch_related("themes"):
        for theme in investment.themes.all():
            counts[investment.municipality.name, theme.name, investment.status] += 1
    return {
        f"{municipality}, {theme}: {counts[municipality, theme, COMPLETED]} gedaan, "
        f"{counts[municipality, theme, PLANNED]} gepland"
        for municipality, theme, _ in counts
    }


def _theme_cells(html):
    return {
        unescape(label)
        for label in re.findall(
            r'<td class="portal-cell--filled"><a [^>]*aria-label="\d+ investeringe?n? — ([^"]+)"', html
        )
    }


@pytest.mark.django_db
def test_comparison_matrix_matches_the_data(client):
    html = _get(client, "/vergelijken/")

    assert _listed_municipalities(html)[:16] == list(_public_municipalities().values_list("slug", flat=True))
    assert _theme_cells(html) == _expected_theme_cells()
    findings = [
        *Lesson.objects.filter(publication_status=PUBLISHED),
        *Bottleneck.objects.filter(publication_status=PUBLISHED),
    ]
    # One 'ja' per municipality named at a lesson or bottleneck.
    assert html.count('<td class="portal-cell--filled">ja</td>') == sum(len(_named(f)) for f in findings)
    for finding in findings:
        assert f'<th scope="row"><a href="{finding.get_absolute_url()}">' in html


@pytest.mark.django_db
def test_comparison_cell_links_to_the_matching_investments(client):
    html = _get(client, "/vergelijken/")
    link = re.search(
        r'href="(/investeringen/\?gemeente=heerlen&amp;thema=training)" '
        r'aria-label="\d+ investeringe?n? — Heerlen[^"]*"',
        html,
    )

    assert link
    filtered = _get(client, link.group(1).replace("&amp;", "&"))
    assert _result_count(filtered) == _public_investments(municipality__slug="heerlen", themes__slug="training").count()


# --- drafts are never public -----------------------------------------------------------------------


def _assert_vanishes(client, checks, make_draft, gone=()):
    """Each (url, marker) shows the marker before `make_draft()` and not after; `gone` URLs 404 after."""
    for url, marker in checks:
        assert marker in _get(client, url), f"{url} should show {marker!r} while published"
    for url in gone:
        _get(client, url, status=200)

    make_draft()

    for url, marker in checks:
        assert marker not in _get(client, url), f"{url} still shows {marker!r} as a draft"
    for url in gone:
        _get(client, url, status=404)


@pytest.mark.django_db
def test_draft_investment_is_hidden_everywhere(client):
    investment = Investment.objects.get(
        municipality__slug="haarlemmermeer", slug="seniorentablet-compaan-voor-150-inwoners"
    )
    marker = f"investering-{investment.slug}"
    before = _figures(_get(client, "/"))
    cells_before = _theme_cells(_get(client, "/vergelijken/"))

    _assert_vanishes(
        client,
        [
            ("/investeringen/?gemeente=haarlemmermeer", marker),
            ("/investeringen/?interventie=compaan", marker),
            ("/gemeenten/haarlemmermeer/", marker),
            ("/interventies/compaan/", marker),
            ("/zoeken/?q=compaan", marker),
            ("/open-data/investeringen.json", f"#{marker}"),
        ],
        lambda: _set_draft(investment),
    )
    # Haarlemmermeer no longer uses the Compaan; its tip that names it is still shown further down.
    using = _get(client, "/interventies/compaan/").split('id="genoemd"', 1)[0]
    assert 'href="/gemeenten/haarlemmermeer/"' not in using
    assert _figures(_get(client, "/"))["gedane investeringen"] == before["gedane investeringen"] - 1
    cells_after = _theme_cells(_get(client, "/vergelijken/"))
    assert cells_after != cells_before
    assert cells_after == _expected_theme_cells()


@pytest.mark.django_db
def test_draft_municipality_is_hidden_everywhere(client):
    municipality = Municipality.objects.get(slug="westerveld")
    marker = "/gemeenten/westerveld/"
    quote = Quote.objects.filter(municipality=municipality, lesson__isnull=False).first()

    _assert_vanishes(
        client,
        [
            ("/", marker),
            ("/gemeenten/", marker),
            ("/investeringen/?provincie=drenthe", marker),
            ("/investeringen/", '<option value="westerveld">'),
            ("/interventies/", marker),
            ("/interventies/compaan/", marker),
            ("/gemeenten/delft/", marker),
            ("/lessen/", marker),
            (quote.lesson.get_absolute_url(), marker),
            (quote.lesson.get_absolute_url(), escape(quote.text)),
            ("/vergelijken/", marker),
            ("/zoeken/?q=westerveld", marker),
            ("/sitemap.xml", marker),
            ("/open-data/gemeenten.json", marker),
            ("/open-data/citaten.json", '"gemeente": "Westerveld"'),
        ],
        lambda: _set_draft(municipality),
        gone=[marker, "/en" + marker],
    )
    assert _figures(_get(client, "/"))["gemeenten"] == 15
    # Its investments went with it, and its name is no longer a valid filter.
    assert (
        _result_count(_get(client, "/investeringen/"))
        == 99 - Investment.objects.filter(municipality=municipality).count()
    )
    assert _is_invalid(_get(client, "/investeringen/?gemeente=westerveld"), "gemeente")


@pytest.mark.django_db
def test_draft_intervention_is_hidden_everywhere(client):
    intervention = Intervention.objects.get(slug="compaan")
    marker = "/interventies/compaan/"
    before = _figures(_get(client, "/"))

    _assert_vanishes(
        client,
        [
            ("/interventies/", marker),
            ("/investeringen/?gemeente=delft", marker),
            ("/investeringen/", '<option value="compaan">'),
            ("/gemeenten/delft/", marker),
            ("/zoeken/?q=compaan", marker),
            ("/sitemap.xml", marker),
            ("/open-data/investeringen.json", "Compaan (seniorentablet)"),
        ],
        lambda: _set_draft(intervention),
        gone=[marker, "/en" + marker],
    )
    assert _figures(_get(client, "/"))["interventies in gebruik"] == before["interventies in gebruik"] - 1
    html = _get(client, "/investeringen/?interventie=compaan")
    assert _is_invalid(html, "interventie")
    assert _result_count(html) == 99


@pytest.mark.django_db
def test_draft_intervention_is_not_counted_among_similar_municipalities(client):
    shared = re.compile(r"[1-9]\d* gedeelde? interventie")
    assert shared.search(_section(_get(client, "/gemeenten/haarlemmermeer/"), 'id="vergelijkbaar"', "</section>"))

    _set_draft(Intervention.objects.get(slug="compaan"))

    # Not even as a count: a draft intervention is shared by no one, or it leaks through the ranking.
    similar = _section(_get(client, "/gemeenten/haarlemmermeer/"), 'id="vergelijkbaar"', "</section>")
    assert not shared.search(similar)


@pytest.mark.django_db
def test_draft_lesson_is_hidden_with_its_quotes(client):
    lesson = Lesson.objects.get(slug="verdiepingsslag-problematiek")
    marker = lesson.get_absolute_url()
    quote = lesson.quotes.get(municipality__slug="den-haag", text__startswith="Met behulp van data-analyse")
    quotes = lesson.quotes.filter(publication_status=PUBLISHED).count()
    before = _figures(_get(client, "/"))

    _assert_vanishes(
        client,
        [
            ("/lessen/", marker),
            ("/vergelijken/", marker),
            ("/gemeenten/den-haag/", marker),
            ("/gemeenten/den-haag/", escape(quote.text)),
            ("/zoeken/?q=verdiepingsslag", marker),
            ("/sitemap.xml", marker),
            ("/open-data/lessen.json", lesson.slug),
            ("/open-data/citaten.json", lesson.slug),
        ],
        lambda: _set_draft(lesson),
        gone=[marker, "/en" + marker],
    )
    after = _figures(_get(client, "/"))
    assert after["geleerde lessen"] == before["geleerde lessen"] - 1
    assert after["citaten"] == before["citaten"] - quotes


@pytest.mark.django_db
def test_draft_bottleneck_is_hidden_with_its_tips_and_quotes(client):
    bottleneck = Bottleneck.objects.get(slug="actief-duurzaam-netwerk")
    marker = bottleneck.get_absolute_url()
    tip = bottleneck.tips.get(municipality__slug="haarlemmermeer")
    before = _figures(_get(client, "/"))

    _assert_vanishes(
        client,
        [
            ("/knelpunten/", marker),
            ("/vergelijken/", marker),
            ("/gemeenten/haarlemmermeer/", marker),
            ("/gemeenten/haarlemmermeer/", escape(tip.text)),
            ("/zoeken/?q=actief+duurzaam+netwerk", marker),
            ("/sitemap.xml", marker),
            ("/open-data/knelpunten.json", bottleneck.slug),
        ],
        lambda: _set_draft(bottleneck),
        gone=[marker, "/en" + marker],
    )
    after = _figures(_get(client, "/"))
    assert after["knelpunten"] == before["knelpunten"] - 1
    assert after["tips van gemeenten"] == before["tips van gemeenten"] - bottleneck.tips.count()


@pytest.mark.django_db
def test_draft_quote_is_hidden_everywhere(client):
    quote = Quote.objects.get(municipality__slug="den-haag", bottleneck__slug="monitoren-en-evalueren")
    text = "Kijk, we meten eenzaamheid eens in de vier jaar."
    before = _figures(_get(client, "/"))

    _assert_vanishes(
        client,
        [
            ("/knelpunten/monitoren-en-evalueren/", text),
            ("/gemeenten/den-haag/", text),
            ("/zoeken/?q=wethouder+indicatoren", 'id="group-citaten"'),
            ("/open-data/citaten.json", text),
        ],
        lambda: _set_draft(quote),
    )
    assert _figures(_get(client, "/"))["citaten"] == before["citaten"] - 1


@pytest.mark.django_db
def test_draft_tip_is_hidden_everywhere(client):
    tip = Tip.objects.get(municipality__slug="amsterdam", bottleneck__slug="community-building")
    text = "Het bereiken van mensen die zich eenzaam voelen"
    before = _figures(_get(client, "/"))

    _assert_vanishes(
        client,
        [
            ("/knelpunten/community-building/", text),
            ("/gemeenten/amsterdam/", text),
            ("/open-data/knelpunten.json", text),
        ],
        lambda: _set_draft(tip),
    )
    assert _figures(_get(client, "/"))["tips van gemeenten"] == before["tips van gemeenten"] - 1
    # The overview counts the tips per bottleneck: community building drops from two to one.
    card = re.search(r'href="/knelpunten/community-building/">.*?</li>', _get(client, "/knelpunten/"), re.DOTALL)
    assert "1 tip</p>" in card.group(0)


# --- unknown addresses -----------------------------------------------------------------------------

UNKNOWN = [
    "/gemeenten/bestaat-niet/",
    "/gemeenten/GM0917/",
    "/interventies/bestaat-niet/",
    "/lessen/bestaat-niet/",
    "/knelpunten/bestaat-niet/",
    "/bestaat-niet/",
    "/open-data/bestaat-niet.json",
    "/open-data/gemeenten.xml",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", UNKNOWN)
def test_unknown_address_gives_the_404_page(client, url):
    html = _get(client, url, status=404)

    assert "<h1>Pagina niet gevonden</h1>" in html
    assert '<html lang="nl"' in html
    assert 'href="/zoeken/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in UNKNOWN if not u.startswith("/open-data/")])
def test_unknown_english_address_gives_an_english_404_page(client, url):
    html = _get(client, "/en" + url, status=404)

    assert '<html lang="en"' in html
    assert 'href="/en/zoeken/"' in html


# --- open data, security.txt, robots.txt, sitemap --------------------------------------------------


@pytest.mark.django_db
def test_open_data_page_lists_every_file_with_its_record_count(client):
    html = _get(client, "/open-data/")
    expected = {
        "gemeenten": _public_municipalities().count(),
        "investeringen": _public_investments().count(),
        "lessen": 6,
        "knelpunten": 6,
        "citaten": Quote.objects.filter(publication_status=PUBLISHED).count(),
    }

    for name, count in expected.items():
        section = _section(html, f'id="dataset-{name}"', "</section>")
        assert re.search(rf">{count}(?: records)?<", section), name
        assert f'href="/open-data/{name}.json"' in section
        records = json.loads(_get(client, f"/open-data/{name}.json"))
        assert len(records) == count, name


@pytest.mark.django_db
def test_security_txt_has_contact_and_a_future_expiry(client):
    response = client.get("/.well-known/security.txt")
    lines = dict(line.split(": ", 1) for line in response.content.decode().splitlines())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert lines["Contact"].startswith(("https://", "mailto:"))
    expires = datetime.datetime.fromisoformat(lines["Expires"])
    # RFC 9116: in the future, and no more than about a year ahead.
    assert timezone.now() < expires <= timezone.now() + datetime.timedelta(days=366)


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    text = _get(client, "/robots.txt")

    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    assert "Disallow: /beheer/" in text.splitlines()


_SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_in_both_languages(client):
    # Our own output, not untrusted input.
    root = ElementTree.fromstring(_get(client, "/sitemap.xml"))  # noqa: S314
    entries = {}
    for url in root.findall("s:url", _SITEMAP):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", _SITEMAP)}
        entries[url.find("s:loc", _SITEMAP).text] = alternates

    for municipality in _public_municipalities():
        dutch = f"http://testserver/gemeenten/{municipality.slug}/"
        english = f"http://testserver/en/gemeenten/{municipality.slug}/"
        assert dutch in entries and english in entries
        assert entries[dutch] == {"nl": dutch, "en": english, "x-default": dutch}
    published = [
        *Intervention.objects.filter(publication_status=PUBLISHED),
        *Lesson.objects.filter(publication_status=PUBLISHED),
        *Bottleneck.objects.filter(publication_status=PUBLISHED),
    ]
    for obj in published:
        assert f"http://testserver{obj.get_absolute_url()}" in entries
    assert "http://testserver/over/" in entries
    assert not [loc for loc in entries if "/zoeken/" in loc or "/beheer/" in loc]


@pytest.mark.django_db
def test_every_page_in_the_sitemap_answers_200(client):
    root = ElementTree.fromstring(_get(client, "/sitemap.xml"))  # noqa: S314 - our own output
    locations = [loc.text for loc in root.iterfind("s:url/s:loc", _SITEMAP)]
    by_status = defaultdict(list)

    for location in locations:
        by_status[client.get(location.removeprefix("http://testserver")).status_code].append(location)

    assert set(by_status) == {200}, dict(by_status)


@pytest.mark.django_db
def test_bottleneck_without_tips_says_so(client):
    # "Which municipalities struggle with monitoring, and what do others advise?": the report gives
    # no tips there, and the page must say that rather than leave the question open.
    assert not Tip.objects.filter(bottleneck__slug="monitoren-en-evalueren").exists()
    html = _get(client, "/knelpunten/monitoren-en-evalueren/")
    assert "Het rapport geeft bij dit knelpunt geen tips van gemeenten." in html

    with_tips = _get(client, "/knelpunten/actief-duurzaam-netwerk/")
    assert "geen tips van gemeenten" not in with_tips


@pytest.mark.django_db
def test_themes_and_target_groups_are_named_in_the_page_language(client):
    # They are the portal's own vocabulary, not the report's text, so the English pages translate them;
    # open data keeps the Dutch names of its contract.
    dutch = _get(client, "/investeringen/?thema=training")
    english = _get(client, "/en/investeringen/?thema=training")

    assert "Training en deskundigheidsbevordering" in dutch
    assert "Training and professional development" not in dutch
    assert "Training and professional development" in english
    assert "Professionals" in english and "Older people" in english
    assert "Week against Loneliness" in _get(client, "/en/")
    data = client.get("/open-data/investeringen.json?thema=training")
    assert "Training en deskundigheidsbevordering" in b"".join(data.streaming_content).decode()
