"""Load the whole reference data folder: every municipality of 2023, then the indicators."""

from dataclasses import dataclass

from django.db import transaction

from core import reference_data
from municipalities.services import CountryLoad, country_rows, load_country

from . import loaders, services


@dataclass
class ReferenceLoad:
    municipalities: CountryLoad
    values: int


@transaction.atomic
def load_reference_data() -> ReferenceLoad:
    """Idempotent: municipalities are matched on CBS code, values replaced per indicator and year."""
    country = load_country(country_rows(reference_data.read_csv(reference_data.MUNICIPALITY_LIST)))
    indicators = services.define_all()
    rows = loaders.rivm_rows(reference_data.read_csv(loaders.RIVM_FILE))
    rows += loaders.cbs_neighbourhood_rows(reference_data.read_csv(loaders.CBS_NEIGHBOURHOOD_FILE))
    rows += loaders.cbs_regional_rows(reference_data.read_csv(loaders.CBS_REGIONAL_FILE))
    return ReferenceLoad(country, services.replace_values(rows, indicators))
