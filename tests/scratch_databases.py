"""Databases beside the test database, for tests that run the portal's commands as real processes
(backups and restores, the import worker beside admin saves): temporary SQLite files, or temporary
PostgreSQL databases on the test database's server, never the test database itself.

Migrating an empty database takes seconds of every such test, so a session migrates one once
(`migrated_database` in tests/conftest.py, and one with the report loaded) and each test starts
from a copy: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL.
"""

import os
import secrets
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def on_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


@contextmanager
def _server():
    database = settings.DATABASES["default"]
    server = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"] or "localhost",
        port=database["PORT"] or 5432,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            yield cursor
    finally:
        server.close()


def _postgres_url(name: str) -> str:
    database = settings.DATABASES["default"]
    credentials = f"{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}"
    return f"postgres://{credentials}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{name}"


@contextmanager
def scratch_databases(folder: Path, *names: str, like: str | None = None):
    """URLs of new databases on the engine under test, one per name: copies of `like` (a URL that
    `scratch_databases` gave), or empty. Dropped afterwards."""
    if on_sqlite():
        urls = []
        for name in names:
            path = folder / f"{name}.sqlite3"
            if like:
                shutil.copyfile(like.removeprefix("sqlite:///"), path)
            urls.append(f"sqlite:///{path}")
        yield tuple(urls)
        return
    created = [f"portal_scratch_{secrets.token_hex(4)}_{name}" for name in names]
    template = f' TEMPLATE "{like.rsplit("/", 1)[1]}"' if like else ""
    try:
        with _server() as cursor:
            for name in created:
                cursor.execute(f'CREATE DATABASE "{name}"{template}')
        yield tuple(_postgres_url(name) for name in created)
    finally:
        with _server() as cursor:
            for name in created:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(database_url, *args, settings_module="portal.settings", extra_env=None, timeout=180):
    """`python *args` in the project folder against `database_url`; its standard output."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": settings_module,
        **(extra_env or {}),
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout
