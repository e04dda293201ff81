"""No N+1 on any public page: the number of queries is the same with the report's sixteen
municipalities as with ten times as many municipalities and investments.

Each page is requested once to warm up (ContentType and similar process-wide caches), measured with
the report's data, measured again after `grow_data`, and the two counts must be equal. A marker
string checks that the second request really showed the grown data; without it a page that
ignored the new rows would pass for the wrong reason.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink, Province
from rounds.models import Interview, InterviewMode, Round

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT

EXTRA_MUNICIPALITIES = 150
INVESTMENTS_EACH = 9
# The municipality whose own page is measured; it gets extra investments, quotes, tips and links.
MEASURED_MUNICIPALITY = "haarlemmermeer"


def _published_investment_count():
    return Investment.objects.published().count()


def _grow():
    """Add 150 published municipalities with 9 published investments each (and one draft each),
    with themes, target groups, an intervention and a partner on every investment, name them in
    every lesson and bottleneck, and add quotes and tips to the existing findings.

    Written with bulk_create so that the growth itself takes well under a second.
    """
    themes = list(Theme.objects.order_by("position"))
    target_groups = list(TargetGroup.objects.order_by("position"))
    interventions = list(Intervention.objects.published().order_by("name"))
    # The first investment of each municipality matches the report's Compaan investments and its
    # trainings for professionals, so that filtered lists and searches grow too.
    first_themes = list(Theme.objects.filter(slug__in=["training", "technologie"]).values_list("pk", flat=True))
    first_groups = list(TargetGroup.objects.filter(slug__in=["professionals", "ouderen"]).values_list("pk", flat=True))
    compaan = Intervention.objects.get(slug="compaan")
    partner = Partner.objects.create(name="Groeipartner", slug="groeipartner")
    provinces = Province.values
    lessons = list(Lesson.objects.published())
    bottlenecks = list(Bottleneck.objects.published())
    measured = Municipality.objects.get(slug=MEASURED_MUNICIPALITY)

    municipalities = Municipality.objects.bulk_create(
        Municipality(
            name=f"Groeigemeente {n:03d}",
            slug=f"groeigemeente-{n:03d}",
            cbs_code=f"GM{5000 + n}",
            province=provinces[n % len(provinces)],
            context=f"Groeigemeente {n:03d} werkt met de Compaan en traint professionals.",
            approach_name=f"Aanpak {n}",
            publication_status=PUBLISHED,
        )
        for n in range(EXTRA_MUNICIPALITIES)
    )
    Interview.objects.bulk_create(
        Interview(
            municipality=m, round=Round.objects.get(slug="2019"), period="november 2019", mode=InterviewMode.TELEPHONE
        )
        for m in municipalities
    )
    MunicipalityLink.objects.bulk_create(
        [
            MunicipalityLink(municipality=m, title="Website", url=f"https://{m.slug}.example.org/")
            for m in municipalities
        ]
        + [
            MunicipalityLink(municipality=measured, title=f"Groeilink {n}", url=f"https://groei.example.org/{n}/")
            for n in range(5)
        ]
    )

    investments = []
    for municipality in municipalities:
        for k in range(INVESTMENTS_EACH + 1):
            investments.append(
                Investment(
                    municipality=municipality,
                    status=InvestmentStatus.COMPLETED if k % 3 != 2 else InvestmentStatus.PLANNED,
                    title=f"Groei-investering {k} van {municipality.name}",
                    slug=f"groei-investering-{k}",
                    text=f"{municipality.name} zet de Compaan in en geeft een training aan professionals ({k}).",
                    reach="150 inwoners",
                    position=k,
                    # One draft per municipality: drafts must not add queries either.
                    publication_status=DRAFT if k == INVESTMENTS_EACH else PUBLISHED,
                )
            )
    # More investments for the measured municipality, so that its own page grows.
    investments += [
        Investment(
            municipality=measured,
            status=InvestmentStatus.PLANNED,
            title=f"Groei-investering {k} van {measured.name}",
            slug=f"groei-investering-{k}",
            text=f"{measured.name} zet de Compaan in en geeft een training aan professionals ({k}).",
            position=100 + k,
            publication_status=PUBLISHED,
        )
        for k in range(INVESTMENTS_EACH)
    ]
    investments = Investment.objects.bulk_create(investments)

    theme_rows, group_rows, intervention_rows, partner_rows = [], [], [], []
    for index, investment in enumerate(investments):
        first = investment.position % 100 == 0
        chosen_themes = {themes[index % len(themes)].pk, themes[(index + 5) % len(themes)].pk}
        chosen_groups = {target_groups[index % len(target_groups)].pk}
        if first:
            chosen_themes.update(first_themes)
            chosen_groups.update(first_groups)
        chosen_intervention = compaan if first else interventions[index % len(interventions)]
        theme_rows += [Investment.themes.through(investment=investment, theme_id=pk) for pk in chosen_themes]
        group_rows += [
            Investment.target_groups.through(investment=investment, targetgroup_id=pk) for pk in chosen_groups
        ]
        intervention_rows.append(
            Investment.interventions.through(investment=investment, intervention=chosen_intervention)
        )
        partner_rows.append(Investment.partners.through(investment=investment, partner=partner))
    Investment.themes.through.objects.bulk_create(theme_rows)
    Investment.target_groups.through.objects.bulk_create(group_rows)
    Investment.interventions.through.objects.bulk_create(intervention_rows)
    Investment.partners.through.objects.bulk_create(partner_rows)

    Lesson.municipalities.through.objects.bulk_create(
        Lesson.municipalities.through(lesson=lesson, municipality=m) for lesson in lessons for m in municipalities
    )
    Bottleneck.municipalities.through.objects.bulk_create(
        Bottleneck.municipalities.through(bottleneck=bottleneck, municipality=m)
        for bottleneck in bottlenecks
        for m in municipalities
    )

    speakers = [measured, *municipalities[:10]]
    Quote.objects.bulk_create(
        [
            Quote(
                text=f"Groeicitaat {n} bij {lesson.title}", municipality=m, lesson=lesson, publication_status=PUBLISHED
            )
            for lesson in lessons
            for n, m in enumerate(speakers)
        ]
        + [
            Quote(
                text=f"Groeicitaat {n} bij {bottleneck.title}",
                municipality=m,
                bottleneck=bottleneck,
                publication_status=PUBLISHED,
            )
            for bottleneck in bottlenecks
            for n, m in enumerate(speakers)
        ]
    )
    Tip.objects.bulk_create(
        Tip(
            text=f"Groeitip {n} bij {bottleneck.title}",
            municipality=m,
            bottleneck=bottleneck,
            position=100 + n,
            publication_status=PUBLISHED,
        )
        for bottleneck in bottlenecks
        for n, m in enumerate(speakers)
    )


@pytest.fixture
def grow_data(db):
    """Call it to grow the report's data tenfold inside the test's transaction."""
    return _grow


def _measure(client, url):
    """(status, number of queries, body) of one GET, streaming bodies read inside the capture."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        # Open-data files stream: their queries run while the body is read, so read it here.
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(queries.captured_queries), body.decode("utf-8"), queries


def _grown_investment_count():
    return f"{_published_investment_count()} investeringen gevonden"


# (URL, status, marker that only the grown data puts on the page: a string, a pattern, a callable
# giving a string, or None for pages that show no data). The comment names the queries where they are not obvious.
PAGES = [
    # Key figures: investments by status (1 aggregate), municipalities, interventions in use, lessons,
    # bottlenecks, tips, quotes (6 counts); the theme chart (1); municipalities by province (1); the
    # introduction (1).
    pytest.param("/", 200, "<dd>166</dd>", id="home"),
    pytest.param("/en/", 200, "<dd>166</dd>", id="home-en"),
    # The municipalities with their investment counts as one annotated query, plus the theme choices.
    pytest.param("/gemeenten/", 200, "Groeigemeente 149", id="municipality-list"),
    # The same, with the theme looked up once for validation.
    pytest.param(
        "/gemeenten/?provincie=zuid-holland&thema=training", 200, "Groeigemeente", id="municipality-list-filtered"
    ),
    # The municipality with its links and interviews (3); its investments with themes, target groups,
    # partners and interventions (5); its interventions with their municipalities (2); lessons,
    # bottlenecks, quotes and tips (4); the two similarity profiles (2) and the similar municipalities (1).
    pytest.param(f"/gemeenten/{MEASURED_MUNICIPALITY}/", 200, "Groei-investering 8", id="municipality-detail"),
    pytest.param(f"/en/gemeenten/{MEASURED_MUNICIPALITY}/", 200, "Groei-investering 8", id="municipality-detail-en"),
    # The four select lists (themes, target groups, interventions, municipalities), the count, the
    # page of 20, and its themes, target groups, partners and interventions. Growth only adds pages.
    pytest.param("/investeringen/", 200, _grown_investment_count, id="investment-list"),
    pytest.param("/investeringen/?pagina=2", 200, _grown_investment_count, id="investment-list-page-2"),
    pytest.param("/investeringen/?pagina=9999", 200, _grown_investment_count, id="investment-list-last-page"),
    # Every filter at once: each slug is validated with one query, then the same list queries. The
    # report has one match (Haarlemmermeer's Compaan tablets): an empty page would skip the prefetches.
    pytest.param(
        "/investeringen/?q=compaan&status=gedaan&thema=technologie&doelgroep=ouderen&interventie=compaan"
        "&gemeente=&provincie=noord-holland&sorteer=titel",
        200,
        "Groeigemeente",
        id="investment-list-all-filters",
    ),
    pytest.param(
        "/investeringen/?thema=training&doelgroep=professionals", 200, "Groeigemeente", id="investment-list-trainings"
    ),
    pytest.param(
        f"/investeringen/?gemeente={MEASURED_MUNICIPALITY}", 200, "Groei-investering", id="investment-list-municipality"
    ),
    # A text search with an explicit order takes the same queries as the filters.
    pytest.param("/investeringen/?q=compaan&sorteer=-gemeente", 200, "Groeigemeente", id="investment-list-search"),
    # Invalid filters are ignored: the same queries as the unfiltered list.
    pytest.param(
        "/investeringen/?thema=bestaat-niet&status=x&sorteer=y&pagina=abc",
        200,
        _grown_investment_count,
        id="investment-list-invalid-filters",
    ),
    # The interventions, and their published investments with municipalities in one prefetch.
    pytest.param("/interventies/", 200, "Groeigemeente", id="intervention-list"),
    # The intervention, its investments (1) and their municipality, themes, target groups, partners
    # and interventions (4).
    pytest.param("/interventies/compaan/", 200, "Groeigemeente", id="intervention-detail"),
    # The lessons and their named municipalities in one prefetch.
    pytest.param("/lessen/", 200, "Groeigemeente", id="lesson-list"),
    # The lesson with its municipalities (2) and its quotes with their municipality (1).
    pytest.param("/lessen/verdiepingsslag-problematiek/", 200, "Groeicitaat", id="lesson-detail"),
    # The bottlenecks, their municipalities and their tips (3).
    pytest.param("/knelpunten/", 200, "Groeigemeente", id="bottleneck-list"),
    # The bottleneck with its municipalities (2), its quotes (1) and its tips (1).
    pytest.param("/knelpunten/actief-duurzaam-netwerk/", 200, "Groeitip", id="bottleneck-detail"),
    # Municipalities, themes, the (municipality, theme, status) counts, lessons and bottlenecks with
    # their municipalities: a fixed number however large the matrix.
    pytest.param("/vergelijken/", 200, "Groeigemeente 149", id="compare"),
    # One query per kind of content (six), each capped at 25 results.
    pytest.param("/zoeken/?q=compaan", 200, "Groeigemeente", id="search"),
    pytest.param("/zoeken/?q=training+professionals", 200, "Groeigemeente", id="search-two-words"),
    pytest.param("/zoeken/?q=", 200, None, id="search-empty"),
    pytest.param("/zoeken/?q=" + "x" * 300, 400, None, id="search-too-long"),
    # The report's sections (1); the other two pages are static.
    pytest.param("/over/", 200, None, id="about"),
    pytest.param("/toegankelijkheid/", 200, None, id="accessibility"),
    pytest.param("/privacy/", 200, None, id="privacy"),
    # One count per dataset (five).
    pytest.param("/open-data/", 200, re.compile(r">166(?: records)?<"), id="open-data"),
    # Municipalities with their counts (1).
    pytest.param("/open-data/gemeenten.json", 200, "Groeigemeente", id="open-data-municipalities"),
    # Investments with their municipality (1), themes, target groups and interventions (3).
    pytest.param("/open-data/investeringen.json", 200, "Groeigemeente", id="open-data-investments"),
    # Lessons and their municipalities (2).
    pytest.param("/open-data/lessen.json", 200, "Groeigemeente", id="open-data-lessons"),
    # Bottlenecks, their municipalities and their tips (3).
    pytest.param("/open-data/knelpunten.json", 200, "Groeitip", id="open-data-bottlenecks"),
    # Quotes with their municipality, lesson and bottleneck (1).
    pytest.param("/open-data/citaten.json", 200, "Groeicitaat", id="open-data-quotes"),
    pytest.param("/.well-known/security.txt", 200, None, id="security-txt"),
    pytest.param("/robots.txt", 200, None, id="robots-txt"),
    # One query per sitemap section that lists records (municipalities, interventions, lessons,
    # bottlenecks); the static pages need none.
    pytest.param("/sitemap.xml", 200, "groeigemeente-149", id="sitemap"),
    # The failed lookup only.
    pytest.param("/gemeenten/bestaat-niet/", 404, None, id="not-found"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status", "grown_marker"), PAGES)
def test_query_count_does_not_grow_with_the_data(client, grow_data, url, status, grown_marker):
    client.get(url)  # warm-up: fills process-wide caches so that only the page's own queries count
    status_before, before, _, queries_before = _measure(client, url)
    assert status_before == status

    grow_data()
    status_after, after, body, queries_after = _measure(client, url)

    assert status_after == status
    if grown_marker is not None:
        marker = grown_marker() if callable(grown_marker) else grown_marker
        found = marker.search(body) if isinstance(marker, re.Pattern) else marker in body
        # Proves that the second request saw the grown data, so the comparison means something.
        assert found, f"{url} does not show the grown data ({marker!r})"
    assert after == before, (
        f"{url}: {before} queries with the report's data, {after} with ten times as much.\n"
        + "\n".join(query["sql"] for query in queries_before.captured_queries)
        + "\n--- after growth ---\n"
        + "\n".join(query["sql"] for query in queries_after.captured_queries)
    )


@pytest.mark.django_db
def test_grow_data_multiplies_the_report_tenfold(grow_data):
    # The comparison above is only meaningful if the growth is real.
    municipalities_before = Municipality.objects.published().count()
    investments_before = _published_investment_count()

    grow_data()

    assert Municipality.objects.published().count() >= 10 * municipalities_before
    assert _published_investment_count() >= 10 * investments_before
    # Every new investment carries themes, a target group, an intervention and a partner.
    grown = Investment.objects.filter(slug__startswith="groei-investering")
    assert not grown.filter(themes__isnull=True).exists()
    assert not grown.filter(target_groups__isnull=True).exists()
    assert not grown.filter(interventions__isnull=True).exists()
    assert not grown.filter(partners__isnull=True).exists()
    assert Quote.objects.published().filter(text__startswith="Groeicitaat").count() > 0
    assert Tip.objects.published().filter(text__startswith="Groeitip").count() > 0
