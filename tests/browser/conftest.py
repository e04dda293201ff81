"""Browser tests: headless Chromium from the system, against pytest-django's live server.

The live server runs on a transactional database that is flushed after every test, so the report
loaded once for the rest of the suite is gone here: each browser test loads it again (well under a
second), and the tests check several pages each to keep that cost small.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from report.loader import load_report

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# WCAG 2.2 level A and AA (the legal floor for Dutch government sites is 2.1 AA; the portal aims higher).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # `playwright install` is not possible here; the distribution's Chromium is.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def report(transactional_db, django_db_serialized_rollback, live_server):
    """The report's data, visible to the live server's thread.

    A live-server test empties every table afterwards, also the roles that a data migration
    created; serialized rollback puts the migrations' data back before each test.
    """
    load_report()


@pytest.fixture
def site(report, live_server):
    """The live server's base URL, with the report loaded."""
    return live_server.url


@pytest.fixture(scope="session")
def axe():
    # Axe() reads the bundled axe-core script from disk; once per session is enough.
    return Axe()


@pytest.fixture
def check_axe(axe):
    """Run axe on the current page and return a report of its violations ("" when there are none)."""

    def run(page):
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count == 0:
            return ""
        return f"{page.url}\n{results.generate_report()}"

    return run


@pytest.fixture
def axe_in_both_languages(check_axe):
    """axe_in_both_languages(page, site, paths): axe on every path in Dutch and in English, with every
    folded part open so the choices and table alternatives are checked too; "" when all are clean."""

    def run(page, site, paths):
        problems = []
        for prefix in ("", "/en"):
            for path in paths:
                response = page.goto(f"{site}{prefix}{path}")
                assert response.status == 200, path
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                if report := check_axe(page):
                    problems.append(report)
        return "\n\n".join(problems)

    return run
