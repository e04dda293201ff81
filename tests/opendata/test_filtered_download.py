"""A filtered download of investments holds exactly the rows of the whole file that the list page's
filters select, in the file's order: cut out of the whole file, or written from the database as it
is sent where the file has no places for the rows."""

import csv
import io
import json

import pytest
from django.http import QueryDict

from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus
from municipalities.models import Municipality
from opendata import store
from rounds.filters import RoundInvestmentFilterForm

pytestmark = pytest.mark.django_db

FILTERS = [
    "status=gepland",
    "status=gedaan",
    "gemeente=delft",
    "gemeente=GM0503",
    "provincie=limburg",
    "thema=training",
    "ronde=2019&status=gepland",
    "q=eenzaamheid",
    "gemeente=baarn&status=gepland",
]


def _body(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.content


def _rows(client, extension, query=""):
    body = _body(client.get(f"/open-data/investeringen.{extension}" + (f"?{query}" if query else "")))
    if extension == "json":
        return json.loads(body)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _page_selection(query):
    form = RoundInvestmentFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return set(form.selection(Investment.objects.published()).values_list("pk", flat=True))


@pytest.mark.parametrize("extension", ["json", "csv"])
@pytest.mark.parametrize("query", FILTERS)
def test_a_filtered_download_is_the_selected_rows_of_the_whole_file(client, extension, query, grow):
    grow(1)
    whole = _rows(client, extension)
    selection = _page_selection(query)

    rows = _rows(client, extension, query)

    assert rows
    assert rows == [row for row in whole if int(row["id"]) in selection]


def test_without_the_rows_places_a_filtered_download_is_streamed_from_the_database(client, monkeypatch):
    monkeypatch.setattr(store, "row_spans", lambda handle: None)
    response = client.get("/open-data/investeringen.csv?status=gepland")

    assert response.streaming
    assert not response.has_header("Content-Length")


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_an_empty_selection_is_a_file_without_rows(client, extension):
    assert _rows(client, extension, "q=geenwoorddatinhetrapportstaat") == []


def test_a_record_added_after_the_whole_file_is_in_the_selection(client):
    client.get("/open-data/investeringen.json")
    newer = Investment.objects.create(
        municipality=Municipality.objects.get(slug="delft"),
        slug="nieuw-na-het-bestand",
        status=InvestmentStatus.PLANNED,
        title="Nieuw na het bestand",
        text="Toegevoegd nadat het hele bestand geschreven was.",
        publication_status=PublicationStatus.PUBLISHED,
    )

    assert newer.pk in [row["id"] for row in _rows(client, "json", "gemeente=delft")]
