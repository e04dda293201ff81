"""Read the reference data's CSV files into indicator values (slug, area, boundary year, year, age, value).

Only reads; indicators.services writes. Empty cells are no value (sociaal eenzaam in 2012, single-person
households before 2022): nothing is stored for them, so the pages say "geen cijfer".
"""

from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _

RIVM_FILE = "context/rivm_eenzaamheid_gemeente_2012_2016_2020.csv"
CBS_REGIONAL_FILE = "context/cbs_70072ned_gemeente_2025.csv"
CBS_NEIGHBOURHOOD_FILE = "context/cbs_kwb_gemeente_vergrijzing_2012_2024.csv"

RIVM_BOUNDARY_YEAR = 2020
RIVM_COLUMNS = {
    "eenzaam": "eenzaam_pct",
    "ernstig-eenzaam": "ernstig_zeer_ernstig_eenzaam_pct",
    "emotioneel-eenzaam": "emotioneel_eenzaam_pct",
    "sociaal-eenzaam": "sociaal_eenzaam_pct",
}


class Row(NamedTuple):
    indicator: str
    area_code: str
    boundary_year: int
    year: int
    age_group: str
    value: Decimal
    area_name: str = ""


def number(text: str) -> Decimal | None:
    """A figure as StatLine writes it ("12.5", "12,5", " 3 "); None for an empty or secret cell ("." or "")."""
    text = (text or "").strip().replace(",", ".")
    if text in {"", ".", "-", "x"}:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_("geen getal: ‘%(text)s’") % {"text": text}) from None


def rivm_rows(records) -> list[Row]:
    rows = []
    for record in records:
        year = int(record["jaar"])
        for slug, column in RIVM_COLUMNS.items():
            value = number(record[column])
            if value is not None:
                code, name = record["gemeentecode"].strip(), record["gemeentenaam"].strip()
                rows.append(Row(slug, code, RIVM_BOUNDARY_YEAR, year, record["leeftijd"], value, name))
    return rows


def _percentage(part: Decimal, whole: Decimal) -> Decimal:
    return (100 * part / whole).quantize(Decimal("0.1"))


def cbs_regional_rows(records) -> list[Row]:
    """CBS 70072NED: population, 65+ (65–80 plus 80+, as a share of the population), 80+, single-person households."""
    rows = []
    for record in records:
        year, code = int(record["jaar"]), record["gemeentecode"].strip()
        population = number(record["totale_bevolking"])
        elderly = [number(record["personen_65_tot_80"]), number(record["personen_80_plus"])]
        values = {
            "inwoners": population,
            "65-plus": _percentage(sum(elderly), population) if population and None not in elderly else None,
            "80-plus": number(record["pct_80_plus"]),
            "eenpersoonshuishoudens": number(record["pct_eenpersoonshuishoudens"]),
        }
        name = record["gemeentenaam"].strip()
        rows += [Row(slug, code, year, year, "", value, name) for slug, value in values.items() if value is not None]
    return rows


def cbs_neighbourhood_rows(records) -> list[Row]:
    """CBS Kerncijfers wijken en buurten: each year in that year's boundaries."""
    rows = []
    for record in records:
        year, code = int(record["jaar"]), record["gemeentecode"].strip()
        values = {
            "inwoners": number(record["aantal_inwoners"]),
            "65-plus": number(record["pct_65_plus"]),
            "eenpersoonshuishoudens": number(record["pct_eenpersoonshuishoudens"]),
        }
        name = record["gemeentenaam"].strip()
        rows += [Row(slug, code, year, year, "", value, name) for slug, value in values.items() if value is not None]
    return rows
