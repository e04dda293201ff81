"""Large imports run by the background worker (django-tasks), with their progress on a page.

The admin's preview and its import are the same all-or-nothing `import_data` as for a small file;
only where they run differs. A job that fails records why, and its transaction wrote nothing.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from .models import ImportJob

logger = logging.getLogger(__name__)

MAX_PROBLEMS = 200


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


@task()
def run_import_job(job_id):
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    cache = progress_cache()
    _report_progress(cache, job.pk, 0)
    try:
        input_format = import_string(job.file_format)(encoding="utf-8-sig")
        data = bytes(job.content)
        dataset = input_format.create_dataset(data if input_format.is_binary() else data.decode("utf-8-sig"))
        del data  # the dataset holds the rows; the file's bytes need not stay beside them
        resource = import_string(job.resource)()
        resource.on_progress = lambda done: _report_progress(cache, job.pk, done)
        resource.keep_row_details = False  # the job page shows counts and problems, never a diff
        # One transaction, as for a small file: one bad row and nothing is written.
        result = resource.import_data(
            dataset,
            dry_run=job.stage == ImportJob.Stage.PREVIEW,
            raise_errors=False,
            use_transactions=True,
            user=job.user,
            file_name=job.file_name,
        )
        problems = problems_of(resource, result)
        job.totals = result.counts
        job.problems = problems
        job.rows_total = len(dataset)
        job.status = ImportJob.Status.FAILED if problems else ImportJob.Status.DONE
        if problems:
            job.error = _("Het bestand is niet ingelezen: er is niets gewijzigd.")
    except Exception as error:
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.error = _("De import is mislukt en er is niets gewijzigd: %(error)s") % {"error": error}
    job.finished_at = timezone.now()
    if job.status == ImportJob.Status.DONE and job.stage == ImportJob.Stage.IMPORT:
        job.content = b""  # imported: the file is no longer needed
    job.save()
    cache.delete_many([progress_key(job.pk), heartbeat_key(job.pk)])
