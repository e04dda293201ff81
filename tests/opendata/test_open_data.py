"""The open-data files: the field names of the brief's contract, only published content, and a
query count that does not grow with the data."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from opendata import store
from tests.opendata.contract import FIELDS, LIST_FIELDS

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED

# The contract (tests/opendata/contract.py), as sets of field names.
CONTRACT = {name: set(fields) for name, fields in FIELDS.items()}
PUBLISHED_COUNTS = {"gemeenten": 16, "investeringen": 99, "lessen": 6, "knelpunten": 6, "citaten": 18, "tips": 4}


def fetch(client, name):
    response = client.get(f"/open-data/{name}.json")
    assert response.status_code == 200, name
    assert response["Content-Type"].split(";")[0] == "application/json"
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLISHED_COUNTS)
def test_dataset_follows_the_contract(client, name):
    records = fetch(client, name)

    assert isinstance(records, list)
    assert len(records) == PUBLISHED_COUNTS[name]
    for record in records:
        assert set(record) == CONTRACT[name]
        for field in LIST_FIELDS.get(name, []):
            assert isinstance(record[field], list), (name, field)


@pytest.mark.django_db
def test_municipalities_have_exact_values(client):
    records = {record["cbs_code"]: record for record in fetch(client, "gemeenten")}
    amsterdam = records["GM0363"]
    assert amsterdam["naam"] == "Amsterdam"
    assert amsterdam["slug"] == "amsterdam"
    assert amsterdam["provincie"] == "Noord-Holland"
    assert amsterdam["aantal_gedaan"] == 6
    assert amsterdam["aantal_gepland"] == 0
    assert amsterdam["url"] == "http://testserver/gemeenten/amsterdam/"
    assert (records["GM0917"]["aantal_gedaan"], records["GM0917"]["aantal_gepland"]) == (4, 4)
    assert records["GM0080"]["provincie"] == "Fryslân"
    assert sum(record["aantal_gedaan"] for record in records.values()) == 77
    assert sum(record["aantal_gepland"] for record in records.values()) == 22


@pytest.mark.django_db
def test_investments_have_exact_values(client):
    records = fetch(client, "investeringen")
    assert {record["status"] for record in records} == {"gedaan", "gepland"}
    assert sum(record["status"] == "gedaan" for record in records) == 77
    assert len({record["id"] for record in records}) == 99

    compaan = Investment.objects.get(text__startswith="Aan 150 inwoners")
    (record,) = [record for record in records if record["id"] == compaan.pk]
    assert record["gemeente"] == "Haarlemmermeer"
    assert record["gemeente_cbs_code"] == "GM0394"
    assert record["status"] == "gedaan"
    assert record["omschrijving"] == compaan.text
    assert record["titel"] == compaan.title
    assert "Compaan (seniorentablet)" in record["interventies"]
    assert "Technologie" in record["themas"]
    assert record["url"] == f"http://testserver/gemeenten/haarlemmermeer/#investering-{compaan.slug}"
    assert all(isinstance(name, str) for name in record["themas"] + record["doelgroepen"] + record["interventies"])


@pytest.mark.django_db
def test_bottleneck_tips_are_a_list_of_municipality_and_text(client):
    records = {record["slug"]: record for record in fetch(client, "knelpunten")}
    tips = [tip for record in records.values() for tip in record["tips"]]
    assert len(tips) == 4
    for tip in tips:
        assert set(tip) == {"gemeente", "tekst"}
        assert isinstance(tip["gemeente"], str)
        assert tip["tekst"]
    assert [tip["gemeente"] for tip in records["community-building"]["tips"]] == ["Amsterdam", "Rotterdam"]
    assert records["communicatie-over-aanpak"]["tips"] == []


@pytest.mark.django_db
def test_lessons_and_quotes_have_exact_values(client):
    lessons = {record["slug"]: record for record in fetch(client, "lessen")}
    assert lessons["coalitie-en-netwerkvorming"]["titel"] == "Coalitie- en netwerkvorming"
    assert sorted(lessons["coalitie-en-netwerkvorming"]["gemeenten"]) == ["Haarlem", "Lelystad"]

    quotes = fetch(client, "citaten")
    (coalition,) = [quote for quote in quotes if quote["tekst"].startswith("De coalitie liep eerst niet goed")]
    assert coalition == {
        "tekst": coalition["tekst"],
        "gemeente": "Lelystad",
        "les": "coalitie-en-netwerkvorming",
        "knelpunt": None,
        "alinea": 3,
        "in_tekst": False,
    }
    assert sum(quote["gemeente"] is None for quote in quotes) == 3
    assert all((quote["les"] is None) != (quote["knelpunt"] is None) for quote in quotes)


@pytest.mark.django_db
def test_unknown_dataset_gives_404(client):
    assert client.get("/open-data/bestaatniet.json").status_code == 404
    assert client.get("/open-data/gemeenten.xml").status_code == 404


# --- Drafts never appear ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_draft_investment_vanishes(client):
    investment = Investment.objects.get(
        municipality__cbs_code="GM0363", slug="tien-beloftevolle-experimenten-verduurzaamd"
    )
    Investment.objects.filter(pk=investment.pk).update(publication_status=DRAFT)

    ids = {record["id"] for record in fetch(client, "investeringen")}
    amsterdam = next(record for record in fetch(client, "gemeenten") if record["cbs_code"] == "GM0363")

    assert len(ids) == 98
    assert investment.pk not in ids
    # The counts must agree with the list, or the two files contradict each other.
    assert amsterdam["aantal_gedaan"] == 5


@pytest.mark.django_db
def test_draft_municipality_vanishes_with_everything_that_names_it(client):
    Municipality.objects.filter(cbs_code="GM0394").update(publication_status=DRAFT)

    municipalities = fetch(client, "gemeenten")
    investments = fetch(client, "investeringen")
    lessons = fetch(client, "lessen")
    bottlenecks = fetch(client, "knelpunten")
    quotes = fetch(client, "citaten")

    assert len(municipalities) == 15
    assert "GM0394" not in {record["cbs_code"] for record in municipalities}
    assert len(investments) == 99 - 9
    assert "GM0394" not in {record["gemeente_cbs_code"] for record in investments}
    # The report's own prose may still say "gemeente Haarlemmermeer"; the links to it must go.
    named = {name for record in lessons + bottlenecks for name in record["gemeenten"]}
    named |= {tip["gemeente"] for record in bottlenecks for tip in record["tips"]}
    named |= {quote["gemeente"] for quote in quotes}
    assert "Haarlemmermeer" not in named
    assert "Lelystad" in named
    assert len(quotes) == 18 - 3
    assert sum(len(record["tips"]) for record in bottlenecks) == 3


@pytest.mark.django_db
def test_draft_lesson_vanishes_with_its_quotes(client):
    Lesson.objects.filter(slug="coalitie-en-netwerkvorming").update(publication_status=DRAFT)

    lessons = fetch(client, "lessen")
    quotes = fetch(client, "citaten")

    assert len(lessons) == 5
    assert "coalitie-en-netwerkvorming" not in {record["slug"] for record in lessons}
    assert len(quotes) == 18 - 3
    assert "coalitie-en-netwerkvorming" not in {quote["les"] for quote in quotes}


@pytest.mark.django_db
def test_draft_bottleneck_vanishes_with_its_quotes(client):
    Bottleneck.objects.filter(slug="signalen-van-vereenzaming").update(publication_status=DRAFT)

    assert len(fetch(client, "knelpunten")) == 5
    quotes = fetch(client, "citaten")
    assert len(quotes) == 18 - 2
    assert "Het is nog niet gestroomlijnd." not in {quote["tekst"] for quote in quotes}


@pytest.mark.django_db
def test_draft_quote_and_tip_vanish(client):
    quote = Quote.objects.get(text__startswith="Eerst kwamen we langs")
    Quote.objects.filter(pk=quote.pk).update(publication_status=DRAFT)
    Tip.objects.filter(text__contains="Bloemenestafette").update(publication_status=DRAFT)

    quotes = fetch(client, "citaten")
    tips = [tip for record in fetch(client, "knelpunten") for tip in record["tips"]]

    assert len(quotes) == 17
    assert quote.text not in {record["tekst"] for record in quotes}
    assert len(tips) == 3
    assert not any("Bloemenestafette" in tip["tekst"] for tip in tips)


@pytest.mark.django_db
def test_draft_intervention_is_not_named_by_investments(client):
    Intervention.objects.filter(slug="compaan").update(publication_status=DRAFT)
    names = {name for record in fetch(client, "investeringen") for name in record["interventies"]}
    assert "Compaan (seniorentablet)" not in names
    assert "Grip en Glans" in names


# --- Query count ----------------------------------------------------------------------------------


def _count_queries(client, name):
    # A whole file is written once per version, then read from disk: count the writing.
    store.clear()
    with CaptureQueriesContext(connection) as queries:
        # The rows are produced while the response streams, so consume it inside the context.
        fetch(client, name)
    return len(queries)


def _add_municipalities(number):
    theme = Theme.objects.get(slug="campagne")
    group = TargetGroup.objects.first()
    intervention = Intervention.objects.get(slug="grip-en-glans")
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            name=f"Testgemeente {index}",
            slug=f"testgemeente-{index}",
            cbs_code=f"GM{5000 + index}",
            province="utrecht",
            publication_status=PUBLISHED,
        )
        for index in range(number)
    )
    investments = Investment.objects.bulk_create(
        Investment(
            municipality=municipality,
            slug=f"investering-{position}",
            status=InvestmentStatus.COMPLETED if position == 1 else InvestmentStatus.PLANNED,
            title=f"Investering {position}",
            text="Een investering om de query-telling te toetsen.",
            position=position,
            publication_status=PUBLISHED,
        )
        for municipality in municipalities
        for position in (1, 2)
    )
    Investment.themes.through.objects.bulk_create(
        Investment.themes.through(investment_id=investment.pk, theme_id=theme.pk) for investment in investments
    )
    Investment.target_groups.through.objects.bulk_create(
        Investment.target_groups.through(investment_id=investment.pk, targetgroup_id=group.pk)
        for investment in investments
    )
    Investment.interventions.through.objects.bulk_create(
        Investment.interventions.through(investment_id=investment.pk, intervention_id=intervention.pk)
        for investment in investments
    )


@pytest.mark.django_db
def test_investment_query_count_does_not_grow_with_the_data(client):
    # Expected: 1 for the caching headers (the state of every model the dataset is built from, in one
    # UNION query); then 1 for investments joined with their municipality, and what a row says beyond
    # that (once per content version outside the tests): 1 for the names of the themes, target groups,
    # (published) interventions and partners of every investment (one UNION), 1 for the rounds naming
    # each investment, 1 for when each was entered and 1 for the municipalities' addresses: 6 queries,
    # however many investments there are.
    with_report = _count_queries(client, "investeringen")

    _add_municipalities(150)
    assert len(fetch(client, "investeringen")) == 99 + 300
    with_more_data = _count_queries(client, "investeringen")

    assert with_report == with_more_data == 6


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["gemeenten", "lessen", "knelpunten", "citaten"])
def test_other_query_counts_do_not_grow_with_the_data(client, name):
    before = _count_queries(client, name)

    _add_municipalities(150)
    for lesson in Lesson.objects.all():
        lesson.municipalities.add(*Municipality.objects.filter(cbs_code__gte="GM5000")[:50])
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    bottleneck = Bottleneck.objects.get(slug="monitoren-en-evalueren")
    Quote.objects.bulk_create(
        Quote(
            text=f"Citaat {index}",
            municipality=amsterdam,
            bottleneck=bottleneck,
            slug=f"extra-{index}",
            publication_status=PUBLISHED,
        )
        for index in range(100)
    )
    Tip.objects.bulk_create(
        Tip(
            text=f"Tip {index}",
            municipality=amsterdam,
            bottleneck=bottleneck,
            slug=f"extra-{index}",
            publication_status=PUBLISHED,
        )
        for index in range(100)
    )

    assert _count_queries(client, name) == before
