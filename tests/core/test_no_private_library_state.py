"""The project uses Django's and the libraries' public API only (issue 20).

Private state of a library (Django's prefetch and result caches, its on-commit list, import-export's
dry-run helpers, simple_history's m2m registry, django-tasks-db's task counter,
RedisCache's client class) can change in any
minor release without notice, and forging it once hid a bug for a whole round. A guard by name:
these are the ones the project used.
"""

import re
import subprocess

from django.conf import settings

PRIVATE_NAMES = (
    "_prefetched_objects_cache",
    "_result_cache",
    "run_on_commit",
    "_is_dry_run",
    "_is_using_transactions",
    "_history_m2m_fields",
    "_run_tasks",
    "._class =",  # RedisCache's client class: core.cache guards the public commands instead
    "._servers",
    '"_history"',  # simple_history's mark on a reverted instance: read it with to_historic()
)


def production_python_files():
    tracked = subprocess.run(
        ["git", "ls-files", "*.py"],  # noqa: S607 - git from PATH, as a developer runs it
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [name for name in tracked if not name.startswith("tests/")]


def test_no_production_code_touches_library_private_state():
    files = production_python_files()
    assert "core/resources.py" in files  # the list is the project's code, not an empty one
    pattern = re.compile("|".join(re.escape(name) for name in PRIVATE_NAMES))
    found = [
        f"{name}:{number}: {line.strip()}"
        for name in files
        for number, line in enumerate((settings.BASE_DIR / name).read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)
