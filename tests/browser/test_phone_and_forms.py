"""On a phone (375×740): the main menu folds behind a button with aria-expanded that works by keyboard,
and stays open without JavaScript; filters fold behind a summary that counts the active ones, so the
results of /investeringen/ start on the first screen; the municipality table sorts by its headers; the
header search keeps its button beside it and shows a visible focus ring. No axe violations, nl and en."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
NARROWEST = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = {"nl": "", "en": "/en"}


def _menu_links(page):
    return page.locator("#main-menu a")


def test_the_phone_menu_is_folded_behind_a_button_that_works_by_keyboard(page, site, check_axe):
    page.set_viewport_size(PHONE)
    problems = []
    for prefix in LANGUAGES.values():
        page.goto(f"{site}{prefix}/")
        toggle = page.locator(".portal-nav__toggle")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not _menu_links(page).first.is_visible()
        if report := check_axe(page):
            problems.append(report)

        # By keyboard: Tab reaches the button, Enter opens the menu, Escape closes it again.
        page.locator("#site-search").focus()
        for _ in range(3):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('portal-nav__toggle')"):
                break
        assert page.evaluate("document.activeElement.classList.contains('portal-nav__toggle')")
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        assert _menu_links(page).first.is_visible()
        if report := check_axe(page):
            problems.append(report)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#main-menu') !== null")
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('portal-nav__toggle')")
        page.keyboard.press(" ")
        assert toggle.get_attribute("aria-expanded") == "true"
    assert not problems, "\n\n".join(problems)


def test_on_a_wide_screen_the_menu_is_open_and_has_no_button(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/")
    assert not page.locator(".portal-nav__toggle").is_visible()
    assert _menu_links(page).first.is_visible()


def test_without_javascript_the_menu_and_filters_are_simply_open(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site}/investeringen/?thema=training")
        assert not page.locator(".portal-nav__toggle").is_visible()
        assert _menu_links(page).count() > 3
        assert all(link.is_visible() for link in _menu_links(page).all())
        assert page.locator("#investment-filters").is_visible()
    finally:
        context.close()


def test_filters_fold_on_a_phone_and_say_how_many_are_active(page, site, check_axe):
    page.set_viewport_size(PHONE)
    problems = []
    for language, prefix in LANGUAGES.items():
        page.goto(f"{site}{prefix}/investeringen/?thema=training&status=gedaan")
        summary = page.locator(".portal-filter-fold > summary")
        expected = "Filters (2 actief)" if language == "nl" else "Filters (2 active)"
        assert summary.inner_text().strip() == expected
        assert not page.locator("#investment-filters").is_visible()
        # The results start on the first screen (they started 1,750px down).
        top = page.locator("#results-title").bounding_box()["y"]
        assert top < PHONE["height"], f"results start at {top}px"
        if report := check_axe(page):
            problems.append(report)
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator("#investment-filters").is_visible()
        if report := check_axe(page):
            problems.append(report)
    assert not problems, "\n\n".join(problems)


def test_the_municipality_table_sorts_by_its_headers(page, site, check_axe):
    page.set_viewport_size(DESKTOP)
    problems = []
    for prefix in LANGUAGES.values():
        page.goto(f"{site}{prefix}/gemeenten/?provincie=zuid-holland")
        page.locator("thead th").nth(3).locator("a").click()
        assert re.search(r"sorteer=gedaan", page.url) and "provincie=zuid-holland" in page.url
        assert page.locator("thead th").nth(3).get_attribute("aria-sort") == "ascending"
        page.locator("thead th").nth(3).locator("a").click()
        assert page.locator("thead th").nth(3).get_attribute("aria-sort") == "descending"
        counts = [int(text) for text in page.locator("tbody td.portal-number:nth-child(4)").all_inner_texts()]
        assert counts == sorted(counts, reverse=True) and counts
        if report := check_axe(page):
            problems.append(report)
    assert not problems, "\n\n".join(problems)


def test_the_header_search_keeps_its_button_beside_it_and_shows_its_focus(page, site):
    page.set_viewport_size(NARROWEST)
    page.goto(f"{site}/")
    field = page.locator("#site-search")
    button = page.locator(".portal-search-form button")
    assert field.get_attribute("placeholder")
    field_box, button_box = field.bounding_box(), button.bounding_box()
    assert abs(field_box["y"] - button_box["y"]) < 8, "the button wrapped below the field"
    assert button_box["x"] + button_box["width"] <= NARROWEST["width"]
    page.keyboard.press("Tab")  # the skip link
    field.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-search"
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()"
    )
    assert outline == ["solid", "3px", "rgb(255, 221, 0)"], outline
