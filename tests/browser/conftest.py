"""Browser tests: headless Chromium from the system, against pytest-django's live server.

The live server runs on a transactional database that is flushed after every test, so the report
loaded once for the rest of the suite is gone here: each browser test puts it back (`report`), and
the tests check several pages each to keep that cost small.
"""

import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.db import connection

from core import derived
from report.loader import load_report
from tests.scratch_databases import on_sqlite

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


@pytest.fixture(scope="session")
def loaded_database(django_db_setup, django_db_blocker):
    """On SQLite, a copy in memory of the test database as the session set it up: the migrations'
    data (roles) and the report. Copying it back with SQLite's backup API takes milliseconds, where
    putting the roles back object by object and loading the report again took seconds per test, most
    of the browser tests' time. None on other engines."""
    if not on_sqlite():
        return None
    with django_db_blocker.unblock():
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
    return snapshot


if on_sqlite():

    @pytest.fixture
    def report(transactional_db, live_server, loaded_database):
        """The report's data, visible to the live server's thread (it shares the in-memory database).

        A live-server test empties every table afterwards, also the roles that a data migration
        created: the copy puts both back. The content version comes back with them, so nothing
        kept under it by an earlier test may be served.
        """
        loaded_database.backup(connection.connection)
        cache.clear()
        derived.forget_version()

else:

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


@pytest.fixture
def log_in_to_workspace(page, site):
    """log_in_to_workspace(user): signs `user` (password tests.workspace_helpers.PASSWORD) in at
    /beheer/ through the login form, as a researcher does."""
    from tests.workspace_helpers import PASSWORD

    def log_in(user):
        page.goto(f"{site}/beheer/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(f"{site}/beheer/")

    return log_in
