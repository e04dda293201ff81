"""A restored database shares the cache with the pages of the database it was backed up from (or,
likewise, staging and production share one Redis): no response from one may carry the other's
content or ETags (issue 25). The page cache and the values kept per version are keyed by a random
token that every change renews, and `dbrestore` renews it too.

Real processes on real databases of the engine under test, with the page cache on and Redis as the
shared cache, as in production.
"""

import json
import secrets

import pytest

from tests.scratch_databases import scratch_databases

from .test_backup_restore import manage, run

# One worker runs every test that copies the session's migrated databases, so they are made once.
pytestmark = pytest.mark.xdist_group("scratch-databases")

ORIGINAL_CHANGE = """
from investments.models import Investment
investment = Investment.objects.published().filter(municipality__slug="westerveld").order_by("pk").first()
investment.title = "Alleen op het origineel gewijzigd"
investment.save()
"""

RESTORED_CHANGE = """
from investments.models import Investment

investment = Investment.objects.published().filter(municipality__slug="westerveld").order_by("pk").last()
investment.title = "Alleen op de herstelde database gewijzigd"
investment.save()
"""


@pytest.fixture
def redis_url():
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("This test needs Redis on 127.0.0.1:6379 (.ci/run starts it).")
    return url


def probe(database_url, backup_dir, redis_url, prefix, asked=()):
    output = run(
        database_url,
        "tests/portal/cache_probe.py",
        settings_module="tests.settings",
        backup_dir=backup_dir,
        extra_env={"REDIS_URL": redis_url, "PROBE_KEY_PREFIX": prefix, "PROBE_ASKED_ETAGS": json.dumps(list(asked))},
    )
    return json.loads(output)


def test_a_restored_database_never_serves_the_pages_or_etags_of_the_other(tmp_path, redis_url, database_with_report):
    backup_dir, backup = tmp_path / "backups", tmp_path / "portal.backup"
    prefix = f"restore-test-{secrets.token_hex(6)}"
    with (
        scratch_databases(tmp_path, "original", like=database_with_report) as (original,),
        scratch_databases(tmp_path, "restored") as (restored,),
    ):
        manage(original, "dbbackup", "-O", str(backup), backup_dir=backup_dir)

        manage(original, "shell", "-c", ORIGINAL_CHANGE, backup_dir=backup_dir)
        pages_of_original = probe(original, backup_dir, redis_url, prefix)
        original_etags = {page["etag"] for page in pages_of_original.values()}
        assert all("Alleen op het origineel gewijzigd" in page["body"] for page in pages_of_original.values())

        manage(restored, "dbrestore", "-I", str(backup), "--noinput", backup_dir=backup_dir)
        just_restored = probe(restored, backup_dir, redis_url, prefix, asked=original_etags)
        manage(restored, "shell", "-c", RESTORED_CHANGE, backup_dir=backup_dir)
        changed_again = probe(restored, backup_dir, redis_url, prefix, asked=original_etags)

        for pages in (just_restored, changed_again):
            for address, page in pages.items():
                for body in (page["body"], page["cached_body"]):
                    assert "Alleen op het origineel gewijzigd" not in body, address
                assert {page["etag"], page["cached_etag"]}.isdisjoint(original_etags), address
                assert page["304_for"] == [], address
        assert all("Alleen op de herstelde database gewijzigd" in page["body"] for page in changed_again.values())
