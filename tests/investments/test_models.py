"""Database constraints of investments.

Tested by writing around the model validators (`.objects.create` and `.update()`), because imports,
the loader and raw SQL never run `full_clean()`: only the database itself stands between them and
invalid rows.
"""

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from investments.models import Investment
from municipalities.models import Municipality
from tests.core.test_content_models import _investment, _raises_integrity_error


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["done", "gedaan", "Completed", ""])
def test_investment_status_must_be_valid(status):
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    _raises_integrity_error(lambda: _investment(amsterdam, status=status))


@pytest.mark.django_db
def test_investment_status_cannot_be_updated_to_an_invalid_value():
    _raises_integrity_error(lambda: Investment.objects.filter(municipality__cbs_code="GM0363").update(status="gepland"))


@pytest.mark.django_db
def test_investment_slug_is_unique_within_a_municipality():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    taken = amsterdam.investments.first().slug
    _raises_integrity_error(lambda: _investment(amsterdam, slug=taken))


@pytest.mark.django_db
def test_same_investment_slug_in_another_municipality_is_allowed():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    baarn = Municipality.objects.get(cbs_code="GM0308")
    taken = amsterdam.investments.first().slug
    assert not baarn.investments.filter(slug=taken).exists()

    copy = _investment(baarn, slug=taken)

    assert Investment.objects.filter(slug=taken).count() == 2
    assert copy.municipality == baarn


@pytest.mark.django_db
def test_empty_investment_text_is_rejected():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    _raises_integrity_error(lambda: _investment(amsterdam, text=""))


@pytest.mark.django_db
def test_investment_text_cannot_be_emptied_by_update():
    _raises_integrity_error(lambda: Investment.objects.filter(municipality__cbs_code="GM0308").update(text=""))


@pytest.mark.django_db
def test_municipality_with_investments_cannot_be_deleted():
    # PROTECT: deleting a municipality must never silently take the report's investments with it.
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    with pytest.raises(ProtectedError), transaction.atomic():
        amsterdam.delete()
    assert Investment.objects.filter(municipality=amsterdam).count() == 6
