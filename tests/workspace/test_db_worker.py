"""The `db_worker` command: an idle poll takes no lock, and a busy database pauses it, never ends it.

Claiming and running jobs against a real database is in test_saves_beside_the_worker.py: claiming
needs a transaction of its own, which a test's rolled-back transaction cannot give it.
"""

import logging

import pytest
from django.core.management import get_commands
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from workspace.overrides.management.commands import db_worker


def worker(max_tasks=None):
    return db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
    )


def test_the_portal_s_worker_answers_to_db_worker():
    assert get_commands()["db_worker"] == "workspace.overrides"


@pytest.mark.django_db
def test_an_idle_poll_only_reads():
    with CaptureQueriesContext(connection) as queries:
        assert worker().claim_next() is None
    statements = [query["sql"].upper() for query in queries]
    assert len(statements) == 1
    assert statements[0].startswith("SELECT")
    assert "FOR UPDATE" not in statements[0]


def test_a_locked_database_pauses_the_worker_longer_each_time_and_it_carries_on(monkeypatch, caplog):
    pauses = []
    monkeypatch.setattr(db_worker.time, "sleep", pauses.append)
    # No database in this test: only the worker's reaction to one that refuses.
    monkeypatch.setattr(db_worker.connections, "close_all", lambda: None)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    subject = worker()
    polls = []

    def claim_next():
        polls.append(True)
        if len(polls) <= 3:
            raise OperationalError("database is locked")
        subject.running = False

    monkeypatch.setattr(subject, "claim_next", claim_next)
    with caplog.at_level(logging.INFO, logger="django_tasks_db"):
        subject.run()

    assert len(polls) == 4
    assert pauses == [0.5, 1.0, 2.0]
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 3
    assert all("database is locked" in message for message in warnings)
    assert "Database available again for worker_id=test-worker." in caplog.messages


def test_the_worker_exits_after_max_tasks(monkeypatch):
    # No database in this test: every poll finds a job, and running one only counts it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    subject = worker(max_tasks=2)
    ran = []

    def run_task(task_result):
        ran.append(task_result)
        if len(ran) == 5:  # a worker that missed the limit stops here, not never
            subject.running = False

    monkeypatch.setattr(subject, "claim_next", object)
    monkeypatch.setattr(subject, "run_task", run_task)
    subject.run()

    assert len(ran) == 2


def test_the_pause_stops_growing_at_thirty_seconds():
    assert [db_worker.pause_after(failures) for failures in (1, 2, 3, 7, 8, 50)] == [0.5, 1, 2, 30, 30, 30]
