"""Database constraints of municipalities and their links.

Tested by writing around the model validators (`.objects.create` and `.update()`), because imports,
the loader and raw SQL never run `full_clean()`: only the database itself stands between them and
invalid rows.
"""

import pytest
from django.db import DataError, IntegrityError, transaction

from municipalities.models import Municipality, MunicipalityLink, Province
from tests.core.test_content_models import _municipality, _raises_integrity_error


@pytest.mark.django_db
@pytest.mark.parametrize("cbs_code", ["GM123", "XX0363", "G12345", "gm0363", "GM03a3", "GM036 ", "", "0363"])
def test_malformed_cbs_code_is_rejected_on_create(cbs_code):
    _raises_integrity_error(lambda: _municipality(cbs_code=cbs_code))


@pytest.mark.django_db
@pytest.mark.parametrize("cbs_code", ["GM123", "XX0363", "GM 363"])
def test_malformed_cbs_code_is_rejected_on_update(cbs_code):
    _raises_integrity_error(lambda: Municipality.objects.filter(cbs_code="GM0363").update(cbs_code=cbs_code))
    assert Municipality.objects.filter(cbs_code="GM0363").exists()


@pytest.mark.django_db
def test_overlong_cbs_code_is_rejected():
    # PostgreSQL stops it at the column length (DataError), SQLite at the check constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        _municipality(cbs_code="GM12345")


@pytest.mark.django_db
def test_well_formed_cbs_code_is_accepted():
    # Guards the negative tests above: they must fail because of the code, not the other values.
    municipality = _municipality(cbs_code="GM9001")
    assert Municipality.objects.get(pk=municipality.pk).cbs_code == "GM9001"


@pytest.mark.django_db
def test_cbs_code_is_unique():
    _raises_integrity_error(lambda: _municipality(cbs_code="GM0363", slug="tweede-amsterdam"))


@pytest.mark.django_db
def test_municipality_slug_is_unique():
    _raises_integrity_error(lambda: _municipality(cbs_code="GM9002", slug="amsterdam"))


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["Noord-Holland", "noord holland", "vlaanderen", ""])
def test_province_must_be_a_valid_choice(province):
    _raises_integrity_error(lambda: _municipality(province=province))


@pytest.mark.django_db
def test_province_cannot_be_updated_to_an_invalid_value():
    _raises_integrity_error(lambda: Municipality.objects.filter(cbs_code="GM0363").update(province="holland"))


@pytest.mark.django_db
def test_every_province_choice_is_accepted():
    for number, province in enumerate(Province.values, start=1):
        _municipality(cbs_code=f"GM{9100 + number}", slug=f"dorp-{number}", province=province)
    assert Municipality.objects.filter(cbs_code__startswith="GM91").count() == len(Province.values) == 12


@pytest.mark.django_db
def test_municipality_link_url_is_unique_per_municipality():
    link = MunicipalityLink.objects.first()
    _raises_integrity_error(
        lambda: MunicipalityLink.objects.create(municipality=link.municipality, url=link.url, title="Dubbel")
    )
