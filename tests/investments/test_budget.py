"""`budget_eur`: an investment's known spending in whole euros. Shown on its card when known,
filterable as a range on /investeringen/, in open data and the page's downloads, imported and
exported (a file without the column keeps each budget), in the admin and in the history."""

import json

import pytest
from django.urls import reverse
from import_export.formats.base_formats import CSV

from investments.models import Investment
from investments.resources import InvestmentResource
from tests.pages.helpers import get
from tests.workspace.test_import_export import good_row
from tests.workspace_helpers import INVESTMENT_COLUMNS, csv_bytes

WITH_BUDGET = (*INVESTMENT_COLUMNS, "budget_eur")

pytestmark = pytest.mark.django_db


@pytest.fixture
def budgets(committed):
    """budgets(*amounts): the first published investments in the report's order, given these budgets."""

    def give(*amounts):
        investments = list(Investment.objects.published().in_report_order()[: len(amounts)])
        # Committed, as a researcher's save is: the content version moves, so no page or whole
        # open-data file built before (by an earlier test at the same version) is served.
        with committed():
            for investment, amount in zip(investments, amounts, strict=True):
                investment.budget_eur = amount
                investment.save()
        return investments

    return give


def _open_data(client, query=""):
    response = client.get(f"/open-data/investeringen.json{query}")
    assert response.status_code == 200, query
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def test_the_card_shows_a_known_budget_in_each_language(client, budgets):
    known, _unknown = budgets(12500, None)

    dutch = get(client, f"/gemeenten/{known.municipality.slug}/")
    english = get(client, f"/en/gemeenten/{known.municipality.slug}/")

    assert "<dt>Budget</dt><dd>€&nbsp;12.500</dd>" in dutch
    assert "<dt>Budget</dt><dd>€&nbsp;12,500</dd>" in english
    # Exactly one card (the one with a budget) names one, on every page that lists it.
    assert get(client, "/investeringen/").count("<dt>Budget</dt>") == 1


def test_the_list_filters_by_a_range_and_leaves_out_unknownbudgets(client, budgets):
    low, middle, high, _unknown = budgets(1000, 5000, 90000, None)

    html = get(client, "/investeringen/?budget_van=2000&budget_tot=50000")

    assert f'id="{middle.anchor}"' in html
    assert f'id="{low.anchor}"' not in html and f'id="{high.anchor}"' not in html
    assert html.count('class="portal-investment"') == 1
    # The selection's downloads carry the range.
    assert "budget_van=2000&amp;budget_tot=50000" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("budget_van=veel", "Voer een geheel getal in."),
        ("budget_van=-5", "Voer een geheel getal in."),
        ("budget_tot=1.000", "Voer een geheel getal in."),
    ],
)
def test_a_bad_amount_is_named_and_the_whole_list_shown(client, query, message):
    html = get(client, f"/investeringen/?{query}")

    assert message in html
    assert html.count('class="portal-investment"') == 20


def test_a_range_upside_down_is_named_and_only_its_lower_bound_applies(client, budgets):
    _low, high = budgets(10, 9500)

    html = get(client, "/investeringen/?budget_van=9000&budget_tot=10")

    assert "Het budget tot en met is lager dan het budget vanaf." in html
    assert html.count('class="portal-investment"') == 1 and f'id="{high.anchor}"' in html


def test_open_data_has_the_budget_last_and_filters_by_it(client, budgets):
    _low, middle = budgets(100, 7000)

    records = _open_data(client)
    selected = _open_data(client, "?budget_van=500")

    assert list(records[0])[-1] == "budget_eur"
    assert {record["id"]: record["budget_eur"] for record in records}[middle.pk] == 7000
    assert sum(record["budget_eur"] is None for record in records) == len(records) - 2
    assert [record["id"] for record in selected] == [middle.pk]


@pytest.mark.parametrize("query", ["?budget_van=veel", "?budget_tot=", "?budget_van=1.000"])
def test_open_data_refuses_a_bad_budget_filter_in_both_languages(client, query):
    response = client.get(f"/open-data/investeringen.csv{query}")

    assert response.status_code == 400
    text = response.content.decode()
    assert "budget_" in text and "hele euro" in text and "whole euros" in text


def test_a_file_without_the_budget_column_imports_and_keeps_the_budget(budgets):
    (investment,) = budgets(4200)
    row = InvestmentResource().export(queryset=Investment.objects.filter(pk=investment.pk)).dict[0]
    row = row | {"titel": "Nieuwe titel"}
    # A file saved before the column was added: the columns it had then.
    assert "budget_eur" not in INVESTMENT_COLUMNS
    dataset = CSV().create_dataset(csv_bytes([row]).decode())

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    investment.refresh_from_db()
    assert (investment.title, investment.budget_eur) == ("Nieuwe titel", 4200)


@pytest.mark.parametrize(("cell", "stored"), [("15000", 15000), ("", None)])
def test_an_import_sets_the_budget_and_history_records_it(cell, stored):
    dataset = CSV().create_dataset(csv_bytes([good_row("met-budget") | {"budget_eur": cell}], WITH_BUDGET).decode())

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    investment = Investment.objects.get(slug="met-budget")
    assert investment.budget_eur == stored
    assert investment.history.latest().budget_eur == stored


@pytest.mark.parametrize("cell", ["12,50", "1.250", "-3", "veel"])
def test_an_import_refuses_a_budget_that_is_not_whole_euros(cell):
    dataset = CSV().create_dataset(csv_bytes([good_row("met-budget") | {"budget_eur": cell}], WITH_BUDGET).decode())

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert result.has_validation_errors()
    assert not Investment.objects.filter(slug="met-budget").exists()


def test_the_export_has_the_budget_as_its_last_column(budgets):
    (investment,) = budgets(800)

    exported = InvestmentResource().export(queryset=Investment.objects.filter(pk=investment.pk))

    assert exported.headers[-1] == "budget_eur"
    assert exported.dict[0]["budget_eur"] == "800"


def test_the_admin_edits_the_budget(admin_client):
    investment = Investment.objects.first()

    html = admin_client.get(reverse("admin:investments_investment_change", args=[investment.pk])).content.decode()

    assert 'name="budget_eur"' in html
