"""A researcher's day in the workspace, in Chromium: log in, correct a title, import a spreadsheet
with a preview, publish what was imported, and see it on the public site.
"""

import re

import pytest
from playwright.sync_api import expect

from core.models import PublicationStatus
from investments.models import Investment
from tests.workspace_helpers import ONDERZOEKER, PASSWORD, csv_bytes, make_user

pytestmark = pytest.mark.browser

EDITED_SLUG = "tien-beloftevolle-experimenten-verduurzaamd"
EDITED_TITLE = "Tien beloftevolle experimenten, blijvend gefinancierd"
IMPORTED = [
    {
        "gemeente": "GM0363",
        "slug": f"buurtkamer-{n}",
        "status": "gepland",
        "titel": title,
        "tekst": f"Amsterdam opent buurtkamer {n} voor wie iemand wil spreken.",
        "themas": "ontmoeting",
        "doelgroepen": "alle-inwoners",
        "interventies": "",
        "partners": "",
        "bereik": f"{n}00 bezoekers",
        "volgorde": 40 + n,
        "publicatiestatus": "concept",
    }
    for n, title in enumerate(["Buurtkamer Noord", "Buurtkamer Oost", "Buurtkamer West"], start=1)
]


def test_researcher_edits_imports_and_publishes(page, site, browser):
    researcher = make_user(ONDERZOEKER, "onderzoeker")
    investment = Investment.objects.get(municipality__cbs_code="GM0363", slug=EDITED_SLUG)

    # Log in.
    page.goto(f"{site}/beheer/")
    page.wait_for_url(re.compile(r"/beheer/login/\?next=/beheer/$"))
    page.get_by_label("Gebruikersnaam").fill(researcher.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{site}/beheer/")
    expect(page.locator("#workspace-drafts")).to_contain_text("Nog in concept")

    # Correct a title and save.
    page.goto(f"{site}/beheer/investments/investment/{investment.pk}/change/")
    page.get_by_label("Titel").fill(EDITED_TITLE)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url(f"{site}/beheer/investments/investment/")
    expect(page.locator("ul.messagelist")).to_contain_text("is met succes gewijzigd")
    investment.refresh_from_db()
    assert investment.title == EDITED_TITLE
    # The slug, and with it the public link, stays as it was.
    assert investment.slug == EDITED_SLUG
    assert investment.history.order_by("-history_date", "-history_id").first().history_user == researcher

    # Import three new investments: a preview first, nothing written until confirmed.
    page.goto(f"{site}/beheer/investments/investment/import/")
    page.locator("#id_import_file").set_input_files(
        {"name": "buurtkamers.csv", "mimeType": "text/csv", "buffer": csv_bytes(IMPORTED)}
    )
    page.locator("#id_format").select_option(label="csv")
    page.get_by_role("button", name="Bestand controleren").click()
    preview = page.locator("table.import-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("tr.new")).to_have_count(3)
    for row in IMPORTED:
        expect(preview).to_contain_text(row["titel"])
    assert not Investment.objects.filter(slug__startswith="buurtkamer-").exists()
    page.get_by_role("button", name="Accepteer de import").click()
    page.wait_for_url(f"{site}/beheer/investments/investment/")
    imported = Investment.objects.filter(slug__startswith="buurtkamer-")
    assert imported.count() == 3
    assert set(imported.values_list("publication_status", flat=True)) == {PublicationStatus.DRAFT}

    # Visitors do not see the drafts yet.
    visitor = browser.new_page()
    visitor.goto(f"{site}/gemeenten/amsterdam/")
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.get_by_text("Buurtkamer Noord")).to_have_count(0)

    # Select the imported drafts in the list and publish them with the bulk action.
    page.goto(f"{site}/beheer/investments/investment/?publication_status__exact=draft")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    for row in IMPORTED:
        rows.filter(has_text=row["titel"]).locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.locator("ul.messagelist")).to_contain_text("3 items gepubliceerd.")
    assert set(imported.values_list("publication_status", flat=True)) == {PublicationStatus.PUBLISHED}

    # Now the public page shows them, and the corrected title, to anyone.
    visitor.goto(f"{site}/gemeenten/amsterdam/")
    main = visitor.get_by_role("main")
    for row in IMPORTED:
        expect(main.get_by_text(row["titel"], exact=True)).to_be_visible()
    expect(main.get_by_text(EDITED_TITLE, exact=True)).to_be_visible()
    expect(main.get_by_text("Concept, niet openbaar")).to_have_count(0)
    visitor.close()
