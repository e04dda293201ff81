"""A 100,000-row background import peaked at 1.2 GiB: every row's result kept its preview diff and a
copy of the record before the change, which the job page never shows (it shows counts and problems).
A background import drops them per row; the admin's own preview, which shows the diff, keeps them."""

import pytest
from django.test import override_settings
from import_export.formats.base_formats import CSV

from core import imports
from core.models import ImportJob
from investments.resources import InvestmentResource
from tests.core.test_large_import_runs_in_background import rows
from tests.workspace_helpers import ONDERZOEKER, csv_bytes, make_user, post_import


@pytest.mark.django_db
@override_settings(IMPORT_BACKGROUND_ROWS=5)
def test_a_background_preview_keeps_counts_but_no_diffs(client, monkeypatch):
    client.force_login(make_user(ONDERZOEKER))
    results = []
    real_problems_of = imports.problems_of

    def problems_of(resource, result):
        results.append(result)
        return real_problems_of(resource, result)

    monkeypatch.setattr(imports, "problems_of", problems_of)
    # Three of the file's rows exist already: unchanged rows kept a copy of their record too.
    InvestmentResource().import_data(CSV().create_dataset(csv_bytes(rows(3)).decode()), dry_run=False)

    post_import(client, csv_bytes(rows(8)), "csv")

    (result,) = results
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert job.totals == {"new": 5, "update": 0, "skip": 3, "refused": 0}
    assert result.rows and all(row.diff is None and row.original is None for row in result.rows)


@pytest.mark.django_db
def test_an_import_in_the_request_keeps_its_diffs():
    dataset = CSV().create_dataset(csv_bytes(rows(3)).decode())

    result = InvestmentResource().import_data(dataset, dry_run=True)

    assert all(row.diff for row in result.rows)
