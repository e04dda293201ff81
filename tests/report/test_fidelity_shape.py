"""The report's shape: quotes where the report puts them, a theme for every investment, tags and
titles that say no more than the text, every footnote link at home, and provenance one can check.

The expected tables were made by reading the report (fixtures/source/movisie-2019-report.txt).
"""

import json
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from core.models import PublicationStatus
from investments.models import Intervention, Investment, Theme
from lessons.models import Bottleneck, Lesson, Quote
from municipalities.models import Municipality, MunicipalityLink
from report.models import ReportSection
from tests.report.test_fidelity import REPORT, _chapter, normalise, normalise_markup, paragraphs

FINDING_MODELS = [Lesson, Bottleneck]
# A tag that is a municipality's name: "Haarlem" must not match inside "Haarlemmermeer".
NAMES = [
    "Amsterdam",
    "Baarn",
    "Delft",
    "Den Haag",
    "Dordrecht",
    "Gorinchem",
    "Haarlem",
    "Haarlemmermeer",
    "Heerlen",
    "Leeuwarden",
    "Lelystad",
    "Roermond",
    "Rotterdam",
    "Schiedam",
    "Terneuzen",
    "Westerveld",
]


def _names_in(text):
    return {name for name in NAMES if re.search(rf"\b{name}\b", text)}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode("utf-8")


@pytest.fixture(scope="module")
def report_text():
    return REPORT.read_text(encoding="utf-8")


# --- 1. Quotes stand after their lead-in ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", FINDING_MODELS, ids=lambda model: model.__name__)
def test_every_lead_in_ending_in_a_colon_has_its_quote_right_after_it(model):
    missing, misplaced = [], []
    for finding in model.objects.prefetch_related("quotes"):
        texts = paragraphs(finding.text)
        placed = {quote.paragraph for quote in finding.quotes.all() if quote.paragraph}
        for number, paragraph in enumerate(texts, start=1):
            if paragraph.rstrip().endswith(":") and number not in placed:
                missing.append(f"{finding.slug}, paragraph {number}")
        for quote in finding.quotes.all():
            if quote.paragraph and not texts[quote.paragraph - 1].rstrip().endswith(":"):
                misplaced.append(quote.slug)
    assert missing == []
    assert misplaced == []


@pytest.mark.django_db
def test_fifteen_lead_ins_fifteen_placed_quotes_and_three_in_the_text():
    assert Quote.objects.filter(paragraph__isnull=False).count() == 15
    assert set(Quote.objects.filter(in_text=True).values_list("text", flat=True)) == {
        "Eenzaamheid is een uitkomst, het begint niet met eenzaamheid.",
        "Eenzaamheid gaat overal dwars doorheen, bijna alle netwerken in het sociale domein hebben wel een link met "
        "eenzaamheid.",
        "Het is nog niet gestroomlijnd.",
    }
    # Every quote has exactly one place: after a paragraph, or inside the text.
    assert not Quote.objects.filter(paragraph__isnull=False, in_text=True).exists()
    assert not Quote.objects.filter(paragraph__isnull=True, in_text=False).exists()


@pytest.mark.django_db
def test_each_lead_in_names_the_municipality_of_its_quote():
    # Lesson 2 and bottleneck 1 have several lead-ins in a row: each one introduces its own speaker.
    wrong = []
    for quote in Quote.objects.filter(paragraph__isnull=False).select_related("municipality", "lesson", "bottleneck"):
        lead_in = paragraphs((quote.lesson or quote.bottleneck).text)[quote.paragraph - 1]
        if quote.municipality.name not in _names_in(lead_in):
            wrong.append(f"{quote.slug}: {quote.municipality.name}")
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "start", "end"),
    [
        (Lesson, " 4 Algemene geleerde lessen", " 5 Actuele knelpunten en tips"),
        (Bottleneck, " 5 Actuele knelpunten en tips", " 6 Bijlagen"),
    ],
    ids=["chapter 4", "chapter 5"],
)
def test_each_quote_stands_between_its_lead_in_and_the_next_paragraph_in_the_report(report_text, model, start, end):
    chapter = _chapter(report_text, start, end)
    misplaced = []
    for finding in model.objects.order_by("position"):
        # Search from the finding's own title, so that a repeated phrase of another finding cannot match.
        offset = chapter.index(normalise_markup(finding.title))
        texts = paragraphs(finding.text)
        for quote in finding.quotes.filter(paragraph__isnull=False):
            lead_in_end = chapter.index(normalise_markup(texts[quote.paragraph - 1]), offset) + len(
                normalise_markup(texts[quote.paragraph - 1])
            )
            found = chapter.find(normalise_markup(quote.text), offset)
            following = (
                chapter.index(normalise_markup(texts[quote.paragraph]), offset)
                if quote.paragraph < len(texts)
                else len(chapter)
            )
            if not lead_in_end <= found < following:
                misplaced.append(quote.slug)
    assert misplaced == []


def _lead_ins_not_followed_by_a_quote(html):
    # A paragraph ending in a colon must be followed directly by the quote's figure.
    return re.findall(r":</p>\s*(?!<figure class=\"portal-quote\">)<[^>]*>", html)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "path"), [(Lesson, "/lessen/"), (Bottleneck, "/knelpunten/")])
def test_pages_render_each_quote_after_its_lead_in_and_inline_quotes_once(client, model, path):
    for finding in model.objects.all():
        html = _get(client, f"{path}{finding.slug}/")
        assert _lead_ins_not_followed_by_a_quote(html) == [], finding.slug
        for quote in finding.quotes.select_related("municipality"):
            assert html.count(escape(quote.text)) == 1, quote.slug
            if quote.paragraph:
                lead_in = escape(paragraphs(finding.text)[quote.paragraph - 1])
                after = html[html.index(lead_in) :]
                figure = re.search(r'<figure class="portal-quote">.*?</figure>', after, re.DOTALL).group(0)
                assert escape(quote.text) in figure, quote.slug
                assert f"gemeente {quote.municipality.name}" in figure, quote.slug
        # The old "Citaten" block under the text only holds quotes without a place; the report has none.
        assert "<h2>Citaten</h2>" not in html


@pytest.mark.django_db
def test_coalition_page_has_no_empty_lead_ins_and_lesson_2_keeps_the_speakers_apart(client):
    html = _get(client, "/lessen/coalitie-en-netwerkvorming/")
    lelystad = html.index("binnen de gemeente Lelystad vertelt:")
    haarlem = html.index("De geïnterviewde beleidsmedewerker van de gemeente Haarlem vertelt:</p>")
    assert lelystad < html.index(escape("De coalitie liep eerst niet goed")) < haarlem


@pytest.mark.django_db
def test_a_quote_without_a_place_is_shown_under_the_text(client):
    lesson = Lesson.objects.get(slug="gebiedsgericht-werken")
    Quote.objects.create(
        text="Een citaat dat een onderzoeker toevoegde.", lesson=lesson, publication_status=PublicationStatus.PUBLISHED
    )
    Quote.objects.create(
        text="Een citaat met een alinea die de tekst niet meer heeft.",
        lesson=lesson,
        paragraph=9,
        publication_status=PublicationStatus.PUBLISHED,
    )
    html = _get(client, "/lessen/gebiedsgericht-werken/")
    below = html[html.index("<h2>Citaten</h2>") :]
    assert "Een citaat dat een onderzoeker toevoegde." in below
    assert "Een citaat met een alinea die de tekst niet meer heeft." in below


@pytest.mark.django_db
def test_detail_page_query_count_does_not_grow_with_its_quotes(client):
    def queries(url):
        with CaptureQueriesContext(connection) as context:
            _get(client, url)
        return len(context)

    # The most quotes against the fewest (a page without any need not read them at all).
    counted = Lesson.objects.published().annotate(number=Count("quotes")).filter(number__gt=0).order_by("number")
    fewest, most = counted.first(), counted.last()
    assert most.number >= 2 * fewest.number
    assert queries(f"/lessen/{most.slug}/") == queries(f"/lessen/{fewest.slug}/")


@pytest.mark.django_db
def test_as_described_above_links_to_the_lesson_it_points_to(client):
    lesson = Lesson.objects.get(slug="coalitie-en-netwerkvorming")
    assert "(zoals hierboven beschreven)" in lesson.text
    assert lesson.refers_to.slug == "aanpak-inbedden"
    html = _get(client, "/lessen/coalitie-en-netwerkvorming/")
    assert '(<a href="/lessen/aanpak-inbedden/">zoals hierboven beschreven</a>)' in html

    # A draft target is not linked: its page would be a 404 to the visitor.
    Lesson.objects.filter(slug="aanpak-inbedden").update(publication_status=PublicationStatus.DRAFT)
    html = _get(client, "/lessen/coalitie-en-netwerkvorming/")
    assert "(zoals hierboven beschreven)" in html
    assert 'href="/lessen/aanpak-inbedden/"' not in html


@pytest.mark.django_db
def test_open_data_quotes_keep_their_fields(client):
    response = client.get("/open-data/citaten.json")
    records = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert len(records) == 18
    assert {"tekst", "gemeente", "les", "knelpunt"} <= set(records[0])


# --- 2. A theme for every investment ----------------------------------------------------------------

NEW_THEMES = {
    # slug: (English name, {(municipality, investment slug), ...} that the report's words call for)
    "mobiliteit": (
        "Mobility and transport",
        {("Westerveld", "verkennen-welke-rol-anwb-automaatje-kan-spelen-bij-vervoer")},
    ),
    "rouw-zingeving": (
        "Grief and meaning in life",
        {
            ("Dordrecht", "ondersteuning-voor-het-nieuwe-initiatief-compassievolle-communities"),
            ("Rotterdam", "ondersteuning-van-het-project-motto-over-zingevingsvragen"),
        },
    ),
    "gesprek-met-inwoners": (
        "Meeting and dialogue with residents",
        {
            ("Roermond", "bijeenkomst-met-inwoners-die-zelf-te-maken-hebben-met-gevoelens-van-eenzaamheid"),
            ("Leeuwarden", "sessie-met-de-gemeenteraad-en-ervaringsdeskundigen-over-eenzaamheid"),
        },
    ),
    "politiek-draagvlak": (
        "Political support",
        {("Leeuwarden", "sessie-met-de-gemeenteraad-en-ervaringsdeskundigen-over-eenzaamheid")},
    ),
    "netwerkversterking": (
        "Strengthening personal networks",
        {
            ("Dordrecht", "ondersteuning-voor-wij-crabbehof"),
            ("Gorinchem", "project-gericht-op-netwerkversterking-met-ervaringsdeskundigen"),
            # Issue 24: "hoe kun je mensen ondersteunen bij het aanleren om je sociale netwerk op te bouwen".
            ("Lelystad", "werkgroep-middengeneratie-werkt-de-plannen-uit"),
        },
    ),
    "langer-thuis": ("Living at home for longer", {("Lelystad", "project-lage-drempels-opgestart")}),
    "talenten": (
        "Making use of people's talents",
        {
            ("Rotterdam", "ouderen-geven-gastlessen-binnen-het-nationaal-programma-rotterdam-zuid"),
            ("Rotterdam", "ondersteuning-voor-netwerk-nieuw-rotterdam"),
        },
    ),
}

# The thirteen investments the review found without a theme.
UNTHEMED_BEFORE = [
    ("Dordrecht", "ondersteuning-voor-wij-crabbehof"),
    ("Dordrecht", "ondersteuning-voor-het-nieuwe-initiatief-compassievolle-communities"),
    ("Gorinchem", "project-gericht-op-netwerkversterking-met-ervaringsdeskundigen"),
    ("Haarlem", "werkconferentie-in-december-2019-over-de-activiteiten-in-2020"),
    ("Leeuwarden", "sessie-met-de-gemeenteraad-en-ervaringsdeskundigen-over-eenzaamheid"),
    ("Lelystad", "project-lage-drempels-opgestart"),
    ("Roermond", "bijeenkomst-met-inwoners-die-zelf-te-maken-hebben-met-gevoelens-van-eenzaamheid"),
    ("Rotterdam", "ondersteuning-voor-netwerk-nieuw-rotterdam"),
    ("Rotterdam", "ondersteuning-voor-het-project-mijn-rotterdam"),
    ("Rotterdam", "ouderen-geven-gastlessen-binnen-het-nationaal-programma-rotterdam-zuid"),
    ("Rotterdam", "financiering-van-het-congrestival-ouder-en-wijzer"),
    ("Terneuzen", "bijeenkomst-over-eenzaamheid-door-welzijnsorganisaties-present-en-aan-z"),
    ("Westerveld", "verkennen-welke-rol-anwb-automaatje-kan-spelen-bij-vervoer"),
]


def _investment(municipality, slug):
    return Investment.objects.get(municipality__name=municipality, slug=slug)


# The report says of it only "Ondersteuning voor het project Mijn Rotterdam.": no theme is supported
# by that (issue 24 took away the "Bredere inzet van interventies" it had been given).
UNTHEMED_BY_THE_REPORT = [("Rotterdam", "ondersteuning-voor-het-project-mijn-rotterdam")]


@pytest.mark.django_db
def test_every_investment_has_a_theme():
    unthemed = [slug for _name, slug in UNTHEMED_BY_THE_REPORT]
    assert list(Investment.objects.filter(themes__isnull=True).values_list("slug", flat=True)) == unthemed
    for municipality, slug in UNTHEMED_BEFORE:
        if (municipality, slug) not in UNTHEMED_BY_THE_REPORT:
            assert _investment(municipality, slug).themes.exists(), slug


@pytest.mark.django_db
def test_every_theme_has_an_english_name_and_the_new_themes_tag_what_the_report_says():
    assert list(Theme.objects.filter(name_en="").values_list("slug", flat=True)) == []
    for slug, (name_en, expected) in NEW_THEMES.items():
        theme = Theme.objects.get(slug=slug)
        assert theme.name_en == name_en
        assert set(theme.investments.values_list("municipality__name", "slug")) == expected, slug


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_the_theme_filter_and_the_comparison_offer_the_new_themes(client, prefix, language):
    investments = _get(client, f"{prefix}/investeringen/?thema=mobiliteit")
    assert "ANWB automaatje" in investments
    compare = _get(client, f"{prefix}/vergelijken/")
    for slug, (name_en, _) in NEW_THEMES.items():
        name = name_en if language == "en" else Theme.objects.get(slug=slug).name
        assert f'<option value="{slug}"' in investments, slug
        assert escape(name) in investments, name
        assert escape(name) in compare, name


# --- 3. Tags judged wrong or missing ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("municipality", "slug", "has", "has_not"),
    [
        (
            "Rotterdam",
            "ondersteuning-van-het-project-motto-over-zingevingsvragen",
            {"rouw-zingeving"},
            {"huisbezoeken"},
        ),
        (
            "Den Haag",
            "tweede-opdracht-aan-deloitte-aanbod-in-de-wijken-en-behoeften-van-personas",
            {"projectleiding"},
            set(),
        ),
        ("Rotterdam", "wijkrapportages-met-een-analyse-van-de-gegevens-van-de-huisbezoeken", {"gebiedsgericht"}, set()),
        ("Leeuwarden", "sessie-met-de-gemeenteraad-en-ervaringsdeskundigen-over-eenzaamheid", {"borging"}, set()),
        (
            "Heerlen",
            "drie-wijken-in-heerlen-gaan-actief-aan-de-slag-met-het-thema-eenzaamheid",
            {"samenwerking-netwerk"},
            set(),
        ),
        # The third-pass audit (issue 24) reversed the second pass here: meetings that make professionals
        # acquainted with the local offer are the questionnaire's "Training?", and communicating the
        # offer to residents is its "Campagne?" (recall of the result topics).
        ("Haarlemmermeer", "drie-kijk-in-de-wijk-bijeenkomsten-voor-professionals", {"training"}, set()),
        ("Leeuwarden", "meer-communiceren-over-het-beschikbare-aanbod", {"campagne"}, set()),
    ],
)
def test_theme_corrections(municipality, slug, has, has_not):
    themes = set(_investment(municipality, slug).themes.values_list("slug", flat=True))
    assert has <= themes
    assert not themes & has_not


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("municipality", "slug", "has", "has_not"),
    [
        ("Den Haag", "stadsbrede-en-wijkgerichte-bewustwordingscampagne", {"alle-inwoners"}, set()),
        (
            "Lelystad",
            "publiekscampagne-met-logo-website-en-publicaties-in-de-plaatselijke-krant",
            {"alle-inwoners"},
            set(),
        ),
        ("Rotterdam", "burgercampagne-gericht-op-melden-van-isolement-en-eenzaamheid", {"alle-inwoners"}, set()),
        ("Westerveld", "publiekscampagne-gericht-op-inwoners", {"alle-inwoners"}, set()),
        # Experts by experience are the means here, not the people the project is for.
        (
            "Gorinchem",
            "project-gericht-op-netwerkversterking-met-ervaringsdeskundigen",
            set(),
            {"ervaringsdeskundigen"},
        ),
        (
            "Leeuwarden",
            "sessie-met-de-gemeenteraad-en-ervaringsdeskundigen-over-eenzaamheid",
            set(),
            {"ervaringsdeskundigen"},
        ),
        # The text says "kinderen", not "jongeren".
        (
            "Rotterdam",
            "ouderen-geven-gastlessen-binnen-het-nationaal-programma-rotterdam-zuid",
            {"kinderen"},
            {"jongeren"},
        ),
    ],
)
def test_target_group_corrections(municipality, slug, has, has_not):
    groups = set(_investment(municipality, slug).target_groups.values_list("slug", flat=True))
    assert has <= groups
    assert not groups & has_not


# --- 4. Titles say no more than the bullet ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("municipality", "slug", "title", "text"),
    [
        (
            "Amsterdam",
            "tien-beloftevolle-experimenten-verduurzaamd",
            "Bijdrage aan tien beloftevolle experimenten om hun aanpak te verduurzamen",
            "hebben een bijdrage gekregen om hun aanpak te verduurzamen",
        ),
        (
            "Roermond",
            "projectleider-aangesteld-voor-draagvlak-en-een-plan-van-aanpak",
            "College besluit een projectleider aan te stellen voor draagvlak en een plan van aanpak",
            "heeft het college besloten een projectleider aan te stellen",
        ),
        (
            "Dordrecht",
            "cursussen-zoals-grip-en-glans-en-creatief-leven-verbeteren",
            "Kijken of en hoe cursussen zoals ‘Grip en Glans’ en ‘Creatief Leven’ verbeterd kunnen worden",
            "De gemeente kijkt of en hoe cursussen",
        ),
        (
            "Haarlem",
            "huisbezoeken-bij-migrantenouderen-en-welzijn-op-recept-voor-oudere-migranten",
            "Werkgroep kijkt naar huisbezoeken bij migrantenouderen en ‘Welzijn op recept’ voor oudere migranten",
            "heeft gekeken naar hoe je huisbezoeken kunt uitvoeren",
        ),
    ],
)
def test_titles_that_overstated_their_bullet(municipality, slug, title, text):
    investment = _investment(municipality, slug)
    assert investment.title == title
    assert text in investment.text


@pytest.mark.django_db
def test_no_title_claims_a_result_its_text_does_not_state():
    # The four overstatements in a form a new title could repeat.
    overstated = Investment.objects.filter(title__iregex=r"verduurzaamd$|^projectleider aangesteld|verbeteren$")
    assert list(overstated.values_list("title", flat=True)) == []


# --- 5. Every footnote link has a home ----------------------------------------------------------------


def _report_urls(report_text):
    # Tracking parameters (?gclid=…) are not part of the address the report cites.
    return {line.strip().split("?")[0] for line in report_text.splitlines() if re.match(r"^\s*https?://", line)}


@pytest.mark.django_db
def test_every_url_of_the_report_is_stored(report_text):
    stored = set(MunicipalityLink.objects.values_list("url", flat=True))
    stored |= set(Intervention.objects.exclude(website="").values_list("website", flat=True))
    assert len(_report_urls(report_text)) > 25
    assert sorted(_report_urls(report_text) - stored) == []


@pytest.mark.django_db
def test_every_stored_url_is_one_the_report_cites(report_text):
    # Municipalities' own websites are not footnotes; every link and intervention website is.
    stored = set(MunicipalityLink.objects.values_list("url", flat=True))
    stored |= set(Intervention.objects.exclude(website="").values_list("website", flat=True))
    assert sorted(stored - _report_urls(report_text)) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("municipality", "url"),
    [
        ("Den Haag", "https://denhaag.raadsinformatie.nl/modules/13/Overige%20bestuurlijke%20stukken/493048/"),
        ("Delft", "https://www.opinionmeter.nl/nieuws/succesverhaal-seniorenwelzijn"),
        ("Delft", "https://www.uwcompaan.nl/over-onze-tablets/"),
    ],
)
def test_the_homeless_links_are_attached_where_the_report_cites_them(client, municipality, url):
    link = MunicipalityLink.objects.get(url=url)
    assert link.municipality.name == municipality
    assert link.title
    html = _get(client, link.municipality.get_absolute_url())
    assert f'href="{url}"' in html


# --- 6. Provenance ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intervention_descriptions_are_the_reports_words_or_marked_editorial(normalised_report):
    wrong = []
    for intervention in Intervention.objects.exclude(description=""):
        verbatim = normalise_markup(intervention.description) in normalised_report
        if verbatim == intervention.description_is_editorial:
            wrong.append(intervention.slug)
    assert wrong == []
    assert Intervention.objects.filter(description_is_editorial=True).count() >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["anwb-automaatje", "vrijwilligers-fit", "mijn-rotterdam"])
def test_intervention_descriptions_describe_the_intervention_not_a_municipality(slug):
    assert _names_in(Intervention.objects.get(slug=slug).description) == set()


@pytest.mark.django_db
def test_editorial_descriptions_are_marked_on_the_pages(client):
    editorial = Intervention.objects.filter(description_is_editorial=True).first()
    verbatim = Intervention.objects.get(slug="compaan")
    assert "Redactionele omschrijving" in _get(client, f"/interventies/{editorial.slug}/")
    assert "Redactionele omschrijving" not in _get(client, f"/interventies/{verbatim.slug}/")
    assert "Editorial description" in _get(client, f"/en/interventies/{editorial.slug}/")
    assert "Redactionele omschrijving" in _get(client, "/interventies/")


@pytest.fixture(scope="module")
def normalised_report(report_text):
    from tests.report.test_fidelity import report_lines

    return normalise_markup("\n".join(report_lines(report_text)))


@pytest.mark.django_db
def test_the_questionnaire_keeps_its_third_level(client):
    text = ReportSection.objects.get(slug="vragenlijst").text
    assert "  - Sturing\n    - Wat werkt daarbij?" in text
    assert "—" not in text
    html = _get(client, "/over/")
    assert re.search(r"<li>Sturing<ul><li>Wat werkt daarbij\?", html)


@pytest.mark.django_db
def test_chapter_numbers_and_titles_are_the_reports_headings(report_text):
    headings = {(section.number, section.title) for section in ReportSection.objects.all()}
    assert headings == {
        ("1", "Inleiding"),
        ("2", "Onderzoeksopzet"),
        ("3", "Investeringen die gemeenten met de decentralisatie-uitkering hebben gedaan"),
        ("4", "Algemene geleerde lessen"),
        ("5", "Actuele knelpunten en tips"),
        ("6", "Bijlagen"),
    }
    for number, title in headings:
        # Chapter 3's heading runs over two lines of the PDF text.
        assert normalise(f"{number} {title}") in normalise(report_text), title
    assert ReportSection.objects.get(slug="vragenlijst").text.startswith("Bijlage 1: Vragenlijst interviews\n\n")


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "expected"), [("", "Redactioneel"), ("/en", "Editorial, by the makers")])
def test_about_page_says_what_is_editorial(client, prefix, expected):
    html = _get(client, f"{prefix}/over/")
    assert expected in html
    assert 'id="words-of-the-report"' in html


# --- 7. Reach is people reached -----------------------------------------------------------------------


@pytest.mark.django_db
def test_reach_is_a_number_of_people_the_text_says_were_reached():
    wrong = [
        investment.slug
        for investment in Investment.objects.exclude(reach="")
        if not re.fullmatch(r"(aangeboden aan )?\d+ \w+", investment.reach)
        or normalise(investment.reach.removeprefix("aangeboden aan ")) not in normalise(investment.text)
    ]
    assert wrong == []
    assert _investment("Haarlemmermeer", "twee-sociaal-werkers-volgen-de-train-de-trainer-creatief-leven").reach == ""
    assert Municipality.objects.count() == 16
