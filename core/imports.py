"""Large imports run by the background worker (django-tasks), with their progress on a page.

The admin's preview and its import are all or nothing, as for a small file; they read the file a
chunk at a time (import_in_chunks) so the worker's memory stays bounded. A job that fails records
why, and its transaction wrote nothing.
"""

import csv
import io
import itertools
import logging
import time
from collections.abc import Iterator

import tablib
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task
from import_export.formats.base_formats import CSV, XLSX

from .batches import batched
from .models import ImportJob
from .spreadsheets import xlsx_rows

logger = logging.getLogger(__name__)

MAX_PROBLEMS = 200
# Rows imported per `import_data` of a background import: bounds the worker's memory (import_in_chunks).
CHUNK_ROWS = 2000


def progress_cache():
    return caches[settings.IMPORT_PROGRESS_CACHE]


def progress_key(job_id) -> str:
    return f"import-job-{job_id}-rows-done"


def heartbeat_key(job_id) -> str:
    return f"import-job-{job_id}-alive-at"


def _report_progress(cache, job_id, done):
    cache.set(progress_key(job_id), done, timeout=24 * 60 * 60)
    cache.set(heartbeat_key(job_id), time.time(), timeout=24 * 60 * 60)


def rows_done(job) -> int:
    if job.is_finished:
        return job.rows_total
    return progress_cache().get(progress_key(job.pk), 0)


def fail_if_interrupted(job) -> None:
    """A running job whose worker stopped (a restart, a crash) reports no progress any more.

    Its transaction died with the worker, so nothing was written; after IMPORT_STALLED_SECONDS
    without a sign of life the job says so, instead of showing "bezig" for ever, and can be
    started again. A job still queued is picked up by the next worker, as it waits in the database.
    """
    if job.status != ImportJob.Status.RUNNING:
        return
    cache = progress_cache()
    alive_at = cache.get(heartbeat_key(job.pk))
    if alive_at is None and getattr(cache, "is_away", lambda: False)():
        return  # Redis is down (core.cache): a missing heartbeat says nothing about the worker
    if alive_at is not None and time.time() - alive_at < settings.IMPORT_STALLED_SECONDS:
        return
    interrupted = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED,
        error=_("De import is onderbroken (de verwerking stopte) en er is niets gewijzigd. Start de import opnieuw."),
        finished_at=timezone.now(),
    )
    if interrupted:
        job.refresh_from_db()


def problems_of(resource, result) -> list[str]:
    """Every reason the file cannot be imported, as the researcher reads it (row, column, problem)."""
    problems = [str(error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        problems += [_("Regel %(row)s: %(problem)s") % {"row": number, "problem": error.error} for error in errors]
    for invalid_row in result.invalid_rows:
        for column, messages in invalid_row.error_dict.items():
            problems += [resource.describe_problem(invalid_row.number, column, message) for message in messages]
    # The command-line report ContentResource adds repeats the invalid rows; show each once.
    return list(dict.fromkeys(problems))[:MAX_PROBLEMS]


def enqueue(job):
    run_import_job.enqueue(job.pk)


def file_rows(input_format, content: bytes) -> Iterator[list]:
    """The file's header row, then its data rows one at a time: a large file is never a dataset whole."""
    if isinstance(input_format, XLSX):
        yield from xlsx_rows(content)
        return
    if isinstance(input_format, CSV):
        # As tablib reads a CSV: empty lines skipped, short rows padded to the header's width.
        rows = csv.reader(io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline=""))
        headers = next(rows, [])
        yield headers
        for row in rows:
            if row:
                yield row + [""] * (len(headers) - len(row))
        return
    # JSON is one document: it is parsed whole (uploads are limited to IMPORT_MAX_FILE_SIZE).
    dataset = input_format.create_dataset(content.decode("utf-8-sig"))
    yield list(dataset.headers or [])
    yield from dataset


def import_in_chunks(resource, rows: Iterator[list], *, dry_run: bool, **kwargs):
    """Import a file a chunk of CHUNK_ROWS rows at a time, still all or nothing.

    A 100,000-row file held as one dataset, with a result per row and every record it wrote, took
    well over a gigabyte in the worker. Here each chunk is one `import_data` inside a single outer
    transaction; the resource keeps what spans the file (keys seen, uniqueness) from chunk to chunk.
    A preview rolls each chunk back; an import stops at the first chunk with a problem and rolls the
    whole file back. Returns (counts, problems, rows read).
    """
    headers = next(rows)
    counts = dict.fromkeys(("new", "update", "skip", "refused"), 0)
    problems = []
    rows_read = 0
    failed = False
    with transaction.atomic():
        chunks = batched(rows, CHUNK_ROWS)
        # At least one chunk, so a file with only a header is still checked (its columns).
        for chunk in itertools.chain([next(chunks, [])], chunks):
            resource.rows_before = rows_read
            dataset = tablib.Dataset(*chunk, headers=headers)
            result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, **kwargs)
            resource.continues_file = True
            rows_read += len(chunk)
            for kind, number in result.counts.items():
                counts[kind] += number
            problems += problems_of(resource, result)
            if result.has_errors() or result.has_validation_errors():
                failed = True
                # A preview goes on, to list every problem at once; an import has already failed.
                if not dry_run or result.base_errors or len(problems) >= MAX_PROBLEMS:
                    break
        if failed or dry_run:
            transaction.set_rollback(True)
    return counts, list(dict.fromkeys(problems))[:MAX_PROBLEMS], rows_read


def writes(counts) -> int:
    return counts.get("new", 0) + counts.get("update", 0)


@task()
def run_import_job(job_id):
    # The file is read once, below, not kept twice (as bytes on the job and as this copy).
    job = ImportJob.objects.defer("content").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    # What the preview found: the import must write what it promised, or say why not.
    promised = job.totals if job.stage == ImportJob.Stage.IMPORT else None
    cache = progress_cache()
    _report_progress(cache, job.pk, 0)
    try:
        input_format = import_string(job.file_format)(encoding="utf-8-sig")
        resource = import_string(job.resource)()
        resource.on_progress = lambda done: _report_progress(cache, job.pk, done)
        resource.keep_row_details = False  # the job page shows counts and problems, never a diff
        counts, problems, rows_read = import_in_chunks(
            resource,
            file_rows(input_format, bytes(ImportJob.objects.values_list("content", flat=True).get(pk=job.pk))),
            dry_run=job.stage == ImportJob.Stage.PREVIEW,
            user=job.user,
            file_name=job.file_name,
        )
        job.totals = counts
        job.problems = problems
        job.status = ImportJob.Status.FAILED if problems else ImportJob.Status.DONE
        if problems:
            job.error = _("Het bestand is niet ingelezen: er is niets gewijzigd.")
        else:
            job.rows_total = rows_read
        if not problems and promised and writes(promised) and not writes(counts):
            # Two researchers confirmed the same file: the second found every row already there.
            job.status = ImportJob.Status.FAILED
            job.error = _(
                "Er is niets gewijzigd: alle regels van dit bestand staan al zo in de portal, terwijl het "
                "voorbeeld wijzigingen liet zien. Waarschijnlijk heeft iemand anders hetzelfde bestand "
                "intussen ingelezen. Bekijk de lijst voordat u het opnieuw probeert."
            )
    except Exception as error:
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.error = _("De import is mislukt en er is niets gewijzigd: %(error)s") % {"error": error}
    job.finished_at = timezone.now()
    if job.status == ImportJob.Status.DONE and job.stage == ImportJob.Stage.IMPORT:
        job.content = b""  # imported: the file is no longer needed
    job.save()
    cache.delete_many([progress_key(job.pk), heartbeat_key(job.pk)])
