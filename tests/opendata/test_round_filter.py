"""Open data's `ronde` filter on `investeringen`: the investments a round names, by the same rule
as /investeringen/?ronde=, so that a download of that page's selection holds what the page lists."""

import json

import pytest

from investments.models import Investment
from pages.forms import RoundInvestmentFilterForm
from rounds.models import Progress, Round

pytestmark = pytest.mark.django_db


def _ids(client, query):
    response = client.get(f"/open-data/investeringen.json?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in json.loads(b"".join(response.streaming_content))]


def _page_selection(**params):
    form = RoundInvestmentFilterForm(params)
    assert form.is_valid(), form.errors
    return set(form.filter(Investment.objects.published()).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "params",
    [
        {"ronde": "2019"},
        {"ronde": "2019", "status": "gepland"},
        {"ronde": "2019", "status": "gedaan", "thema": "training"},
    ],
)
def test_the_file_holds_the_selection_of_the_investment_page(client, params):
    query = "&".join(f"{name}={value}" for name, value in params.items())

    ids = _ids(client, query)

    assert ids
    assert len(ids) == len(set(ids))
    assert set(ids) == _page_selection(**params)


def test_with_a_round_the_status_is_the_status_in_that_round(client):
    round_ = Round.objects.get(slug="2019")
    investment = Investment.objects.published().filter(status="planned").first()
    # Planned in the report, then reported as done in a later round: a later round's status must
    # not take it out of 2019's planned investments.
    progress = Progress.objects.get(investment=investment, interview__round=round_)
    assert progress.status == "planned"
    Investment.objects.filter(pk=investment.pk).update(status="completed")

    assert investment.pk in _ids(client, "ronde=2019&status=gepland")
    assert investment.pk not in _ids(client, "status=gepland")


def test_an_investment_the_round_does_not_name_is_left_out(client):
    investment = Investment.objects.published().first()
    Progress.objects.filter(investment=investment).delete()

    assert investment.pk in _ids(client, "status=" + ("gedaan" if investment.status == "completed" else "gepland"))
    assert investment.pk not in _ids(client, "ronde=2019")


def test_an_unknown_round_is_refused_in_dutch_and_english(client):
    response = client.get("/open-data/investeringen.csv?ronde=1999")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Onbekende ronde voor filter ‘ronde’: ‘1999’. Mogelijk: 2019." in body
    assert "Unknown round for filter ‘ronde’: ‘1999’. Possible: 2019." in body


def test_a_draft_round_is_unknown(client):
    Round.objects.filter(slug="2019").update(publication_status="draft")

    response = client.get("/open-data/investeringen.json?ronde=2019")

    assert response.status_code == 400


def test_an_unknown_status_with_a_round_is_refused(client):
    response = client.get("/open-data/investeringen.json?ronde=2019&status=klaar")

    assert response.status_code == 400
    assert "‘klaar’" in response.content.decode()


def test_the_open_data_page_documents_the_filter(client):
    page = client.get("/open-data/").content.decode()
    english = client.get("/en/open-data/").content.decode()

    assert "<code>ronde</code>" in page
    assert "investeringen.json?ronde=2019&amp;status=gepland" in page
    assert "the investments that round names" in english
