"""The investment filters are defined once (investments.filters, rounds.filters): the list page, its
downloads and open data's `investeringen` accept the same names and values and select alike."""

import pytest
from django.http import QueryDict

from core.filters import FilterError
from investments.models import Investment
from opendata.datasets import DATASETS
from rounds.filters import RoundInvestmentFilterForm

pytestmark = pytest.mark.django_db


def test_open_data_accepts_exactly_the_filters_of_the_list_page():
    form = RoundInvestmentFilterForm()

    assert list(DATASETS["investeringen"].filters) == list(RoundInvestmentFilterForm.filter_names)
    assert set(RoundInvestmentFilterForm.filter_names) == set(form.fields) - {"sorteer"}


def test_a_municipality_is_named_by_slug_or_cbs_code_alike():
    by_slug = RoundInvestmentFilterForm(QueryDict("gemeente=delft"))
    by_code = RoundInvestmentFilterForm(QueryDict("gemeente=GM0503"))
    assert by_slug.is_valid() and by_code.is_valid()

    selected = set(by_code.filter(Investment.objects.published()).values_list("pk", flat=True))

    assert selected == set(
        Investment.objects.published().filter(municipality__slug="delft").values_list("pk", flat=True)
    )
    assert selected == set(by_slug.filter(Investment.objects.published()).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thema": "bestaat-niet"}, "Onbekende waarde voor filter ‘thema’: ‘bestaat-niet’."),
        ({"thema": ""}, "Onbekende waarde voor filter ‘thema’: ‘’."),
        ({"gemeente": "GM9999"}, "Onbekende waarde voor filter ‘gemeente’: ‘GM9999’."),
        ({"status": "klaar"}, "Onbekende waarde voor filter ‘status’: ‘klaar’. Kies uit: ‘gedaan’, ‘gepland’"),
        ({"provincie": "atlantis"}, "Onbekende waarde voor filter ‘provincie’: ‘atlantis’. Mogelijk: "),
        ({"q": "x" * 201}, "Ongeldige zoektekst voor filter ‘q’: hooguit 200 tekens."),
        ({"q": "a\x00b"}, "Ongeldige zoektekst voor filter ‘q’"),
        ({"ronde": "1999"}, "Onbekende ronde voor filter ‘ronde’: ‘1999’. Mogelijk: 2019."),
    ],
)
def test_a_value_the_page_ignores_is_refused_when_given_exactly(params, message):
    page = RoundInvestmentFilterForm(params)
    assert not page.is_valid() or params == {"thema": ""}

    with pytest.raises(FilterError) as refused:
        RoundInvestmentFilterForm.from_query(params)

    assert refused.value.message("nl").startswith(message)


def test_an_empty_search_selects_everything():
    form = RoundInvestmentFilterForm.from_query({"q": "  "})

    assert form.selection(Investment.objects.published()).count() == Investment.objects.published().count()
