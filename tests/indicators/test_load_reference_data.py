"""load_reference_data: all 342 municipalities and the RIVM/CBS figures, checked against the CSV files."""

import csv
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import reference_data
from indicators.models import Indicator, IndicatorValue
from municipalities.models import Municipality
from municipalities.services import CountryListError, country_rows

# The country is loaded once for the module, on one worker (tests/conftest.py: module_transaction).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reference-data-load")]


@pytest.fixture
def country(country_once):
    """Loaded once for this module's tests (tests/conftest.py: country_for_module)."""
    return country_once


def _csv(relative):
    with (reference_data.folder() / relative).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _stored(slug, code, year, age=""):
    return IndicatorValue.objects.get(indicator__slug=slug, area_code=code, year=year, age_group=age).value


def test_every_municipality_of_2023_with_its_province_and_the_report_keeps_its_content(country):
    listed = {row["GemeentecodeGM"]: row for row in _csv("geo/gemeenten-alfabetisch-2023.csv")}
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}

    assert set(municipalities) == set(listed) and len(municipalities) == 342
    assert municipalities["GM1680"].name == "Aa en Hunze" and municipalities["GM1680"].province == "drenthe"
    assert municipalities["GM0059"].province == "friesland"
    heerlen = municipalities["GM0917"]
    assert heerlen.slug == "heerlen" and heerlen.report_section and heerlen.context
    assert heerlen.investments.exists()
    # Every new municipality is public, with a slug of its own.
    assert Municipality.objects.published().count() == 342
    assert len({m.slug for m in municipalities.values()}) == 342


def test_a_second_load_changes_nothing(country):
    values = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value"))

    call_command("load_reference_data")

    assert Municipality.objects.count() == 342
    assert list(IndicatorValue.objects.order_by("pk").values_list("pk", "value")) == values


@pytest.mark.parametrize("code", ["NL01", "GM0917", "GM0363", "GM1680", "GM0088"])
def test_rivm_loneliness_values_match_the_csv_per_year_and_age(country, code):
    rows = [row for row in _csv("context/rivm_eenzaamheid_gemeente_2012_2016_2020.csv") if row["gemeentecode"] == code]
    columns = {
        "eenzaam": "eenzaam_pct",
        "ernstig-eenzaam": "ernstig_zeer_ernstig_eenzaam_pct",
        "emotioneel-eenzaam": "emotioneel_eenzaam_pct",
        "sociaal-eenzaam": "sociaal_eenzaam_pct",
    }

    assert len(rows) == 6  # three years, two age groups
    for row in rows:
        for slug, column in columns.items():
            found = IndicatorValue.objects.filter(
                indicator__slug=slug, area_code=code, year=int(row["jaar"]), age_group=row["leeftijd"]
            )
            if row[column]:
                assert found.get().value == Decimal(row[column]), (slug, row["jaar"], row["leeftijd"])
                assert found.get().boundary_year == 2020
            else:  # sociaal eenzaam was not measured in 2012: no value, not a zero
                assert not found.exists()


def test_national_loneliness_as_published(country):
    assert [_stored("eenzaam", "NL01", year, "18+") for year in (2012, 2016, 2020)] == [
        Decimal("39.6"),
        Decimal("43.4"),
        Decimal("47.0"),
    ]


def test_cbs_population_values_match_the_csv(country):
    regional = {row["gemeentecode"]: row for row in _csv("context/cbs_70072ned_gemeente_2025.csv")}
    for code in ("NL01", "GM0917", "GM1979"):
        row = regional[code]
        assert _stored("inwoners", code, 2025) == Decimal(row["totale_bevolking"])
        assert _stored("eenpersoonshuishoudens", code, 2025) == Decimal(row["pct_eenpersoonshuishoudens"])
        assert _stored("80-plus", code, 2025) == Decimal(row["pct_80_plus"])
        elderly = Decimal(row["personen_65_tot_80"]) + Decimal(row["personen_80_plus"])
        assert _stored("65-plus", code, 2025) == (100 * elderly / Decimal(row["totale_bevolking"])).quantize(
            Decimal("0.1")
        )
    neighbourhoods = [
        row for row in _csv("context/cbs_kwb_gemeente_vergrijzing_2012_2024.csv") if row["gemeentecode"] == "GM0917"
    ]
    assert len(neighbourhoods) >= 5
    for row in neighbourhoods:
        assert _stored("inwoners", "GM0917", int(row["jaar"])) == Decimal(row["aantal_inwoners"])
        assert _stored("65-plus", "GM0917", int(row["jaar"])) == Decimal(row["pct_65_plus"])


def test_a_municipality_merged_after_2020_has_no_loneliness_figure(country):
    # Eemsdelta (2021) exists on the 2023 map, with population figures, but RIVM's 2020 table predates it.
    eemsdelta = Municipality.objects.get(cbs_code="GM1979")

    assert eemsdelta.name == "Eemsdelta"
    assert not IndicatorValue.objects.filter(area_code="GM1979", indicator__slug="eenzaam").exists()
    assert IndicatorValue.objects.filter(area_code="GM1979", indicator__slug="inwoners").exists()


def test_indicators_say_what_they_are_and_where_they_come_from(country):
    loneliness = Indicator.objects.get(slug="eenzaam")

    assert loneliness.unit == "%" and loneliness.licence == "CC BY 4.0"
    assert "RIVM" in loneliness.source and "50090NED" in loneliness.source
    assert "odelmatige schatting" in loneliness.method_note


def test_the_country_list_leaves_out_gm0998_and_refuses_a_bad_row():
    good = {"GemeentecodeGM": "GM0001", "Gemeentenaam": "Proefdorp", "Provincienaam": "Fryslân"}
    nowhere = {"GemeentecodeGM": "GM0998", "Gemeentenaam": "Niet ingedeeld", "Provincienaam": ""}

    assert [row.province for row in country_rows([good, nowhere])] == ["friesland"]
    with pytest.raises(CountryListError):
        country_rows([good, {**good, "Provincienaam": "Atlantis"}])


def test_without_the_folder_the_command_says_so_and_writes_nothing(settings, tmp_path, capsys):
    settings.PORTAL_REFERENCE_DATA_DIR = tmp_path
    before = Municipality.objects.count()

    with pytest.raises(CommandError, match="Geen referentiegegevens"):
        call_command("load_reference_data")
    call_command("load_reference_data", "--if-present")

    assert "Geen referentiegegevens" in capsys.readouterr().out
    assert Municipality.objects.count() == before


def test_a_broken_municipality_list_loads_nothing(settings, tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "gemeenten-alfabetisch-2023.csv").write_text(
        "GemeentecodeGM,Gemeentenaam,Provincienaam\nGM0001,Proefdorp,Drenthe\nGM12,Kapot,Drenthe\n", encoding="utf-8"
    )
    settings.PORTAL_REFERENCE_DATA_DIR = tmp_path
    before = Municipality.objects.count()

    with pytest.raises(CommandError, match="Niets geladen"):
        call_command("load_reference_data")

    assert Municipality.objects.count() == before
