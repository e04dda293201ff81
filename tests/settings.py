"""Settings for the test run: production settings, plus the few values a test process needs.

Tests run with DEBUG off, exactly like production, so they need a secret key and plain HTTP. These
values exist only for the test process; everything else comes from portal/settings.py unchanged.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# pytest-django's live_server runs in the test's thread alongside Playwright's sync API.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.settings import *  # noqa: F403

# The manifest storage needs `collectstatic`; tests check pages, not the asset pipeline.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Hashing passwords slowly protects real accounts; in tests it only costs time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders; there is no `collectstatic` output in a test run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Page tests measure the views themselves (query counts, drafts); the page cache has its own tests.
PORTAL_CACHE = False
# Background imports run at once, inside the test, instead of waiting for a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A test's transaction never commits, so the content version never moves inside it: precomputed
# aggregates would outlive the data they came from. Their own tests and the query counts turn them on.
PORTAL_PRECOMPUTE = False
# Whole open-data files go to disk (opendata.store); a fresh directory per test run, so no file
# from another run's data can be served. Tests of the store point it at their own tmp_path.
OPEN_DATA_FILES_DIR = Path(tempfile.mkdtemp(prefix="portal-open-data-tests-"))
# Import progress goes to a file cache shared by the processes of one machine (portal/settings.py).
# Two test workers each have their import job 1, so each gets its own folder (its subprocesses
# inherit the variables and share it), and every run a new one.
if CACHES[IMPORT_PROGRESS_CACHE]["BACKEND"].endswith("FileBasedCache"):  # noqa: F405
    os.environ.setdefault("PORTAL_TEST_PROGRESS_DIR", tempfile.mkdtemp(prefix="portal-import-progress-tests-"))
    CACHES[IMPORT_PROGRESS_CACHE]["LOCATION"] = os.path.join(  # noqa: F405
        os.environ["PORTAL_TEST_PROGRESS_DIR"], os.environ.get("PYTEST_XDIST_WORKER", "main")
    )
