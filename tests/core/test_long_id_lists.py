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
    long_lists = [q["sql"][:300] for q in captured.captured_queries if _longest_in_list([q]) > IN_LIST_BATCH]
    assert long_lists == []


def test_the_check_can_fail():
    assert _longest_in_list([{"sql": f"SELECT 1 WHERE id IN ({', '.join(['1'] * 501)})"}]) == 501


@pytest.mark.django_db
def test_a_staff_page_of_a_municipality_with_many_investments_sends_no_unbounded_id_list(client):
    """The staff view of a municipality page lists its investments with their terms; at national
    scale after a large import that list was sent whole, four times (a 500 on SQLite). Now each
    section shows its first CARDS_PER_SECTION and counts the rest."""
    from investments.selectors import CARDS_PER_SECTION
    from municipalities.models import Municipality
    from tests.workspace_helpers import ONDERZOEKER, make_user

    municipality = Municipality.objects.get(slug="heerlen")
    planned_before = municipality.investments.filter(status="planned").count()
    Investment.objects.bulk_create(
        Investment(
            municipality=municipality,
            slug=f"veel-{number}",
            title=f"Veel {number}",
            text="Tekst.",
            status="planned",
            position=1000 + number,
        )
        for number in range(RECORDS)
    )
    client.force_login(make_user(ONDERZOEKER))

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/gemeenten/heerlen/")

    assert response.status_code == 200
    html = response.content.decode()
    # The report's planned investments come first (by position), then the new ones up to the cut.
    assert html.count("Veel ") == CARDS_PER_SECTION - planned_before
    assert f"Geplande investeringen ({RECORDS + planned_before})" in html
    long_lists = [q["sql"][-400:] for q in captured.captured_queries if _longest_in_list([q]) > IN_LIST_BATCH]
    assert long_lists == []
