"""The comparison's indicator columns (issue 22 item 5): which columns a choice gives, and their
values for every compared municipality and Nederland in one query, checked against the CSV."""

import csv
from decimal import Decimal

import pytest

from core import reference_data
from indicators import selectors

pytestmark = pytest.mark.django_db


def _rivm(code, year, age):
    path = reference_data.folder() / "context" / "rivm_eenzaamheid_gemeente_2012_2016_2020.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["gemeentecode"] == code and row["jaar"] == str(year) and row["leeftijd"] == age:
                return Decimal(row["eenzaam_pct"])
    return None


def test_columns_per_age_group_in_the_chosen_year_or_the_nearest_one(country):
    choices = selectors.comparison_choices()

    columns = selectors.comparison_columns(choices, {"eenzaam", "inwoners"}, 2016)
    assert [(c.indicator.slug, c.age_group, c.year) for c in columns] == [
        ("eenzaam", "18+", 2016),
        ("eenzaam", "65+", 2016),
        ("inwoners", "", 2017),  # CBS has no 2016 in the files: the nearest year, named in the column
    ]
    later = selectors.comparison_columns(choices, {"eenzaam", "inwoners"}, 2025)
    assert [c.year for c in later] == [2020, 2020, 2025]
    # Without a year: each indicator's latest.
    assert [c.year for c in selectors.comparison_columns(choices, {"inwoners"})] == [2025]
    assert selectors.comparison_columns(choices, {"bestaat-niet"}, None) == ()


def test_values_of_every_municipality_and_nederland_in_one_query(country, django_assert_num_queries):
    columns = selectors.comparison_columns(selectors.comparison_choices(), {"eenzaam"}, 2020)
    codes = ["GM0917", "GM0363", "GM1979"]  # Heerlen, Amsterdam, and Eemsdelta (merged in 2021)

    with django_assert_num_queries(1):
        values = selectors.comparison_values(columns, codes)

    for index, column in enumerate(columns):
        for code in ("GM0917", "GM0363", "NL01"):
            assert values[index, code] == _rivm(code, 2020, column.age_group), (code, column.age_group)
        assert (index, "GM1979") not in values  # no figure rather than a guess
    assert values[0, "NL01"] == Decimal("47.0")


def test_without_figures_nothing_is_offered():
    choices = selectors.comparison_choices()

    assert choices.indicators == () and choices.all_years == []
    assert selectors.comparison_columns(choices, {"eenzaam"}, 2020) == ()
    assert selectors.comparison_values((), ["GM0917"]) == {}
