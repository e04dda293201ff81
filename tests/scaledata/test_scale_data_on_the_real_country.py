"""generate_scale_data with the reference data loaded: investments on the real municipalities (issue 22)."""

import pytest
from django.core.management import call_command

from investments.models import Investment
from municipalities.models import Municipality
from rounds.models import Interview

pytestmark = pytest.mark.django_db


def test_scale_data_spreads_over_the_real_municipalities_instead_of_inventing_any(country):
    interviews = Interview.objects.count()
    before = Investment.objects.count()

    call_command("generate_scale_data", "--municipalities", "342", "--investments", "1000", "--force")

    assert Municipality.objects.count() == 342
    assert not Municipality.objects.filter(cbs_code__gte="GM9000").exists()
    assert Investment.objects.count() >= 1000 > before
    # Every municipality outside the study got some, and none became a participant of a round.
    assert not Municipality.objects.filter(investments__isnull=True).exists()
    assert Interview.objects.count() == interviews


def test_without_the_country_it_still_invents_fictitious_municipalities():
    call_command("generate_scale_data", "--municipalities", "20", "--investments", "100", "--force")

    assert Municipality.objects.filter(cbs_code__gte="GM9000").count() == 4
