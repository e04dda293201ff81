"""Large imports: fast, outside the request, with progress; and a preview that shows what changes.

The admin import ran at 35–50 rows a second, so a file above about 1,000 rows hit gunicorn's 30 s
timeout and the researcher saw a 500. Now a row costs a few queries, not dozens (the benchmark is
`make bench-import`), and a file above IMPORT_BACKGROUND_ROWS is previewed and imported by the
task worker, with a page that shows how far it is. Tests run the task backend immediately.
"""

import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from import_export.formats.base_formats import CSV

from core import imports
from core.models import ImportJob
from investments.models import Investment
from investments.resources import InvestmentResource
from tests.workspace_helpers import (
    IMPORT_URL,
    ONDERZOEKER,
    confirm_form_inputs,
    csv_bytes,
    make_user,
    page_text,
    post_import,
    snapshot,
)


def rows(count, start=0, **changes):
    return [
        {
            "gemeente": "GM0363",
            "slug": f"groot-bestand-{number}",
            "status": "gepland",
            "titel": f"Investering {number}",
            "tekst": "Een investering uit een groot bestand.",
            "themas": "meldpunt|training",
            "doelgroepen": "ouderen",
            "interventies": "",
            "partners": "",
            "bereik": "",
            "volgorde": number % 1000,
            "publicatiestatus": "concept",
        }
        | changes
        for number in range(start, start + count)
    ]


@pytest.fixture
def researcher(client):
    user = make_user(ONDERZOEKER)
    client.force_login(user)
    return user


def _queries_for(count):
    dataset = CSV().create_dataset(csv_bytes(rows(count, start=count * 1000)).decode())
    with CaptureQueriesContext(connection) as queries:
        result = InvestmentResource().import_data(dataset, dry_run=False, use_transactions=True)
    problems = [error.error for error in result.base_errors] + [e.error for _n, es in result.row_errors() for e in es]
    assert not problems and not result.has_validation_errors(), problems
    return len(queries)


@pytest.mark.django_db
def test_a_row_costs_a_few_queries_not_dozens():
    small, large = _queries_for(10), _queries_for(60)
    # Links and history are written in bulk: what each further row adds is its own save.
    assert (large - small) / 50 <= 4


@pytest.mark.django_db
def test_bulk_written_history_has_the_user_the_reason_and_the_links(researcher):
    dataset = CSV().create_dataset(csv_bytes(rows(3)).decode())
    InvestmentResource().import_data(dataset, dry_run=False, use_transactions=True, user=researcher)

    investment = Investment.objects.get(slug="groot-bestand-1")
    assert sorted(investment.themes.values_list("slug", flat=True)) == ["meldpunt", "training"]
    created = investment.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", researcher, "Import")
    assert sorted(link.theme.slug for link in created.themes.all()) == ["meldpunt", "training"]

    changed = rows(3, titel="Nieuwe titel", themas="training")
    InvestmentResource().import_data(
        CSV().create_dataset(csv_bytes(changed).decode()), dry_run=False, use_transactions=True, user=researcher
    )
    investment.refresh_from_db()
    assert (investment.title, investment.version) == ("Nieuwe titel", 2)
    latest = investment.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert [link.theme.slug for link in latest.themes.all()] == ["training"]
    assert list(investment.themes.values_list("slug", flat=True)) == ["training"]


@pytest.mark.django_db
@override_settings(IMPORT_BACKGROUND_ROWS=5)
def test_a_large_file_is_previewed_and_imported_by_the_worker(client, researcher):
    before = Investment.objects.count()

    response = post_import(client, csv_bytes(rows(8)), "csv")

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/beheer/investments/investment/import/{job.pk}/"
    assert (job.stage, job.status, job.rows_total) == ("preview", "done", 8)
    assert Investment.objects.count() == before
    page = client.get(response["Location"])
    assert "8 nieuwe rijen" in page_text(page)
    assert 'http-equiv="refresh"' not in page.content.decode()

    confirmed = client.post(f"/beheer/investments/investment/import/{job.pk}/bevestigen/")

    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert (job.stage, job.status) == ("import", "done")
    assert Investment.objects.count() == before + 8
    assert Investment.objects.get(slug="groot-bestand-7").history.get().history_user == researcher
    assert "De import is klaar" in page_text(client.get(response["Location"]))
    # Confirming again imports nothing twice.
    client.post(f"/beheer/investments/investment/import/{job.pk}/bevestigen/")
    assert Investment.objects.count() == before + 8


@pytest.mark.django_db
@override_settings(IMPORT_BACKGROUND_ROWS=5)
def test_a_file_with_a_bad_row_fails_in_the_preview_and_says_why(client, researcher):
    bad = rows(7) + rows(1, start=7, status="misschien")
    before = snapshot()

    response = post_import(client, csv_bytes(bad), "csv")

    job = ImportJob.objects.get()
    assert job.status == "failed"
    text = page_text(client.get(response["Location"]))
    assert "Regel 9, kolom ‘status’: ‘misschien’ is geen geldige waarde" in text
    assert "er is niets gewijzigd" in text
    # A failed preview cannot be confirmed.
    client.post(f"/beheer/investments/investment/import/{job.pk}/bevestigen/")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_job_that_breaks_records_why_and_writes_nothing(researcher):
    job = ImportJob.objects.create(
        user=researcher,
        resource="investments.resources.InvestmentResource",
        file_format="core.admin_base.FormulaAwareXLSX",
        file_name="kapot.xlsx",
        content=b"dit is geen xlsx",
        stage=ImportJob.Stage.IMPORT,
        rows_total=10,
    )
    before = snapshot()

    imports.enqueue(job)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("De import is mislukt en er is niets gewijzigd")
    assert job.finished_at is not None
    assert snapshot() == before


def _running_job(researcher):
    """A background import of 3,000 rows that a worker has started."""
    return ImportJob.objects.create(
        user=researcher,
        resource="investments.resources.InvestmentResource",
        file_format="import_export.formats.base_formats.CSV",
        file_name="groot.csv",
        content=csv_bytes(rows(3)),
        status=ImportJob.Status.RUNNING,
        rows_total=3000,
    )


@pytest.mark.django_db
def test_a_running_job_shows_its_progress_and_refreshes(client, researcher):
    job = _running_job(researcher)
    imports.progress_cache().set(imports.progress_key(job.pk), 1200)
    imports.progress_cache().set(imports.heartbeat_key(job.pk), time.time())

    page = client.get(f"/beheer/investments/investment/import/{job.pk}/")

    assert "Bezig: 1200 van 3000 regels." in page_text(page)
    assert '<meta http-equiv="refresh"' in page.content.decode()


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_says_it_was_interrupted_and_wrote_nothing(client, researcher, settings):
    job = _running_job(researcher)
    # The last sign of life was longer ago than a running import ever stays silent.
    imports.progress_cache().set(imports.heartbeat_key(job.pk), time.time() - settings.IMPORT_STALLED_SECONDS - 1)
    before = snapshot()

    page = client.get(f"/beheer/investments/investment/import/{job.pk}/")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "onderbroken" in page_text(page)
    assert '<meta http-equiv="refresh"' not in page.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_running_job_is_not_called_interrupted_while_the_cache_is_away(client, researcher, monkeypatch):
    """Its heartbeat lives in the shared cache: with Redis down (core.cache answers as if empty) a
    missing heartbeat says nothing about the worker, which goes on and saves its result."""
    job = _running_job(researcher)

    class AwayCache:
        def get(self, key, default=None):
            return default

        def is_away(self):
            return True

    monkeypatch.setattr(imports, "progress_cache", AwayCache)

    imports.fail_if_interrupted(job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING


@pytest.mark.django_db
def test_someone_elses_job_is_not_shown(client, researcher):
    other = make_user(ONDERZOEKER, username="iemand-anders")
    job = ImportJob.objects.create(
        user=other, resource="x", file_format="y", file_name="z.csv", content=b"", rows_total=1
    )
    assert client.get(f"/beheer/investments/investment/import/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_preview_lists_changes_first_and_folds_unchanged_rows(client, researcher):
    existing = rows(4)
    dataset = CSV().create_dataset(csv_bytes(existing).decode())
    InvestmentResource().import_data(dataset, dry_run=False, use_transactions=True)
    file_rows = existing[:1] + existing[1:3] + [existing[3] | {"titel": "Een gewijzigde titel"}] + rows(1, start=9)

    response = client.post(IMPORT_URL, {"resource": "0", "format": "0", "import_file": _upload(file_rows)})

    assert confirm_form_inputs(response) is not None
    html = response.content.decode()
    assert "3 rijen ongewijzigd" in page_text(response)
    assert "<details" in html
    # The changed and the new row come before the fold; the unchanged ones only inside it.
    fold = html.index("<details")
    assert html.index("Een gewijzigde titel") < fold
    assert html.index("Investering 9") < fold
    assert html.index("Investering 0") > fold


def _upload(file_rows):
    from tests.workspace_helpers import upload

    return upload("bestand.csv", csv_bytes(file_rows))
