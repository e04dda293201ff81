"""Admin saves succeed while the import worker runs on the same database (issue 19).

On SQLite the worker's polling held the write lock and admin saves answered 500 "database is
locked". Here a real `manage.py db_worker` polls a real database (tests/scratch_databases.py: a
temporary SQLite file, or a temporary PostgreSQL database beside the test database) while two
processes save through the admin 200 times, adding users, changing a round and a municipality
and uploading files the worker previews; every save must succeed and be in the database, and the
worker must still run.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.scratch_databases import scratch_databases

# One worker runs every test that copies the session's migrated databases, so they are made once.
pytestmark = pytest.mark.xdist_group("scratch-databases")

ROOT = Path(__file__).resolve().parents[2]
LOAD = Path(__file__).resolve().parent / "admin_save_load.py"
USER_ADDS = 160
CONTENT_SAVES = 40

# The admin who saves and the two records the saves change (the report itself is not needed).
SETUP = """
import datetime
from django.contrib.auth.models import User
from municipalities.models import Municipality
from rounds.models import Round
User.objects.create_superuser("beheerder", "beheerder@example.org", "een-lang-genoeg-wachtwoord")
Round.objects.create(slug="2019", name="Interviewronde 2019", starts_on=datetime.date(2019, 9, 1))
Municipality.objects.create(name="Heerlen", slug="heerlen", cbs_code="GM0917", province="limburg")
"""

# What the saves left behind, and which jobs are still waiting.
STATE = """
import json
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult
from core.models import ImportJob
from municipalities.models import Municipality
from rounds.models import Round
print(json.dumps({
    "users": User.objects.filter(username__startswith="gebruiker-").count(),
    "round": Round.objects.order_by("pk").first().description,
    "round_saves": Round.history.filter(description__startswith="inhoud ").count(),
    "municipality": Municipality.objects.order_by("pk").first().programme,
    "municipality_saves": Municipality.history.filter(programme__startswith="inhoud ").count(),
    "jobs_waiting": DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
    "imports": sorted(ImportJob.objects.values_list("status", flat=True)),
}))
"""


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.workspace.worker_settings",
        # Every upload goes to the worker, however small.
        "PORTAL_IMPORT_BACKGROUND_ROWS": "0",
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def state(env):
    return json.loads(manage(env, "shell", "-c", STATE).strip().splitlines()[-1])


def saving(env, kind, count, prefix):
    return subprocess.Popen(
        [sys.executable, str(LOAD), kind, str(count), prefix],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def result_of(process):
    output, _ = process.communicate(timeout=180)
    assert process.returncode == 0, output
    return json.loads(output.strip().splitlines()[-1])


def test_admin_saves_succeed_while_the_worker_polls_the_same_database(tmp_path, migrated_database):
    with scratch_databases(tmp_path, "portal", like=migrated_database) as (database_url,):
        env = environment(database_url)
        manage(env, "shell", "-c", SETUP)

        log = tmp_path / "worker.log"
        with log.open("w") as log_file:
            # A short interval: the worker polls about ten times a second, as often as it ever will.
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            try:
                users = saving(env, "users", USER_ADDS, "gebruiker")
                content = saving(env, "content", CONTENT_SAVES, "inhoud")
                results = [result_of(users), result_of(content)]

                deadline = time.monotonic() + 60
                while (after := state(env))["jobs_waiting"] and time.monotonic() < deadline:
                    time.sleep(1)
                assert worker.poll() is None, log.read_text()
            finally:
                worker.terminate()
                worker.wait(timeout=30)

    assert sum(result["saves"] for result in results) >= 200
    assert [result["problems"] for result in results] == [[], []]
    assert after["users"] == USER_ADDS
    # Of every ten content saves, eight change the round, one the municipality and one is an upload;
    # each change is a history row.
    assert after["round_saves"] == 32
    assert after["round"] == "inhoud 38"
    assert after["municipality_saves"] == 4
    assert after["municipality"] == "inhoud 34"
    assert after["jobs_waiting"] == 0
    assert after["imports"] == ["done"] * 4
    assert "Traceback" not in log.read_text()
