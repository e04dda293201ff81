"""The one data factory (tests/conftest.py `grow`, scaledata.factory) really multiplies the data: the
query-count tests compare the report with ten times as much, and mean something only if it is."""

import pytest

from investments.models import Investment
from lessons.models import Quote, Tip
from municipalities.models import Municipality


def _published_investment_count():
    return Investment.objects.published().count()


@pytest.mark.django_db
def test_grow_multiplies_the_report_tenfold(grow):
    municipalities_before = Municipality.objects.published().count()
    investments_before = _published_investment_count()

    grow()

    assert Municipality.objects.published().count() >= 10 * municipalities_before
    assert _published_investment_count() >= 10 * investments_before
    # Every new investment carries themes, a target group, an intervention and a partner.
    grown = Investment.objects.filter(slug__startswith="testinvestering")
    assert not grown.filter(themes__isnull=True).exists()
    assert not grown.filter(target_groups__isnull=True).exists()
    assert not grown.filter(interventions__isnull=True).exists()
    assert not grown.filter(partners__isnull=True).exists()
    assert Quote.objects.published().filter(text__startswith="Testcitaat").count() > 0
    assert Tip.objects.published().filter(text__startswith="Testtip").count() > 0
