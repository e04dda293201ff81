"""Settings for the processes that share a real database with a real `db_worker`.

The test settings run background jobs at once, inside the request; here they go to the database, as
in production, so the worker has something to poll and to take.
"""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
