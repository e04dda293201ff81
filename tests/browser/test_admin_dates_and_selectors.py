"""The workspace's date fields and selectors in Chromium, in a browser whose time zone is not the server's.

Django's admin warns "Let op: u ligt 6 uur achter ten opzichte van de servertijd" on every date field
when the browser's time zone differs from the server's (Europe/Amsterdam). A date without a time is
the same day in any time zone, so the workspace's date fields show no warning, and keep their picker.
One test for both pages: each browser test loads the report again.
"""

import pytest

from tests.workspace_helpers import ONDERZOEKER, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "America/New_York", "locale": "nl-NL"}


def test_date_fields_and_selectors_in_another_time_zone(page, site, log_in_to_workspace):
    log_in_to_workspace(make_user(ONDERZOEKER, "onderzoeker"))
    page.goto(f"{site}/beheer/rounds/round/add/")
    page.wait_for_load_state("load")

    # The browser really is in another time zone than the server: Django's condition for the warning.
    browser_offset = page.evaluate("new Date().getTimezoneOffset() * -60")
    server_offset = int(page.locator("body").get_attribute("data-admin-utc-offset"))
    assert browser_offset != server_offset
    # The picker is there (Django's script ran on these fields), the warning is not.
    assert page.locator("#id_starts_on ~ .datetimeshortcuts").count() == 1
    assert page.locator(".timezonewarning").count() == 0
    assert "servertijd" not in page.locator("body").inner_text()

    # The selector of a many-to-many field, built by Django's script, speaks Dutch too.
    page.goto(f"{site}/beheer/rounds/answer/add/")
    page.wait_for_load_state("load")

    selector = page.locator(".selector").first
    assert selector.count() == 1
    text = selector.inner_text()
    assert "Choose" not in text and "Remove" not in text
    assert "kiezen" in text.lower()
