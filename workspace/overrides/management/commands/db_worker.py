"""django-tasks-db's `db_worker`, made to share a SQLite file with the web server.

The library's worker opens an exclusive transaction on every poll, also when no job is waiting, so
on SQLite it took the write lock once a second and admin saves ran into "database is locked". And a
database that stayed locked longer than the busy timeout raised out of its loop and ended the
process, leaving later jobs queued for ever. This worker looks for a ready job with a plain read
first and takes the lock only to claim one, and it waits out a busy or unreachable database with a
growing pause instead of exiting. Arguments and behaviour are otherwise the library's.
"""

import logging
import os
import random
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as library
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

logger = logging.getLogger("django_tasks_db")

# Pauses after consecutive database errors: 0.5 s, 1 s, 2 s, ... at most 30 s.
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 30.0


def pause_after(failures: int) -> float:
    return min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** (failures - 1))


class Worker(library.Worker):
    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        return tasks

    def claim_next(self) -> DBTaskResult | None:
        tasks = self.ready_tasks()
        # A read needs no lock (SQLite in WAL mode), so an idle worker never blocks a writer.
        if not tasks.exists():
            return None
        # Another worker may claim the same job between the read and here: get_locked then finds
        # nothing, or skips the row it holds.
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            # Workers started together do not all poll at the same moment.
            time.sleep(random.random())  # noqa: S311 - timing, not security
        failures = 0
        # Counted here rather than read from the library's private counter.
        tasks_run = 0
        while self.running:
            try:
                task_result = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
                    tasks_run += 1
            except (OperationalError, InterfaceError) as error:
                failures += 1
                pause = pause_after(failures)
                logger.warning(
                    "Database unavailable for worker_id=%s (%s); trying again in %.1f s (attempt %d).",
                    self.worker_id,
                    error,
                    pause,
                    failures,
                )
                # A connection that failed may be unusable; the next attempt opens a new one.
                connections.close_all()
                time.sleep(pause)
                continue
            if failures:
                logger.info("Database available again for worker_id=%s.", self.worker_id)
                failures = 0

            if self.batch and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and tasks_run >= self.max_tasks:
                logger.info("Ran the maximum of %d tasks on worker_id=%s - exiting.", tasks_run, self.worker_id)
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(library.Command):
    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        **options,
    ):
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        # Under the reloader only the child process runs the worker and handles its signals.
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()
        run_with_reloader(worker.run)
