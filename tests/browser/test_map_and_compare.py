"""The map (keyboard, axe) and the comparison (selection, fit, phone layout), in a real browser."""

import re

import pytest

from tests.pages.helpers import fill_the_country

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SIX = ["amsterdam", "delft", "haarlemmermeer", "heerlen", "rotterdam", "westerveld"]

NEW_AND_CHANGED = [
    "/",
    "/?kaartthema=training",
    "/?kaartthema=bestaat-niet",
    "/gemeenten/",
    "/gemeenten/?thema=training",
    "/gemeenten/?provincie=groningen",
    "/gemeenten/haarlemmermeer/",
    "/vergelijken/",
    "/vergelijken/?" + "&".join(f"gemeente={slug}" for slug in SIX),
    "/vergelijken/?provincie=limburg&thema=training&status=gedaan",
    "/vergelijken/?gemeente=atlantis",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_new_and_changed_pages_have_no_axe_violations(page, site, axe_in_both_languages, viewport):
    page.set_viewport_size(viewport)
    problems = axe_in_both_languages(page, site, NEW_AND_CHANGED)
    assert not problems, problems


def test_map_municipalities_are_reached_by_keyboard_and_show_focus(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/")
    first = page.locator(".portal-map__link").first
    first.focus()
    reached = []
    for _ in range(16):
        reached.append(page.evaluate("document.activeElement.getAttribute('href')"))
        fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
        # The focused municipality turns the focus yellow (#ffdd00), so the focus is visible.
        assert fill == "rgb(255, 221, 0)", fill
        page.keyboard.press("Tab")
    assert len(set(reached)) == 16
    assert all(re.fullmatch(r"/gemeenten/[\w-]+/", href) for href in reached)

    # Enter follows the link to the municipality's page.
    page.locator('.portal-map__link[href="/gemeenten/heerlen/"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/gemeenten/heerlen/")
    assert page.locator("h1").inner_text().endswith("Heerlen")


def test_map_theme_choice_recolours_the_map(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/")
    page.select_option("select[name=kaartthema]", "meldpunt")
    page.locator("#map-theme [type=submit]").click()
    page.wait_for_url(re.compile(r"kaartthema=meldpunt"))
    assert "Lokaal meldpunt" in page.locator("#kaart-bijschrift").inner_text()
    assert page.locator(".portal-map__link.portal-map__level-0").count() > 0


def test_comparison_selection_fits_a_laptop_and_transposes_on_a_phone(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/vergelijken/")
    # Without a selection the choice is unfolded already.
    assert page.locator("details.portal-compare-choice").get_attribute("open") is not None
    # Every province group is open: all sixteen names are in view (issue 23).
    groups = page.locator("#comparison-filters details")
    assert groups.count() > 0
    assert all(groups.nth(index).get_attribute("open") is not None for index in range(groups.count()))
    for slug in SIX:
        page.check(f"#gemeente-{slug}")
    page.check("#thema-training")
    page.check("#thema-technologie")
    page.locator("#comparison-filters [type=submit]").click()
    page.wait_for_url(re.compile(r"gemeente=westerveld"))

    wide = page.locator(".portal-compare--wide")
    assert wide.is_visible() and not page.locator(".portal-compare--narrow").is_visible()
    headers = wide.locator("thead th a").all_inner_texts()
    assert [h.replace("\n", "").replace("\u00ad", "") for h in headers] == [
        "Amsterdam",
        "Delft",
        "Haarlemmermeer",
        "Heerlen",
        "Rotterdam",
        "Westerveld",
    ]
    assert wide.locator("tbody tr").count() == 2
    # Six municipalities fit 1280 px: the table region does not scroll sideways.
    assert wide.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    page.set_viewport_size(PHONE)
    narrow = page.locator(".portal-compare--narrow")
    assert narrow.is_visible() and not wide.is_visible()
    assert narrow.locator("tbody th a").all_inner_texts() == [
        "Amsterdam",
        "Delft",
        "Haarlemmermeer",
        "Heerlen",
        "Rotterdam",
        "Westerveld",
    ]
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    # The download carries the same selection.
    with page.expect_download() as download:
        page.locator(".portal-downloads a", has_text="CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Thema,Amsterdam,Delft,Haarlemmermeer,Heerlen,Rotterdam,Westerveld,Totaal"
    assert len(text.splitlines()) == 4


def test_at_national_scale_the_municipality_choice_is_one_accessible_select(page, site, check_axe):
    fill_the_country()
    problems = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path in ("/vergelijken/", "/vergelijken/?gemeente=heerlen&gemeente=delft", "/en/vergelijken/"):
            assert page.goto(f"{site}{path}").status == 200, path
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            if report := check_axe(page):
                problems.append(report)
    assert not problems, "\n\n".join(problems)

    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/vergelijken/")
    assert page.locator("#comparison-filters input[name=gemeente]").count() == 0
    page.select_option("#id_gemeente", ["heerlen", "delft", "westerveld"])
    page.locator("#comparison-filters [type=submit]").click()
    page.wait_for_url(re.compile(r"gemeente=westerveld"))
    headers = page.locator(".portal-compare--wide thead th a").all_inner_texts()
    assert [h.replace("\n", "").replace("\u00ad", "") for h in headers] == ["Delft", "Heerlen", "Westerveld"]
    assert sorted(page.locator("#id_gemeente option:checked").evaluate_all("els => els.map(e => e.value)")) == [
        "delft",
        "heerlen",
        "westerveld",
    ]
