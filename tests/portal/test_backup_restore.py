"""`manage.py dbbackup` and `dbrestore` round-trip the database exactly.

dumpdata/loaddata lost or invented history rows and tripped over history primary keys; a backup has
to bring back the same content, history, users and sequences, and so byte-identical open data. The
commands run as subprocesses against real databases of the engine the suite runs on
(tests/scratch_databases.py), never the test database itself.
"""

import json
import shutil
from pathlib import Path

import pytest

from opendata.datasets import DATASETS
from opendata.views import FORMATS
from tests import scratch_databases as scratch
from tests.scratch_databases import scratch_databases

# One worker runs every test that copies the session's migrated databases, so they are made once.
pytestmark = pytest.mark.xdist_group("scratch-databases")

FINGERPRINT = Path(__file__).resolve().parent / "backup_fingerprint.py"

# A researcher account in a role, an edited investment (a history row with that user) and a deleted
# quote (a deletion in the history): what a loaded report alone would not show.
CHANGES = """
from django.contrib.auth.models import Group, User
from investments.models import Investment
from lessons.models import Quote

user = User.objects.create_user("onderzoeker", "onderzoeker@example.org", "een-lang-genoeg-wachtwoord", is_staff=True)
user.groups.add(Group.objects.get(name="Onderzoeker"))
investment = Investment.objects.published().order_by("pk").first()
investment.title += " (herzien)"
investment._history_user = user
investment.save()
Quote.objects.published().order_by("pk").first().delete()
"""

LATER_CHANGE = """
from investments.models import Investment
investment = Investment.objects.order_by("pk").last()
investment.title = "Na de back-up gewijzigd"
investment.save()
"""


def run(database_url, *args, settings_module="portal.settings", backup_dir, extra_env=None):
    backups = {"PORTAL_BACKUP_DIR": str(backup_dir), **(extra_env or {})}
    return scratch.run(database_url, *args, settings_module=settings_module, extra_env=backups)


def manage(database_url, *args, backup_dir):
    return run(database_url, "manage.py", *args, backup_dir=backup_dir)


def fingerprint(database_url, backup_dir):
    return json.loads(run(database_url, str(FINGERPRINT), settings_module="tests.settings", backup_dir=backup_dir))


# The one row `dbrestore` changes after restoring: the content version that keys the caches.
VERSION_TABLE = "core_contentversion"


def content(tables: dict) -> dict:
    return {name: table for name, table in tables.items() if name != VERSION_TABLE}


def test_a_backup_restores_into_a_fresh_database_identically(tmp_path, database_with_report):
    backup_dir = tmp_path / "backups"
    backup = tmp_path / "portal.backup"
    with (
        scratch_databases(tmp_path, "original", like=database_with_report) as (original,),
        scratch_databases(tmp_path, "restored") as (restored,),
    ):
        manage(original, "shell", "-c", CHANGES, backup_dir=backup_dir)
        before = fingerprint(original, backup_dir)

        manage(original, "dbbackup", "-O", str(backup), backup_dir=backup_dir)
        manage(restored, "dbrestore", "-I", str(backup), "--noinput", backup_dir=backup_dir)

        after = fingerprint(restored, backup_dir)
        # The comparison means something only if the data is there: the report, the history with
        # the edit and the deletion, the researcher and the published files.
        tables = before["tables"]
        assert tables["auth_user"]["rows"] == 1
        assert tables["auth_user_groups"]["rows"] == 1
        assert tables["investments_historicalinvestment"]["rows"] > tables["investments_investment"]["rows"]
        # Each remaining quote's creation, plus the deleted one's creation and deletion.
        assert tables["lessons_historicalquote"]["rows"] == tables["lessons_quote"]["rows"] + 2
        assert all(file["status"] == 200 and file["bytes"] > 0 for file in before["open_data"].values())
        # Every dataset in every format, and the catalogue.
        assert len(before["open_data"]) == len(DATASETS) * len(FORMATS) + 1

        assert content(after["tables"]) == content(before["tables"])
        assert after["sequences"] == before["sequences"]
        assert after["open_data"] == before["open_data"]
        # A restore is a change for the caches: the content version moved (test_restore_and_cache.py).
        assert after["tables"][VERSION_TABLE] != before["tables"][VERSION_TABLE]

        # Restoring over a database that changed since the backup puts it back as it was.
        manage(original, "shell", "-c", LATER_CHANGE, backup_dir=backup_dir)
        assert fingerprint(original, backup_dir)["open_data"] != before["open_data"]
        manage(original, "dbrestore", "-I", str(backup), "--noinput", backup_dir=backup_dir)
        again = fingerprint(original, backup_dir)
        assert content(again["tables"]) == content(before["tables"])
        assert (again["sequences"], again["open_data"]) == (before["sequences"], before["open_data"])


def test_without_a_path_backups_go_to_the_backup_folder(tmp_path, migrated_database, settings):
    """`dbbackup` without -O writes into PORTAL_BACKUP_DIR; `dbrestore` without -I takes the latest there."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the file names are SQLite's; where the backups go does not depend on the engine")
    backup_dir = tmp_path / "elsewhere"
    original, restored = f"sqlite:///{tmp_path / 'original.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), tmp_path / "original.sqlite3")
    manage(original, "dbbackup", backup_dir=backup_dir)
    backups = sorted(path.name for path in backup_dir.iterdir())
    assert len(backups) == 2
    assert backups[0].endswith(".sqlite3")
    assert backups[1] == backups[0] + ".metadata"

    manage(restored, "dbrestore", "--noinput", backup_dir=backup_dir)
    assert content(fingerprint(restored, backup_dir)["tables"]) == content(fingerprint(original, backup_dir)["tables"])
