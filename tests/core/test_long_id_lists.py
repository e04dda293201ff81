"""Lists of ids that grow with the data are sent in batches (core.batches).

After a 100,000-row import, queries with one `IN (…)` parameter per written record hit SQLite's
limit ("too many SQL variables", a 500) and slowed PostgreSQL. Building 33,000 records is too slow
for a test, so this checks the query shape at 1,000: no `IN` list is longer than one batch.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.formats.base_formats import CSV

from core import search
from core.batches import IN_LIST_BATCH
from investments.models import Investment
from investments.resources import InvestmentResource
from tests.core.test_large_import_runs_in_background import rows
from tests.workspace_helpers import csv_bytes

RECORDS = 1_000
IN_LIST = re.compile(r"\bIN \(([^()]*)\)", re.IGNORECASE)


def _longest_in_list(queries) -> int:
    return max((match.count(",") + 1 for query in queries for match in IN_LIST.findall(query["sql"])), default=0)


def _import(records):
    dataset = CSV().create_dataset(csv_bytes(records).decode())
    with CaptureQueriesContext(connection) as captured:
        result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    return captured.captured_queries


@pytest.mark.django_db
def test_an_import_of_many_records_sends_no_unbounded_id_list():
    created = _import(rows(RECORDS))
    changed = _import(rows(RECORDS, titel="Een andere titel", themas="training"))

    assert Investment.objects.filter(slug__startswith="groot-bestand-", title="Een andere titel").count() == RECORDS
    assert _longest_in_list(created) <= IN_LIST_BATCH
    assert _longest_in_list(changed) <= IN_LIST_BATCH


@pytest.mark.django_db
def test_rebuilding_the_search_index_sends_no_unbounded_id_list():
    _import(rows(RECORDS, publicatiestatus="gepubliceerd"))  # only published records are indexed
    with CaptureQueriesContext(connection) as captured:
        count = search.rebuild_index()

    assert count > RECORDS
    assert _longest_in_list(captured.captured_queries) <= IN_LIST_BATCH


def test_the_check_can_fail():
    assert _longest_in_list([{"sql": f"SELECT 1 WHERE id IN ({', '.join(['1'] * 501)})"}]) == 501
