"""The country pages in a real browser (issue 22): factsheet, /kaart/ and a municipality outside the
study, with axe (WCAG 2.2 AA) in Dutch and English, on desktop and phone; and the map's list gives
touch targets of at least 24×24 px on a phone."""

import pytest

from core import reference_data
from indicators.reference import load_reference_data

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PAGES = [
    "/?kaartindicator=eenzaam",
    "/gemeenten/heerlen/feiten/",
    "/gemeenten/eemsdelta/feiten/",
    "/gemeenten/aa-en-hunze/",
    "/gemeenten/heerlen/",
    "/kaart/",
    "/kaart/?indicator=inwoners&jaar=2025&leeftijd=",
    "/kaart/?indicator=bestaat-niet",
    "/gemeenten/?deelname=alle",
]


@pytest.fixture
def country_site(site):
    if not reference_data.available(reference_data.MUNICIPALITY_LIST):
        pytest.skip(f"no reference data in {reference_data.folder()}")
    load_reference_data()
    return site


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_country_pages_have_no_axe_violations(page, country_site, axe_in_both_languages, viewport):
    page.set_viewport_size(viewport)
    problems = axe_in_both_languages(page, country_site, PAGES)
    assert not problems, problems


def test_map_list_links_are_at_least_24_px_on_a_phone(page, country_site):
    page.set_viewport_size(PHONE)
    page.goto(f"{country_site}/kaart/")
    boxes = page.eval_on_selector_all(
        ".portal-link-table tbody a",
        "links => links.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })",
    )

    assert len(boxes) == 342
    assert all(height >= 24 for _width, height in boxes)
    # Narrow names ("Ede", "Epe") are wide enough too.
    assert all(width >= 24 for width, _height in boxes)
