"""Browser checks for issue 12's lists, downloads and print/cite: zero axe violations on the new and
changed pages in Dutch and English, a real download of a filtered selection, the print-only header,
and the copy button."""

import csv
import io
import re

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    ("/tips/", ".portal-tip"),
    ("/tips/?gemeente=roermond&thema=bestaat-niet", "[role=alert]"),
    ("/citaten/", ".portal-quote"),
    ("/citaten/?les=verdiepingsslag-problematiek", ".portal-quote"),
    ("/interventies/?thema=training&doelgroep=professionals", ".portal-card"),
    ("/interventies/kijk-in-de-wijk/", "#genoemd"),
    ("/gemeenten/?provincie=limburg", ".portal-downloads"),
    ("/investeringen/?thema=meldpunt", ".portal-downloads"),
    ("/gemeenten/haarlemmermeer/", ".portal-cite"),
]


@pytest.mark.parametrize(("path", "selector"), PAGES, ids=[p[0] for p in PAGES])
def test_new_and_changed_pages_have_no_axe_violations(page, site, check_axe, path, selector):
    problems = []
    for prefix in ("", "/en"):
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(f"{site}{prefix}{path}")
        assert response.status == 200
        assert page.locator(selector).first.is_visible()
        # The buttons only show once the script has run: axe checks them as visitors see them.
        assert page.locator("button[data-print]").is_visible()
        if report := check_axe(page):
            problems.append(report)
        page.set_viewport_size({"width": 320, "height": 640})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{page.url} scrolls sideways by {overflow}px at 320px")
    assert not problems, "\n\n".join(problems)


def test_download_of_a_filtered_selection(page, site):
    page.goto(f"{site}/investeringen/?status=gedaan&thema=meldpunt&sorteer=titel")
    count = int(re.match(r"(\d+)", page.locator("#results-title").inner_text()).group(1))
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV-bestand").click()
    download = info.value
    assert download.suggested_filename.startswith("investeringen-")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))  # noqa: SIM115
    assert len(rows) == count > 0
    assert {row["status"] for row in rows} == {"gedaan"}

    page.goto(f"{site}/tips/?knelpunt=community-building")
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX-bestand").click()
    assert info.value.suggested_filename.endswith(".xlsx")


def test_print_shows_portal_url_date_and_source(page, site):
    page.goto(f"{site}/gemeenten/delft/")
    header = page.locator(".portal-print-header")
    assert not header.is_visible()
    page.emulate_media(media="print")
    assert header.is_visible()
    text = header.inner_text()
    assert "Lokale aanpak eenzaamheid" in text
    assert f"{site}/gemeenten/delft/" in text
    assert "Bron: Movisie (2019)" in text
    assert not page.locator(".portal-cite").is_visible()


def test_copy_button_copies_the_citation(page, site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(f"{site}/tips/")
    page.get_by_role("button", name="Kopieer citaat").click()
    status = page.locator("[data-copy-status]")
    status.wait_for(state="visible")
    assert status.inner_text() == "Het citaat is gekopieerd."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Tips van gemeenten. Lokale aanpak eenzaamheid. ")
    assert f"{site}/tips/" in copied
