"""What all content shares: publication status, readable names, natural keys and `.published()`.

The constraints are tested by writing around the model validators (`.objects.create` and
`.update()`), because imports, the loader and raw SQL never run `full_clean()`: only the database
itself stands between them and invalid rows.
"""

import json

import pytest
from django.core import serializers
from django.db import IntegrityError, transaction

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink
from report.models import ReportSection

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED


def _municipality(cbs_code="GM9001", **values):
    return Municipality.objects.create(
        **{"name": "Testdorp", "slug": f"testdorp-{cbs_code.lower()}", "cbs_code": cbs_code, "province": "utrecht"}
        | values
    )


def _investment(municipality, slug="nieuwe-investering", **values):
    return Investment.objects.create(
        **{
            "municipality": municipality,
            "slug": slug,
            "status": InvestmentStatus.COMPLETED,
            "title": "Een nieuwe investering",
            "text": "Er is iets nieuws gedaan.",
        }
        | values
    )


def _raises_integrity_error(write):
    # The savepoint keeps the test's outer transaction usable on PostgreSQL after the error.
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --- publication_status -----------------------------------------------------------------------------

PUBLISHABLE_MODELS = [Municipality, Investment, Intervention, Lesson, Bottleneck, Quote, Tip]


@pytest.mark.django_db
@pytest.mark.parametrize("model", PUBLISHABLE_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("status", ["public", "Published", ""])
def test_publication_status_must_be_valid(model, status):
    obj = model.objects.first()
    _raises_integrity_error(lambda: model.objects.filter(pk=obj.pk).update(publication_status=status))
    assert model.objects.get(pk=obj.pk).publication_status == PUBLISHED


@pytest.mark.django_db
def test_new_content_starts_as_draft():
    # Researchers publish deliberately; nothing they enter may go public by accident.
    municipality = _municipality()
    investment = _investment(municipality)
    assert municipality.publication_status == DRAFT
    assert investment.publication_status == DRAFT
    assert not Municipality.objects.published().filter(pk=municipality.pk).exists()


# --- __str__ ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_str_of_report_content():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    investment = amsterdam.investments.get(slug="tien-beloftevolle-experimenten-verduurzaamd")

    assert str(amsterdam) == "Amsterdam"
    assert str(investment) == "Amsterdam: Bijdrage aan tien beloftevolle experimenten om hun aanpak te verduurzamen"
    assert str(Theme.objects.get(slug="meldpunt")) == "Lokaal meldpunt en signalering"
    assert str(Intervention.objects.get(slug="grip-en-glans")) == "Grip en Glans"
    assert str(Lesson.objects.get(slug="gebiedsgericht-werken")) == "Gebiedsgericht werken"
    assert str(Bottleneck.objects.get(slug="monitoren-en-evalueren")) == "Hoe monitor en evalueer je je aanpak?"
    assert str(amsterdam.interviews.get()) == "Amsterdam – Interviewronde 2019"
    assert str(ReportSection.objects.get(slug="inleiding")) == "1 Inleiding"
    assert str(ReportSection.objects.get(slug="vragenlijst")) == "6 Bijlagen"


@pytest.mark.django_db
def test_str_of_tips_and_quotes_names_the_source_and_starts_the_text():
    tip = Tip.objects.get(text__contains="Bloemenestafette")
    attributed = Quote.objects.get(text__startswith="De coalitie liep eerst niet goed")
    unattributed = Quote.objects.get(text="Het is nog niet gestroomlijnd.")

    assert str(tip) == f"Rotterdam: {tip.text[:60]}"
    assert str(attributed) == f"Lelystad: {attributed.text[:60]}"
    assert len(str(attributed)) < len(attributed.text)
    assert str(unattributed).endswith(": Het is nog niet gestroomlijnd.")
    assert "None" not in str(unattributed)
    assert not str(unattributed).startswith(":")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [TargetGroup, Partner, MunicipalityLink, ReportSection, Theme, Intervention, Lesson, Bottleneck]
)
def test_str_is_a_readable_non_empty_name(model):
    for obj in model.objects.all():
        text = str(obj)
        assert text.strip(), obj.pk
        assert f"{model.__name__} object" not in text


# --- Natural keys -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [Municipality, Investment, Theme, Intervention, Lesson, Bottleneck, Quote, Tip, TargetGroup, Partner]
)
def test_natural_key_round_trips_for_every_row(model):
    objects = list(model.objects.all())
    assert objects
    for obj in objects:
        assert model.objects.get_by_natural_key(*obj.natural_key()) == obj


@pytest.mark.django_db
def test_natural_keys_are_cbs_code_and_slugs():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    investment = amsterdam.investments.get(slug="tien-beloftevolle-experimenten-verduurzaamd")
    assert amsterdam.natural_key() == ("GM0363",)
    assert investment.natural_key() == ("GM0363", "tien-beloftevolle-experimenten-verduurzaamd")
    assert Lesson.objects.get(slug="gebiedsgericht-werken").natural_key() == ("gebiedsgericht-werken",)


@pytest.mark.django_db
def test_investment_natural_key_tells_apart_equal_slugs_in_two_municipalities():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    original = amsterdam.investments.first()
    copy = _investment(Municipality.objects.get(cbs_code="GM0308"), slug=original.slug)

    assert Investment.objects.get_by_natural_key("GM0363", original.slug) == original
    assert Investment.objects.get_by_natural_key("GM0308", original.slug) == copy


@pytest.mark.django_db
def test_serialising_with_natural_keys_finds_the_same_rows_again():
    # Fixtures and exports use natural keys so that they survive a fresh database with other pks.
    investment = Investment.objects.get(slug="seniorentablet-compaan-voor-150-inwoners")
    payload = serializers.serialize("json", [investment], use_natural_foreign_keys=True, use_natural_primary_keys=True)
    (record,) = json.loads(payload)
    assert "pk" not in record
    assert record["fields"]["municipality"] == ["GM0394"]
    assert sorted(record["fields"]["themes"]) == [["inzicht-werkzaamheid"], ["technologie"]]

    (restored,) = serializers.deserialize("json", payload)
    assert restored.object.pk == investment.pk
    assert restored.object.municipality_id == investment.municipality_id
    assert set(restored.m2m_data["themes"]) == set(investment.themes.values_list("pk", flat=True))


# --- .published() -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Municipality, Intervention, Lesson, Bottleneck], ids=lambda model: model.__name__)
def test_published_excludes_drafts(model):
    total = model.objects.count()
    draft = model.objects.first()
    assert model.objects.published().count() == total

    model.objects.filter(pk=draft.pk).update(publication_status=DRAFT)

    assert model.objects.published().count() == total - 1
    assert not model.objects.published().filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_published_investments_exclude_drafts():
    investment = Investment.objects.get(slug="seniorentablet-compaan-voor-150-inwoners")
    investment.publication_status = DRAFT
    investment.save()

    published = Investment.objects.published()
    assert published.count() == 98
    assert investment not in published
    assert published.filter(municipality=investment.municipality).count() == 8


@pytest.mark.django_db
def test_published_investments_exclude_those_of_a_draft_municipality():
    heerlen = Municipality.objects.get(cbs_code="GM0917")
    Municipality.objects.filter(pk=heerlen.pk).update(publication_status=DRAFT)

    # The investments themselves are still marked published: only the municipality hides them.
    assert heerlen.investments.filter(publication_status=PUBLISHED).count() == 8
    assert not Investment.objects.published().filter(municipality=heerlen).exists()
    assert Investment.objects.published().count() == 99 - 8


@pytest.mark.django_db
def test_published_quotes_exclude_drafts():
    quote = Quote.objects.get(text__startswith="De coalitie liep eerst niet goed")
    Quote.objects.filter(pk=quote.pk).update(publication_status=DRAFT)
    assert Quote.objects.published().count() == 17
    assert quote not in Quote.objects.published()


@pytest.mark.django_db
def test_published_quotes_exclude_those_of_a_draft_municipality():
    Municipality.objects.filter(cbs_code="GM0518").update(publication_status=DRAFT)

    published = Quote.objects.published()
    assert not published.filter(municipality__cbs_code="GM0518").exists()
    assert published.count() == 18 - 3
    # Quotes the report attributes to nobody must not disappear with some municipality.
    assert published.filter(municipality__isnull=True).count() == 3


@pytest.mark.django_db
def test_published_quotes_exclude_those_of_a_draft_lesson():
    lesson = Lesson.objects.get(slug="verdiepingsslag-problematiek")
    Lesson.objects.filter(pk=lesson.pk).update(publication_status=DRAFT)

    published = Quote.objects.published()
    assert not published.filter(lesson=lesson).exists()
    assert published.count() == 18 - 4


@pytest.mark.django_db
def test_published_quotes_exclude_those_of_a_draft_bottleneck():
    bottleneck = Bottleneck.objects.get(slug="signalen-van-vereenzaming")
    Bottleneck.objects.filter(pk=bottleneck.pk).update(publication_status=DRAFT)

    published = Quote.objects.published()
    assert not published.filter(bottleneck=bottleneck).exists()
    assert published.count() == 18 - 2
    # The unattributed quote of that bottleneck goes too, even though it has no municipality.
    assert published.filter(municipality__isnull=True).count() == 2


@pytest.mark.django_db
def test_published_tips_exclude_drafts_and_those_of_a_draft_municipality_or_bottleneck():
    assert Tip.objects.published().count() == 4

    Tip.objects.filter(text__contains="Bloemenestafette").update(publication_status=DRAFT)
    assert Tip.objects.published().count() == 3

    Municipality.objects.filter(cbs_code="GM0957").update(publication_status=DRAFT)
    assert not Tip.objects.published().filter(municipality__cbs_code="GM0957").exists()
    assert Tip.objects.published().count() == 2

    Bottleneck.objects.filter(slug="community-building").update(publication_status=DRAFT)
    assert list(Tip.objects.published().values_list("municipality__name", flat=True)) == ["Haarlemmermeer"]
