"""The `indicatoren` dataset: every loaded value with its source, licence and method (issue 22)."""

import json
from decimal import Decimal

import pytest

from opendata.datasets import DATASETS
from tests.opendata.contract import REFERENCE_FIELDS
from tests.opendata.test_open_data_formats import body, read_records

# The country is loaded once for the module, on one worker (tests/conftest.py: module_transaction).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("indicator-dataset")]


@pytest.fixture
def country(country_once):
    """Loaded once for this module's tests (tests/conftest.py: country_for_module)."""
    return country_once


def test_indicator_file_holds_every_value_with_its_source(client, country):
    records = read_records(client, "indicatoren", "json")

    assert list(records[0]) == REFERENCE_FIELDS["indicatoren"]
    assert len(records) == country.values
    heerlen = next(
        r
        for r in records
        if (r["indicator"], r["gebied_code"], r["jaar"], r["leeftijd"]) == ("eenzaam", "NL01", 2020, "18+")
    )
    assert Decimal(str(heerlen["waarde"])) == Decimal("47.0") and heerlen["gebied_naam"] == "Nederland"
    assert all(r["bron"] and r["licentie"] == "CC BY 4.0" for r in records)
    assert "odelmatige schatting" in heerlen["methode"] and heerlen["gemeentegrenzen"] == 2020


def test_indicator_csv_filters_and_refuses_an_unknown_indicator(client, country):
    rows = read_records(client, "indicatoren", "csv", "?indicator=eenzaam&jaar=2016&leeftijd=65%2B")

    assert len(rows) == 356 and {row["jaar"] for row in rows} == {"2016"}
    assert client.get("/open-data/indicatoren.json?indicator=bestaat-niet").status_code == 400
    assert client.get("/open-data/indicatoren.json?jaar=twintig").status_code == 400


def test_catalogue_names_rivm_and_cbs_as_the_source_of_the_indicators(client):
    catalogue = json.loads(body(client.get("/open-data/catalogus.jsonld")))
    datasets = {d["@id"].rpartition("#")[2]: d for d in catalogue["dcat:dataset"]}

    assert "RIVM" in datasets["indicatoren"]["dct:source"] and "CBS" in datasets["indicatoren"]["dct:source"]
    assert "Movisie" in datasets["gemeenten"]["dct:source"]
    assert DATASETS["indicatoren"].field_names == REFERENCE_FIELDS["indicatoren"]


def test_municipality_file_names_the_rounds_each_took_part_in(client, country):
    records = {r["slug"]: r for r in read_records(client, "gemeenten", "json")}

    assert len(records) == 342
    assert records["heerlen"]["rondes"] == ["2019"]
    assert records["aa-en-hunze"]["rondes"] == []
    assert list(records["heerlen"])[-1] == "rondes"
