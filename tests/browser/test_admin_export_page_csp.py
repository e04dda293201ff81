"""In Chromium, under the portal's Content Security Policy, the export page's "select all" box
works and the page violates no part of the policy.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.workspace_helpers import EXPORT_URL, ONDERZOEKER, PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_select_all_works_under_the_content_security_policy(page, site):
    researcher = make_user(ONDERZOEKER, "onderzoeker")
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    page.goto(f"{site}{EXPORT_URL}")
    page.wait_for_url(re.compile(r"/beheer/login/"))
    page.get_by_label("Gebruikersnaam").fill(researcher.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{site}{EXPORT_URL}")

    toggle = page.locator("#select-all-toggle")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    expect(toggle).to_be_checked()
    assert fields.count() > 5

    toggle.uncheck()
    for index in range(fields.count()):
        expect(fields.nth(index)).not_to_be_checked()
    toggle.check()
    for index in range(fields.count()):
        expect(fields.nth(index)).to_be_checked()

    # The moved styles apply: the label is bold, from the static stylesheet.
    weight = page.locator('label[for="select-all-toggle"]').evaluate("label => getComputedStyle(label).fontWeight")
    assert int(weight) >= 700
    assert violations == []
