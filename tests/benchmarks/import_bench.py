"""How long the admin's import takes for a large file: 10,000 new investments, then the same file again.

Run with `make bench-import` (a throw-away SQLite database, or DATABASE_URL). It is a benchmark,
not a test: it prints the times and asserts nothing about them. With `--command` it times the file
through `manage.py import` in its own process instead, as a researcher's script would run it, and
leaves the rows in the throw-away database (`make bench-scale` does this at national scale; deleting
10,000 investments with their history would take longer than importing them).

    DJANGO_DEBUG=1 .venv/bin/python tests/benchmarks/import_bench.py [ROWS] [--profile] [--command]
"""

import cProfile
import csv
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def generated_rows(count):
    from investments.models import Partner, TargetGroup, Theme
    from municipalities.models import Municipality

    codes = list(Municipality.objects.values_list("cbs_code", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    partners = list(Partner.objects.values_list("slug", flat=True))
    for number in range(count):
        yield [
            codes[number % len(codes)],
            f"bench-investering-{number}",
            "gepland" if number % 2 else "gedaan",
            f"Investering nummer {number}",
            f"Een gegenereerde investering voor de benchmark, nummer {number}.",
            "|".join(themes[number % len(themes) : number % len(themes) + 2]),
            groups[number % len(groups)],
            "",
            partners[number % len(partners)] if partners else "",
            f"{number} inwoners",
            number,
            "concept",
        ]


def main():
    import django

    django.setup()
    import tablib
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from investments.models import Investment
    from investments.resources import InvestmentResource
    from tests.workspace_helpers import INVESTMENT_COLUMNS

    count = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), 10_000))
    call_command("migrate", verbosity=0)
    call_command("load_report")
    Investment.objects.filter(slug__startswith="bench-investering-").delete()
    user, _created = User.objects.get_or_create(username="bench-import")
    dataset = tablib.Dataset(*generated_rows(count), headers=INVESTMENT_COLUMNS)

    if "--command" in sys.argv:
        return time_command(count, dataset)
    profiler = cProfile.Profile() if "--profile" in sys.argv else None
    for label, dry_run in [("preview (dry run)", True), ("import", False), ("same file again", False)]:
        started = time.perf_counter()
        if profiler and label == os.environ.get("BENCH_PROFILE", "import"):
            profiler.enable()
        result = InvestmentResource().import_data(dataset, dry_run=dry_run, use_transactions=True, user=user)
        if profiler and label == os.environ.get("BENCH_PROFILE", "import"):
            profiler.disable()
        elapsed = time.perf_counter() - started
        assert not result.has_errors() and not result.has_validation_errors(), "the benchmark file is invalid"
        print(f"{label}: {count} rows in {elapsed:.1f} s ({count / elapsed:.0f} rows/s), totals {dict(result.totals)}")
    Investment.objects.filter(slug__startswith="bench-investering-").delete()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def time_command(count, dataset):
    """The same rows through `manage.py import` in a new process: start-up, parsing and the import."""
    from django.db import connection

    from investments.models import Investment

    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "investeringen.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(dataset.headers)
            writer.writerows(dataset)
        connection.close()
        started = time.perf_counter()
        command = ["manage.py", "import", "investments.resources.InvestmentResource", str(path)]
        subprocess.run(
            [sys.executable, *command, "--format", "CSV", "--no-input"],
            cwd=root,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
    imported = Investment.objects.filter(slug__startswith="bench-investering-").count()
    assert imported == count, f"manage.py import wrote {imported} of {count} rows"
    print(f"manage.py import: {count} rows in {elapsed:.1f} s ({count / elapsed:.0f} rows/s), in its own process")


if __name__ == "__main__":
    main()
