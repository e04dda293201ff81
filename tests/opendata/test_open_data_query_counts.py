"""Every open-data file in every format costs the same number of queries with the report's data as
with ten times as much: no N+1 in any writer.

Each file is fetched once to warm process-wide caches (ContentType) and counted with the report's
data; then the data grows tenfold, once for the module (tests/conftest.py: module_transaction), and
each file is counted again. A marker proves that the second file really holds the grown data.
"""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from opendata import store
from scaledata import factory
from tests.opendata.contract import FIELDS
from tests.opendata.test_open_data_formats import EXTENSIONS, body, get_file

# One worker runs the whole module, so the data grows once.
pytestmark = pytest.mark.xdist_group("open-data-query-counts")

NAMES = list(FIELDS)
# Text that only the grown data puts in a dataset's file.
GROWN_MARKERS = {"investeringen": "Testinvestering", "knelpunten": "Testtip", "citaten": "Testcitaat"}


def count_queries(client, name, extension):
    # A whole file is written once per version, then read from disk: count the writing.
    store.clear()
    with CaptureQueriesContext(connection) as queries:
        response = get_file(client, name, extension)
        # The rows are read while the response streams, so consume it inside the context.
        records = body(response)
    assert response.status_code == 200
    return len(queries), records


def as_text(extension, data):
    if extension != "xlsx":
        return data.decode("utf-8")
    # An XLSX file is a zip archive, so its text is only readable after opening it.
    workbook = load_workbook(io.BytesIO(data))
    return "\n".join(str(cell.value) for row in workbook.worksheets[0].iter_rows() for cell in row)


@pytest.fixture(scope="module")
def with_report(module_transaction):
    """{(dataset, extension): (queries, file)} with the report's data; then the data grows tenfold."""
    client = Client()
    counted = {}
    for name in NAMES:
        for extension in EXTENSIONS:
            count_queries(client, name, extension)  # warm-up
            counted[name, extension] = count_queries(client, name, extension)
    factory.grow(municipalities=150, investments_each=10)
    return counted


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("name", NAMES)
def test_query_count_does_not_grow_with_the_data(client, with_report, name, extension):
    queries_with_report, small = with_report[name, extension]
    queries_with_more_data, large = count_queries(client, name, extension)

    # The grown data must really be in the second file, or equal counts would prove nothing.
    marker = GROWN_MARKERS.get(name, "Testgemeente")
    assert marker not in as_text(extension, small)
    assert marker in as_text(extension, large)
    assert queries_with_more_data == queries_with_report
