"""The data in the database matches the Movisie report, word for word and number for number.

The expected tables below were derived by reading the report (fixtures/source/movisie-2019-report.txt),
not by copying the fixtures: a fixture error must make these tests fail.
"""

import re
from pathlib import Path

import pytest

from investments.models import Investment, InvestmentStatus
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from report.models import ReportSection

REPORT = Path(__file__).resolve().parents[2] / "fixtures" / "source" / "movisie-2019-report.txt"

COMPLETED = InvestmentStatus.COMPLETED
PLANNED = InvestmentStatus.PLANNED

# Bullets under "Gedane investeringen" / "Geplande investeringen" in sections 3.1–3.16.
# Roermond's planned plan is one bullet with three sub-bullets ("o") and two trailing paragraphs.
EXPECTED_INVESTMENTS = {
    # name: (completed, planned)
    "Amsterdam": (6, 0),
    "Baarn": (3, 1),
    "Delft": (4, 1),
    "Den Haag": (4, 0),
    "Dordrecht": (5, 1),
    "Gorinchem": (4, 2),
    "Haarlem": (3, 1),
    "Haarlemmermeer": (6, 3),
    "Heerlen": (4, 4),
    "Leeuwarden": (5, 5),
    "Lelystad": (6, 1),
    "Roermond": (6, 1),
    "Rotterdam": (10, 0),
    "Schiedam": (4, 0),
    "Terneuzen": (3, 0),
    "Westerveld": (4, 2),
}

EXPECTED_CODES = {
    "Amsterdam": ("GM0363", "noord-holland"),
    "Baarn": ("GM0308", "utrecht"),
    "Delft": ("GM0503", "zuid-holland"),
    "Den Haag": ("GM0518", "zuid-holland"),
    "Dordrecht": ("GM0505", "zuid-holland"),
    "Gorinchem": ("GM0512", "zuid-holland"),
    "Haarlem": ("GM0392", "noord-holland"),
    "Haarlemmermeer": ("GM0394", "noord-holland"),
    "Heerlen": ("GM0917", "limburg"),
    "Leeuwarden": ("GM0080", "friesland"),
    "Lelystad": ("GM0995", "flevoland"),
    "Roermond": ("GM0957", "limburg"),
    "Rotterdam": ("GM0599", "zuid-holland"),
    "Schiedam": ("GM0606", "zuid-holland"),
    "Terneuzen": ("GM0715", "zeeland"),
    "Westerveld": ("GM1701", "drenthe"),
}

# Chapter 4 headings in report order, with the municipalities each paragraph names.
EXPECTED_LESSONS = [
    ("Bestaande aanbod inventariseren", {"Westerveld", "Haarlemmermeer"}),
    (
        "Verdiepingsslag in de problematiek van eenzaamheid",
        {"Amsterdam", "Den Haag", "Schiedam", "Baarn", "Westerveld"},
    ),
    ("‘Integrale aanpak’ in de praktijk en het beleid", {"Den Haag"}),
    ("Aanpak inbedden in bestaande structuren", {"Schiedam", "Roermond", "Rotterdam"}),
    ("Coalitie- en netwerkvorming", {"Lelystad", "Haarlem"}),
    ("Gebiedsgericht werken", {"Schiedam", "Amsterdam", "Rotterdam", "Leeuwarden", "Den Haag", "Westerveld"}),
]

# Chapter 5 headings in report order.
EXPECTED_BOTTLENECKS = [
    (
        "Hoe ontwikkel je een actief netwerk dat duurzaam is?",
        {"Haarlemmermeer", "Lelystad", "Dordrecht", "Delft", "Roermond"},
    ),
    ("Waar kun je met signalen van vereenzaming terecht?", {"Rotterdam", "Delft"}),
    (
        "Hoe verhoudt ‘community building’ zich tot de aanpak van eenzaamheid?",
        {"Gorinchem", "Dordrecht", "Leeuwarden", "Amsterdam", "Rotterdam"},
    ),
    ("Hoe monitor en evalueer je je aanpak?", {"Schiedam", "Haarlem", "Gorinchem", "Den Haag", "Lelystad", "Baarn"}),
    ("Hoe borg je de aandacht voor eenzaamheid?", {"Haarlem", "Leeuwarden", "Amsterdam"}),
    ("Hoe communiceer je over je aanpak van eenzaamheid?", set()),
]

# Every quote of the report: its opening words, who said it, and the heading it stands under.
EXPECTED_QUOTES = [
    ("We wisten al wel dat er van alles was", "Westerveld", "Bestaande aanbod inventariseren"),
    ("Met ‘Kijk in de wijk’ maken we professionals bekend", "Haarlemmermeer", "Bestaande aanbod inventariseren"),
    ("Met behulp van data-analyse hebben we inzicht gekregen", "Den Haag", "Verdiepingsslag in de problematiek"),
    ("Vervolgens hebben we op wijkniveau persona’s uitgewerkt", "Den Haag", "Verdiepingsslag in de problematiek"),
    ("We hebben hier veel ouderen en die zijn mondig", "Baarn", "Verdiepingsslag in de problematiek"),
    ("Wat we wel hoorden was, er wonen hier ook ouderen uit het westen", "Westerveld", "Verdiepingsslag"),
    ("Eenzaamheid is een uitkomst", None, "‘Integrale aanpak’"),
    ("Eenzaamheid gaat overal dwars doorheen", None, "‘Integrale aanpak’"),
    ("De coalitie liep eerst niet goed", "Lelystad", "Coalitie- en netwerkvorming"),
    ("Nu we werkgroepen hebben en zij aangeven wat ze nodig hebben", "Haarlem", "Coalitie- en netwerkvorming"),
    ("Eerst kwamen we langs en dan ging het alleen over geld", "Haarlem", "Coalitie- en netwerkvorming"),
    ("We hebben nu commitment voor onze alliantie", "Haarlemmermeer", "Hoe ontwikkel je een actief netwerk"),
    ("Iedereen kan aansluiten, maar wat kom je doen", "Lelystad", "Hoe ontwikkel je een actief netwerk"),
    ("Bedrijven zijn steeds minder bereid te investeren", "Haarlemmermeer", "Hoe ontwikkel je een actief netwerk"),
    ("Je hebt meer tijd nodig dan 1,5 uur per maand", "Delft", "Hoe ontwikkel je een actief netwerk"),
    ("Het is nog niet gestroomlijnd.", None, "Waar kun je met signalen"),
    ("We verdiepen ons in Meldisolement", "Delft", "Waar kun je met signalen"),
    ("Kijk, we meten eenzaamheid eens in de vier jaar", "Den Haag", "Hoe monitor en evalueer"),
]

EXPECTED_TIPS = [
    ("Het is motiverend voor het netwerk om iets concreets te doen", "Haarlemmermeer", "Hoe ontwikkel je een actief"),
    ("Samenwerken is een opgave als je in een netwerk werkt", "Roermond", "Hoe ontwikkel je een actief"),
    ("Het bereiken van mensen die zich eenzaam voelen zit ‘m soms in kleine dingen", "Amsterdam", "Hoe verhoudt"),
    ("In Rotterdam hebben we ‘Bloemenestafette’", "Rotterdam", "Hoe verhoudt"),
]

# --- Normalising the report ---------------------------------------------------------------------

URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
PAGE_NUMBER_LINE = re.compile(r"^\s*\d+\s*$")
# "- " is the report's bullet, "o " its sub-bullet (the PDF's glyph came out as a letter o); the
# fixtures mark both as "- " and "  - ".
BULLET = re.compile(r"^\s*(?:-|o)\s+")
# Whitespace (line breaks split words and sentences), hyphens and dashes (words split at line ends
# are joined in the fixtures) and quote characters (the report is not consistent in its quotes).
IGNORED = re.compile(r"[\s\-‐‑‒–—―‘’“”'\"]")


def normalise(text: str) -> str:
    return IGNORED.sub("", text.lower())


def normalise_markup(text: str) -> str:
    return normalise("\n".join(BULLET.sub("", line) for line in text.splitlines()))


def report_lines(text: str):
    for line in text.splitlines():
        if URL_LINE.match(line) or PAGE_NUMBER_LINE.match(line):
            continue
        yield line


@pytest.fixture(scope="module")
def report_text():
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def normalised_report(report_text):
    return normalise_markup("\n".join(report_lines(report_text)))


def chapter_3_sections(report_text):
    """{(municipality name, status or "context"): normalised text} for sections 3.1–3.16."""
    chapter = report_text[report_text.index("3.1 Amsterdam") : report_text.index(" 4 Algemene geleerde lessen")]
    sections, bullets, key = {}, {}, None
    for line in report_lines(chapter):
        heading = re.match(r"^\s*3\.\d+ (.+?)\s*$", line)
        if heading:
            name = heading.group(1)
            key = (name, "context")
            bullets[(name, COMPLETED)] = bullets[(name, PLANNED)] = 0
        elif re.match(r"^\s*Gedane investeringen", line):
            key = (key[0], COMPLETED)
        elif re.match(r"^\s*Geplande investeringen", line):
            key = (key[0], PLANNED)
        else:
            if key[1] != "context" and line.lstrip().startswith("- "):
                bullets[key] += 1
            sections[key] = sections.get(key, "") + "\n" + line
    return {key: normalise_markup(text) for key, text in sections.items()}, bullets


def paragraphs(text):
    return [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]


# --- Counts ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_investment_counts_per_municipality_and_status():
    actual = {
        municipality.name: (
            municipality.investments.filter(status=COMPLETED).count(),
            municipality.investments.filter(status=PLANNED).count(),
        )
        for municipality in Municipality.objects.all()
    }
    assert actual == EXPECTED_INVESTMENTS


def test_expected_table_agrees_with_the_bullets_in_the_report(report_text):
    # A second, mechanical reading of the report guards the hand-made table against typos.
    _, bullets = chapter_3_sections(report_text)
    counted = {name: (bullets[(name, COMPLETED)], bullets[(name, PLANNED)]) for name in EXPECTED_INVESTMENTS}
    assert counted == EXPECTED_INVESTMENTS


@pytest.mark.django_db
def test_totals():
    assert sum(completed for completed, _ in EXPECTED_INVESTMENTS.values()) == 77
    assert sum(planned for _, planned in EXPECTED_INVESTMENTS.values()) == 22
    assert Investment.objects.filter(status=COMPLETED).count() == 77
    assert Investment.objects.filter(status=PLANNED).count() == 22
    assert Investment.objects.published().count() == 99
    assert Municipality.objects.published().count() == 16
    assert Lesson.objects.published().count() == 6
    assert Bottleneck.objects.published().count() == 6
    assert Quote.objects.published().count() == 18
    assert Quote.objects.filter(municipality__isnull=False).count() == 15
    assert Quote.objects.filter(municipality__isnull=True).count() == 3
    assert Tip.objects.published().count() == 4


def test_the_report_names_the_same_sixteen_municipalities(report_text):
    question = "Welke gemeenten hebben een decentralisatie-uitkering gekregen?"
    listing = report_text[report_text.index(question) + len(question) : report_text.index(" 2 Onderzoeksopzet")]
    names = [name.strip(" .") for name in " ".join(listing.split()).replace(" en ", ", ").split(",")]
    assert sorted(names) == sorted(EXPECTED_INVESTMENTS)


@pytest.mark.django_db
def test_cbs_codes_and_provinces():
    actual = {m.name: (m.cbs_code, m.province) for m in Municipality.objects.all()}
    assert actual == EXPECTED_CODES


@pytest.mark.django_db
def test_report_sections_of_municipalities_follow_the_alphabet():
    # Chapter 3 walks the municipalities in alphabetical order: 3.1 Amsterdam … 3.16 Westerveld.
    ordered = sorted(EXPECTED_INVESTMENTS)
    actual = dict(Municipality.objects.values_list("name", "report_section"))
    assert actual == {name: f"3.{number}" for number, name in enumerate(ordered, start=1)}


# --- Texts occur in the report ----------------------------------------------------------------------


def test_normalisation_is_not_too_lenient(normalised_report):
    # The containment tests below are only worth something if a one-character change fails them.
    assert normalise("Aan 150 inwoners is de mogelijkheid geboden") in normalised_report
    assert normalise("Aan 151 inwoners is de mogelijkheid geboden") not in normalised_report
    assert normalise("De coalitie liep eerst goed") not in normalised_report
    assert "https" not in normalised_report
    assert len(normalised_report) > 50_000


def _missing(records, normalised_report):
    return [label for label, text in records if normalise_markup(text) not in normalised_report]


@pytest.mark.django_db
def test_every_investment_text_occurs_in_the_report(normalised_report):
    records = [(f"{i.municipality.name}: {i.slug}", i.text) for i in Investment.objects.select_related("municipality")]
    assert len(records) == 99
    assert _missing(records, normalised_report) == []


@pytest.mark.django_db
def test_every_investment_stands_in_its_own_municipality_and_status_in_report_order(report_text):
    sections, _ = chapter_3_sections(report_text)
    misplaced = []
    for municipality in Municipality.objects.all():
        for status in (COMPLETED, PLANNED):
            section = sections.get((municipality.name, status), "")
            positions = []
            for investment in municipality.investments.filter(status=status).order_by("position"):
                found = section.find(normalise_markup(investment.text))
                if found < 0:
                    misplaced.append(f"{municipality.name} ({status}): {investment.slug}")
                positions.append(found)
            if positions != sorted(positions):
                misplaced.append(f"{municipality.name} ({status}): not in report order")
    assert misplaced == []


@pytest.mark.django_db
def test_every_municipality_context_occurs_in_its_own_section(report_text):
    sections, _ = chapter_3_sections(report_text)
    missing = []
    for municipality in Municipality.objects.all():
        assert municipality.context, municipality.name
        for number, paragraph in enumerate(paragraphs(municipality.context), start=1):
            if normalise_markup(paragraph) not in sections[(municipality.name, "context")]:
                missing.append(f"{municipality.name}, paragraph {number}")
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", EXPECTED_INVESTMENTS)
def test_municipality_section_is_complete(report_text, name):
    # Containment proves nothing was invented; equality with the whole section proves that no
    # sentence of the situation or of a bullet was left out either.
    sections, _ = chapter_3_sections(report_text)
    municipality = Municipality.objects.get(name=name)
    assert normalise_markup(municipality.context) == sections[(name, "context")]
    for status in (COMPLETED, PLANNED):
        investments = municipality.investments.filter(status=status).order_by("position")
        joined = "".join(normalise_markup(investment.text) for investment in investments)
        assert joined == sections.get((name, status), ""), status


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Lesson, Bottleneck], ids=lambda model: model.__name__)
def test_every_finding_paragraph_occurs_in_the_report(model, normalised_report):
    records = [
        (f"{finding.slug}, paragraph {number}", paragraph)
        for finding in model.objects.all()
        for number, paragraph in enumerate(paragraphs(finding.text), start=1)
    ]
    assert len(records) >= 6
    assert _missing(records, normalised_report) == []


@pytest.mark.django_db
def test_every_quote_and_tip_occurs_in_the_report(normalised_report):
    records = [(f"quote {quote.slug}", quote.text) for quote in Quote.objects.all()]
    records += [(f"tip {tip.slug}", tip.text) for tip in Tip.objects.all()]
    assert len(records) == 22
    assert _missing(records, normalised_report) == []


@pytest.mark.django_db
def test_every_report_section_paragraph_occurs_in_the_report(normalised_report):
    records = [
        (f"{section.slug}, paragraph {number}", paragraph)
        for section in ReportSection.objects.all()
        for number, paragraph in enumerate(paragraphs(section.text), start=1)
    ]
    assert records
    assert _missing(records, normalised_report) == []


@pytest.mark.django_db
def test_block_quotes_are_kept_out_of_the_finding_text_and_inline_quotes_in_it():
    # The report sets attributed quotes apart as block quotes: in the text as well they would be
    # shown twice. The three unattributed ones sit inside a sentence, which would break without them.
    placement = {
        quote.slug: normalise(quote.text) in normalise((quote.lesson or quote.bottleneck).text)
        for quote in Quote.objects.select_related("lesson", "bottleneck")
    }
    inline = set(Quote.objects.filter(municipality__isnull=True).values_list("slug", flat=True))
    assert {slug for slug, in_text in placement.items() if in_text} == inline
    assert len(inline) == 3


# --- Lessons and bottlenecks -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "expected"),
    [(Lesson, EXPECTED_LESSONS), (Bottleneck, EXPECTED_BOTTLENECKS)],
    ids=["lessons", "bottlenecks"],
)
def test_findings_in_report_order_with_the_municipalities_they_name(model, expected):
    actual = [
        (finding.title, {municipality.name for municipality in finding.municipalities.all()})
        for finding in model.objects.order_by("position")
    ]
    assert actual == expected


# --- A sample of exact texts -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("municipality", "status", "text", "reach"),
    [
        (
            "Haarlemmermeer",
            COMPLETED,
            "Aan 150 inwoners is de mogelijkheid geboden de seniorentablet Compaan te gebruiken. Deelnemers mogen "
            "de Compaan zes maanden gratis gebruiken. Dan moeten ze beslissen of ze de Compaan overnemen. Vilans "
            "voert een effectonderzoek uit naar het gebruik van de Compaan.",
            "aangeboden aan 150 inwoners",
        ),
        (
            "Heerlen",
            PLANNED,
            "Heerlen is bezig met het opzetten van een lokaal meldpunt eenzaamheid. De verwachting is dat deze in "
            "2020 wordt gelanceerd. De gemeente heeft afgezien van een aansluiting bij het landelijke meldpunt "
            "eenzaamheid, omdat mensen hier niet in hun eigen dialect terecht kunnen.",
            "",
        ),
        (
            "Delft",
            PLANNED,
            "De gemeente Delft gaat in 2020 experimenteren met de Compaan (een tablet voor ouderen). Hiermee kunnen "
            "ouderen beter het contact met vrienden en familie onderhouden.",
            "",
        ),
        (
            # Written in the present tense, but the report lists it under "Gedane investeringen".
            "Den Haag",
            COMPLETED,
            "Een stadsbrede en wijkgerichte bewustwordingscampagne wordt ingezet om zowel het taboe op eenzaamheid "
            "te doorbreken als de directe omgeving aan te moedigen om in actie te komen.",
            "",
        ),
        (
            "Baarn",
            PLANNED,
            "Samen met de gemeente Soest wordt een signaleringspunt opgezet. De insteek is dat het punt dichter bij "
            "burgers, professionals (o.a. huisartsen) en ondernemers komt dan nu het geval is, zodat mensen beter "
            "weten waar ze met signalen terecht kunnen.",
            "",
        ),
        (
            # "een-/zaamheid" is split across two lines in the PDF.
            "Baarn",
            COMPLETED,
            "Er is een bureau ingehuurd om het plan van aanpak ‘vlot te trekken’ voor de aanpak van eenzaamheid.",
            "",
        ),
        (
            "Lelystad",
            COMPLETED,
            "Voor 200 vrijwilligers is een interactieve bijeenkomst georganiseerd over eenzaamheid. Naast goede "
            "praktijkvoorbeelden zijn onderwerpen aan bod gekomen als: het doorbreken van het taboe, wat is "
            "eenzaamheid en wat kun je doen?",
            "200 vrijwilligers",
        ),
        (
            "Westerveld",
            PLANNED,
            "In de gemeente is vanwege de grote oppervlakte vervoer een vraagstuk. De gemeente verkent momenteel "
            "welke rol ANWB automaatje hierbij kan spelen.",
            "",
        ),
    ],
)
def test_exact_investment_texts(municipality, status, text, reach):
    investment = Investment.objects.get(text=text)
    assert investment.municipality.name == municipality
    assert investment.status == status
    assert investment.reach == reach
    assert investment.is_published


@pytest.mark.django_db
def test_peer_examples_are_linked_to_the_right_investments():
    compaan = Investment.objects.get(text__startswith="Aan 150 inwoners")
    meldpunt = Investment.objects.get(municipality__name="Heerlen", text__contains="lokaal meldpunt eenzaamheid")
    automaatje = Investment.objects.get(municipality__name="Westerveld", text__contains="ANWB automaatje")
    assert "compaan" in set(compaan.interventions.values_list("slug", flat=True))
    assert "meldpunt" in set(meldpunt.themes.values_list("slug", flat=True))
    assert "anwb-automaatje" in set(automaatje.interventions.values_list("slug", flat=True))
    assert set(
        Investment.objects.filter(interventions__slug="compaan").values_list("municipality__name", "status")
    ) == {("Haarlemmermeer", COMPLETED), ("Delft", PLANNED), ("Westerveld", COMPLETED)}


@pytest.mark.django_db
def test_haarlemmermeer_training_appears_as_completed_and_as_planned():
    # The report lists the supermarket training twice: once as started, once with its contents as planned.
    trainings = Investment.objects.filter(
        municipality__name="Haarlemmermeer", text__startswith="De welzijnsorganisatie ontwikkelt momenteel een training"
    )
    assert sorted(trainings.values_list("status", flat=True)) == [COMPLETED, PLANNED]


@pytest.mark.django_db
def test_roermond_plan_keeps_its_three_lines_as_sub_bullets():
    plan = Investment.objects.get(municipality__name="Roermond", status=PLANNED)
    sub_bullets = [line for line in plan.text.splitlines() if line.startswith("  - ")]
    assert [line[4:30] for line in sub_bullets] == [
        "Bewustwording onder mensen",
        "Verbeteren van de kwalitei",
        "Verbeteren van de samenwer",
    ]
    assert plan.text.endswith("een communicatieplan en afspraken over monitoring en evaluatie")


# --- Quotes and tips: attribution ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("opening", "municipality", "finding"), EXPECTED_QUOTES, ids=lambda value: str(value)[:30])
def test_quote_attribution(opening, municipality, finding):
    quote = Quote.objects.select_related("municipality", "lesson", "bottleneck").get(text__startswith=opening)
    assert (quote.municipality.name if quote.municipality else None) == municipality
    assert (quote.lesson or quote.bottleneck).title.startswith(finding)


@pytest.mark.django_db
def test_every_quote_is_in_the_attribution_table():
    # 18 openings for 18 quotes, each matching exactly one: no quote escapes the hand check.
    assert len(EXPECTED_QUOTES) == Quote.objects.count() == 18
    for opening, _, _ in EXPECTED_QUOTES:
        assert Quote.objects.filter(text__startswith=opening).count() == 1, opening


@pytest.mark.django_db
def test_the_quotes_without_municipality_are_exactly_the_inline_ones():
    assert set(Quote.objects.filter(municipality__isnull=True).values_list("text", flat=True)) == {
        "Eenzaamheid is een uitkomst, het begint niet met eenzaamheid.",
        "Eenzaamheid gaat overal dwars doorheen, bijna alle netwerken in het sociale domein hebben wel een link met "
        "eenzaamheid.",
        "Het is nog niet gestroomlijnd.",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("opening", "municipality", "bottleneck"), EXPECTED_TIPS, ids=lambda value: str(value)[:30])
def test_tip_attribution(opening, municipality, bottleneck):
    tip = Tip.objects.select_related("municipality", "bottleneck").get(text__startswith=opening)
    assert tip.municipality.name == municipality
    assert tip.bottleneck.title.startswith(bottleneck)


@pytest.mark.django_db
def test_exact_quote_and_tip_texts():
    assert Quote.objects.filter(
        municipality__name="Delft",
        text="Je hebt meer tijd nodig dan 1,5 uur per maand, maar meer tijd is niet beschikbaar. Hoe ga je daarmee om?",
    ).exists()
    assert Quote.objects.filter(
        municipality__name="Haarlem",
        text="Eerst kwamen we langs en dan ging het alleen over geld. Nu zijn we lid en denken we mee. Zo blijven we "
        "op de hoogte, weten we wat er speelt en zien we waar winst te behalen is. Dat werkt beter.",
    ).exists()
    assert Tip.objects.filter(
        municipality__name="Rotterdam",
        text="In Rotterdam hebben we ‘Bloemenestafette’. Dat gaat ook over het bereiken van eenzame mensen. Met "
        "behulp van een boeketje. Je maakt een boeket voor jezelf, en eentje voor een ander. Dat boeketje moet je "
        "gaan bezorgen, en later moet je het vaasje ophalen. Dat geeft natuurlijk aanleiding voor een gesprek.",
    ).exists()


def _chapter(report_text, start, end=None):
    """The normalised report from `start` up to `end` (or to the end of the report)."""
    chapter = report_text[report_text.index(start) : report_text.index(end) if end else None]
    return normalise_markup("\n".join(report_lines(chapter)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "start", "end", "introduction"),
    [
        (Lesson, " 4 Algemene geleerde lessen", " 5 Actuele knelpunten en tips", "geleerde-lessen"),
        (Bottleneck, " 5 Actuele knelpunten en tips", " 6 Bijlagen", "knelpunten-en-tips"),
    ],
    ids=["chapter 4", "chapter 5"],
)
def test_chapters_4_and_5_are_complete(report_text, model, start, end, introduction):
    # The containment tests prove nothing was invented; taking every stored piece out of the
    # chapter proves the reverse: only headings' numbers, 'Tips:' labels and the tips'
    # '(Gemeente X).' attributions may remain.
    remainder = _chapter(report_text, start, end)
    section = ReportSection.objects.get(slug=introduction)
    pieces = [section.title, *paragraphs(section.text)]
    for finding in model.objects.order_by("position"):
        # Paragraph by paragraph: in the report the block quotes stand between them.
        pieces += [finding.title, *paragraphs(finding.text)]
        pieces += [quote.text for quote in finding.quotes.order_by("position") if quote.municipality_id]
        if model is Bottleneck:
            pieces += [tip.text for tip in finding.tips.order_by("position")]
    for piece in pieces:
        normalised = normalise_markup(piece)
        assert normalised in remainder, piece[:80]
        remainder = remainder.replace(normalised, "", 1)

    leftovers = re.sub(r"\(gemeente[a-z]+\)\.?|tips:|^[45]", "", remainder)
    assert leftovers == "", leftovers[:300]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "start", "end", "allowed"),
    [
        ("inleiding", " 1 Inleiding", " 2 Onderzoeksopzet", r"^1"),
        ("onderzoeksopzet", " 2 Onderzoeksopzet", " 3 Investeringen die", r"^2"),
        ("investeringen", " 3 Investeringen die", "3.1 Amsterdam", r"^3"),
        ("vragenlijst", " 6 Bijlagen", None, r"^6"),
    ],
)
def test_report_sections_are_complete(report_text, slug, start, end, allowed):
    # As for chapters 4 and 5: after taking out the stored title and paragraphs, only the
    # chapter number (and for the appendix its heading) may remain.
    remainder = _chapter(report_text, start, end)
    section = ReportSection.objects.get(slug=slug)
    for piece in [section.title, *paragraphs(section.text)]:
        normalised = normalise_markup(piece)
        assert normalised in remainder, piece[:80]
        remainder = remainder.replace(normalised, "", 1)

    assert re.sub(allowed, "", remainder) == "", remainder[:300]
