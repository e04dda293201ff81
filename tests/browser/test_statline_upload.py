"""The workspace's StatLine upload in Chromium: the form, an error, the preview and the result pass
axe (WCAG 2.2 AA). The workspace is Dutch only (it lives outside the /en/ URLs, so LocaleMiddleware
serves it in the default language); its English strings are checked in tests/indicators. Made-up numbers."""

import pytest
from playwright.sync_api import expect

from indicators.models import IndicatorValue
from tests.indicators.test_statline_import import EXPORT
from tests.workspace_helpers import ONDERZOEKER, make_user

pytestmark = pytest.mark.browser


def _clean(page, check_axe):
    report = check_axe(page)
    assert report == "", report


def _choose(page, name, text):
    page.get_by_label("StatLine-CSV-bestand").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Bestand controleren").click()


def test_a_researcher_uploads_previews_and_imports_a_statline_export(page, site, check_axe, log_in_to_workspace):
    researcher = make_user(ONDERZOEKER, "onderzoeker")
    log_in_to_workspace(researcher)

    page.get_by_role("link", name="StatLine-CSV inlezen").click()
    expect(page.locator("h1")).to_contain_text("StatLine-CSV inlezen")
    _clean(page, check_axe)

    _choose(page, "leeg.csv", "Leeftijd;Regio;Perioden;Anders\n18+;Heerlen;2022JJ00;1\n")
    expect(page.locator(".errorlist")).to_contain_text("Niets ingelezen")
    _clean(page, check_axe)

    _choose(page, "50120NED.csv", EXPORT)
    expect(page.locator("#statline-voorbeeld")).to_contain_text("Voorbeeld van 50120NED.csv")
    assert not IndicatorValue.objects.exists()
    _clean(page, check_axe)

    page.get_by_role("button", name="Importeren").click()
    expect(page.locator("ul.messagelist")).to_contain_text("3 waarden van Sterk eenzaam ingelezen")
    _clean(page, check_axe)
    assert IndicatorValue.objects.filter(indicator__slug="sterk-eenzaam").count() == 3
