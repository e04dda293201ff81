"""A background import reads its file a chunk at a time and is still all or nothing (issue 25, item 7).

CHUNK_ROWS is made small here so that a file of a few rows spans several chunks.
"""

import tracemalloc

import pytest
from django.test import override_settings

from core import imports
from core.models import ImportJob
from investments.models import Investment
from tests.core.test_large_import_runs_in_background import rows
from tests.workspace_helpers import ONDERZOEKER, csv_bytes, make_user, page_text, post_import, snapshot


@pytest.fixture
def researcher(client):
    user = make_user(ONDERZOEKER)
    client.force_login(user)
    return user


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)


def _job(user, content, stage=ImportJob.Stage.PREVIEW, name="bestand.csv"):
    return ImportJob.objects.create(
        user=user,
        resource="investments.resources.InvestmentResource",
        file_format="import_export.formats.base_formats.CSV",
        file_name=name,
        content=content,
        stage=stage,
    )


def _run(job):
    imports.enqueue(job)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_file_of_several_chunks_is_previewed_then_imported_whole(researcher, small_chunks):
    before = Investment.objects.count()

    job = _run(_job(researcher, csv_bytes(rows(8))))

    assert (job.status, job.totals["new"], job.rows_total) == ("done", 8, 8)
    assert Investment.objects.count() == before

    ImportJob.objects.filter(pk=job.pk).update(stage=ImportJob.Stage.IMPORT, status=ImportJob.Status.QUEUED)
    job = _run(job)

    assert (job.status, job.totals["new"]) == ("done", 8)
    assert Investment.objects.count() == before + 8
    last = Investment.objects.get(slug="groot-bestand-7")
    assert sorted(last.themes.values_list("slug", flat=True)) == ["meldpunt", "training"]
    assert last.history.get().history_user == researcher


@pytest.mark.django_db
def test_a_bad_row_in_a_later_chunk_writes_nothing_and_names_its_spreadsheet_row(researcher, small_chunks):
    bad = rows(7) + rows(1, start=7, status="misschien")
    before = snapshot()

    job = _run(_job(researcher, csv_bytes(bad), stage=ImportJob.Stage.IMPORT))

    assert job.status == "failed"
    # Row 9 of the spreadsheet: the header, then seven good rows; it sits in the third chunk.
    named = [problem for problem in job.problems if problem.startswith("Regel ")]
    assert len(named) == 1 and named[0].startswith("Regel 9, kolom ‘status’: ‘misschien’ is geen geldige"), named
    assert snapshot() == before


@pytest.mark.django_db
def test_a_key_repeated_in_another_chunk_is_refused_with_both_rows(researcher, small_chunks):
    repeated = rows(6) + rows(1, start=1, titel="Dezelfde investering nog eens")
    before = snapshot()

    job = _run(_job(researcher, csv_bytes(repeated)))

    assert job.status == "failed"
    assert any("regel 3" in problem and problem.startswith("Regel 8") for problem in job.problems), job.problems
    assert snapshot() == before


@pytest.mark.django_db
def test_a_preview_lists_the_problems_of_every_chunk(researcher, small_chunks):
    bad = rows(2, status="misschien") + rows(4, start=2) + rows(1, start=6, status="ooit")

    job = _run(_job(researcher, csv_bytes(bad)))

    rows_named = sorted(int(problem.split(",")[0].removeprefix("Regel ")) for problem in job.problems)
    assert rows_named == [2, 3, 8]


@pytest.mark.django_db
def test_progress_counts_the_rows_of_the_whole_file(researcher, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 150)
    reported = []
    monkeypatch.setattr(imports, "_report_progress", lambda cache, job_id, done: reported.append(done))

    _run(_job(researcher, csv_bytes(rows(400))))

    assert reported == [0, 100, 200, 300, 400]


@pytest.mark.django_db
def test_a_file_with_only_a_header_still_has_its_columns_checked(researcher):
    job = _run(_job(researcher, b"gemeente,slug,onbekend\r\n"))

    assert job.status == "failed"
    assert "onbekende kolommen: onbekend" in " ".join(job.problems)


def _peak_memory_of_preview(user, count):
    job = _job(user, csv_bytes(rows(count)))
    tracemalloc.start()
    try:
        _run(job)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_memory_does_not_grow_with_the_length_of_the_file(researcher, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 200)
    shorter = _peak_memory_of_preview(researcher, 400)
    longer = _peak_memory_of_preview(researcher, 1600)
    # Four times the rows: the file itself and the keys seen grow, the rows being imported do not.
    # Held whole (one dataset, a result and a record per row) the peak grew almost fourfold.
    assert longer < 1.6 * shorter, (shorter, longer)


@pytest.mark.django_db
@override_settings(IMPORT_BACKGROUND_ROWS=5)
def test_a_second_confirm_of_the_same_file_says_it_wrote_nothing(client, researcher):
    first = post_import(client, csv_bytes(rows(8)), "csv")
    second = post_import(client, csv_bytes(rows(8)), "csv")
    first_job, second_job = ImportJob.objects.order_by("pk")
    assert first_job.totals["new"] == second_job.totals["new"] == 8

    client.post(f"/beheer/investments/investment/import/{first_job.pk}/bevestigen/")
    after_first = snapshot()
    client.post(f"/beheer/investments/investment/import/{second_job.pk}/bevestigen/")

    second_job.refresh_from_db()
    assert second_job.status == "failed"
    assert "Er is niets gewijzigd" in second_job.error
    assert snapshot() == after_first
    text = page_text(client.get(second["Location"]))
    assert "iemand anders hetzelfde bestand" in text
    assert "De import is klaar" not in text
    assert "De import is klaar" in page_text(client.get(first["Location"]))


@pytest.mark.django_db
def test_a_small_file_confirmed_twice_says_the_second_time_it_wrote_nothing(client, researcher):
    from tests.workspace_helpers import confirm_form_inputs

    first = post_import(client, csv_bytes(rows(2)), "csv")
    second = post_import(client, csv_bytes(rows(2)), "csv")
    confirm = "/beheer/investments/investment/process_import/"
    client.post(confirm, confirm_form_inputs(first), follow=True)  # its success message shown
    after_first = snapshot()

    response = client.post(confirm, confirm_form_inputs(second), follow=True)

    shown = [(message.level_tag, str(message)) for message in response.context["messages"]]
    assert shown == [
        (
            "error",
            "Er is niets gewijzigd: alle regels van dit bestand staan al zo in de portal. Liet het voorbeeld "
            "wijzigingen zien, dan heeft iemand anders hetzelfde bestand intussen ingelezen.",
        )
    ]
    assert snapshot() == after_first
