"""Database constraints of quotes and tips.

Tested by writing around the model validators (`.objects.create` and `.update()`), because imports,
the loader and raw SQL never run `full_clean()`: only the database itself stands between them and
invalid rows.
"""

import pytest

from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from tests.core.test_content_models import _raises_integrity_error


@pytest.mark.django_db
def test_quote_cannot_illustrate_both_a_lesson_and_a_bottleneck():
    _raises_integrity_error(
        lambda: Quote.objects.create(
            text="Een citaat.",
            municipality=Municipality.objects.get(cbs_code="GM0363"),
            lesson=Lesson.objects.first(),
            bottleneck=Bottleneck.objects.first(),
        )
    )


@pytest.mark.django_db
def test_existing_quote_cannot_be_given_a_second_finding():
    quote = Quote.objects.filter(lesson__isnull=False).first()
    _raises_integrity_error(lambda: Quote.objects.filter(pk=quote.pk).update(bottleneck=Bottleneck.objects.first()))


@pytest.mark.django_db
def test_quote_needs_a_municipality_or_a_finding():
    _raises_integrity_error(lambda: Quote.objects.create(text="Zwevend citaat zonder herkomst."))


@pytest.mark.django_db
@pytest.mark.parametrize("context", ["municipality", "lesson", "bottleneck"])
def test_quote_with_one_kind_of_context_is_accepted(context):
    values = {
        "municipality": Municipality.objects.get(cbs_code="GM0363"),
        "lesson": Lesson.objects.first(),
        "bottleneck": Bottleneck.objects.first(),
    }
    quote = Quote.objects.create(text="Een citaat.", **{context: values[context]})
    assert getattr(Quote.objects.get(pk=quote.pk), context) == values[context]


@pytest.mark.django_db
def test_empty_quote_and_tip_texts_are_rejected():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    _raises_integrity_error(lambda: Quote.objects.create(text="", municipality=amsterdam))
    _raises_integrity_error(
        lambda: Tip.objects.create(text="", municipality=amsterdam, bottleneck=Bottleneck.objects.first())
    )
