"""A StatLine CSV export of a later table imports as its own indicator (made-up numbers, hand-written files)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

# As StatLine writes an export with labels: semicolons, quotes, padded codes, margins, neighbourhoods.
EXPORT = (
    '"ID";"Leeftijd";"Marges";"WijkenEnBuurten";"Perioden";"SterkEenzaam_27"\n'
    '"0";"18 jaar of ouder";"Waarde";"NL00      ";"2022JJ00";"11,0"\n'
    '"1";"18 jaar of ouder";"Ondergrens";"NL00      ";"2022JJ00";"10,5"\n'
    '"2";"18 jaar of ouder";"Waarde";"GM0917    ";"2022JJ00";"14,2"\n'
    '"3";"65 jaar of ouder";"Waarde";"GM0917    ";"2022JJ00";"12,1"\n'
    '"4";"18 jaar of ouder";"Waarde";"WK091701  ";"2022JJ00";"15,0"\n'
    '"5";"18 jaar of ouder";"Waarde";"GM0363    ";"2022JJ00";"."\n'
)


def _import(tmp_path, text, *arguments):
    export = tmp_path / "50120NED.csv"
    export.write_text(text, encoding="utf-8")
    call_command("import_statline_csv", str(export), *arguments)


def test_sterk_eenzaam_is_stored_as_its_own_indicator(tmp_path, capsys):
    _import(tmp_path, EXPORT)

    values = {
        (v.area_code, v.year, v.age_group): v.value
        for v in IndicatorValue.objects.filter(indicator__slug="sterk-eenzaam")
    }
    assert values == {
        ("NL01", 2022, "18+"): Decimal("11.0"),
        ("GM0917", 2022, "18+"): Decimal("14.2"),
        ("GM0917", 2022, "65+"): Decimal("12.1"),
    }
    # Not joined into the older measure's line.
    assert not IndicatorValue.objects.filter(indicator__slug="ernstig-eenzaam", year=2022).exists()
    assert "50120NED" in Indicator.objects.get(slug="sterk-eenzaam").source
    assert "3 regels overgeslagen" in capsys.readouterr().out  # the margin, the neighbourhood, the secret value


def test_a_second_import_of_the_same_export_changes_nothing(tmp_path):
    _import(tmp_path, EXPORT)
    before = list(IndicatorValue.objects.values_list("pk", flat=True))

    _import(tmp_path, EXPORT)

    assert list(IndicatorValue.objects.values_list("pk", flat=True)) == before


def test_a_file_without_age_and_period_columns_takes_them_from_the_options(tmp_path):
    _import(tmp_path, "gemeentecode,sterk_eenzaam\nGM0917,13.0\n", "--year", "2024", "--age", "65+")

    assert IndicatorValue.objects.get(indicator__slug="sterk-eenzaam", area_code="GM0917").year == 2024


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "leeg"),
        (
            '"Leeftijd";"WijkenEnBuurten";"Perioden";"Anders"\n"18 jaar of ouder";"GM0917";"2022JJ00";"1"\n',
            "niet gevonden",
        ),
        (
            '"Leeftijd";"WijkenEnBuurten";"Perioden";"SterkEenzaam"\n"18 jaar of ouder";"GM0917";"2022JJ00";"veel"\n',
            "geen getal",
        ),
        (
            '"Leeftijd";"Regio";"Perioden";"SterkEenzaam"\n"18 jaar of ouder";"Heerlen";"2022JJ00";"1"\n',
            "gemeentecodes",
        ),
    ],
)
def test_a_broken_export_imports_nothing_and_says_why(tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        _import(tmp_path, text)

    assert not IndicatorValue.objects.exists()
