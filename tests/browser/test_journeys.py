"""What visitors do in the browser: filter, search, switch language, skip to the content, print."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from investments.models import Investment, InvestmentStatus

pytestmark = pytest.mark.browser


def _query(url):
    return parse_qs(urlsplit(url).query)


def _path(url):
    return urlsplit(url).path


def test_filtering_investments_keeps_the_choice_in_the_query_string(page, site):
    page.goto(f"{site}/investeringen/")
    results_heading = page.locator("#results-title")
    total = Investment.objects.published().count()
    expect(results_heading).to_have_text(f"{total} investeringen gevonden")

    filters = page.locator("#investment-filters")
    filters.get_by_label("Status", exact=True).select_option("gepland")
    filters.get_by_label("Thema", exact=True).select_option("meldpunt")
    filters.get_by_role("button", name="Toon resultaten").click()
    page.wait_for_url(re.compile(r"/investeringen/\?"))

    # Empty fields travel too (q=&doelgroep=…); what matters is the choices made, nothing more.
    assert _path(page.url) == "/investeringen/"
    assert _query(page.url) == {"status": ["gepland"], "thema": ["meldpunt"]}
    expected = (
        Investment.objects.published()
        .filter(status=InvestmentStatus.PLANNED, themes__slug="meldpunt")
        .distinct()
        .count()
    )
    assert 0 < expected < total
    expect(results_heading).to_have_text(re.compile(rf"^{expected} investering(en)? gevonden$"))
    results = page.locator("section[aria-labelledby=results-title] article.portal-investment")
    expect(results).to_have_count(min(expected, 20))
    expect(results.locator(".portal-status--completed")).to_have_count(0)
    # The form shows what is filtered, so the visitor can change it.
    expect(filters.get_by_label("Status", exact=True)).to_have_value("gepland")
    expect(filters.get_by_label("Thema", exact=True)).to_have_value("meldpunt")


def test_searching_from_the_header(page, site):
    page.goto(f"{site}/gemeenten/")
    search_box = page.get_by_role("search").filter(has=page.locator("#site-search")).get_by_label("Zoek in het portaal")
    search_box.fill("compaan")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?"))

    assert _path(page.url) == "/zoeken/"
    assert _query(page.url) == {"q": ["compaan"]}
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\d+ resultaten? voor ‘compaan’$"))
    expect(main.locator("a[href='/interventies/compaan/']").first).to_be_visible()
    # The header box keeps the query, so the visitor sees what they searched for.
    expect(page.locator("#site-search")).to_have_value("compaan")


def test_switching_language_keeps_the_page_and_its_query(page, site):
    page.goto(f"{site}/gemeenten/delft/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    language_switch = page.get_by_role("navigation", name="Taal")
    expect(language_switch.get_by_role("link", name="Nederlands")).to_have_attribute("aria-current", "true")

    language_switch.get_by_role("link", name="English").click()
    page.wait_for_url(f"{site}/en/gemeenten/delft/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The lang attribute must match the words on the page (WCAG 3.1.1), not just the URL.
    expect(page.get_by_role("heading", level=1)).to_have_text("Municipality of Delft")
    expect(page.get_by_role("navigation", name="Language").get_by_role("link", name="English")).to_have_attribute(
        "aria-current", "true"
    )

    page.goto(f"{site}/en/investeringen/?status=gepland")
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(f"{site}/investeringen/?status=gepland")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, site):
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Direct naar de inhoud")
    expect(skip_link).to_have_attribute("href", "#inhoud")
    # Hidden until focused, then visible for sighted keyboard users.
    box = skip_link.bounding_box()
    assert box["width"] > 20
    assert box["height"] > 20

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#inhoud$"))
    assert page.evaluate("document.activeElement.id") == "inhoud"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_printing_a_municipality_hides_the_navigation(page, site):
    page.goto(f"{site}/gemeenten/delft/")
    main_nav = page.get_by_role("navigation", name="Hoofdmenu")
    breadcrumbs = page.get_by_role("navigation", name="Kruimelpad")
    site_search = page.locator("#site-search")
    for element in (main_nav, breadcrumbs, site_search):
        expect(element).to_be_visible()

    page.emulate_media(media="print")
    for element in (main_nav, breadcrumbs, site_search, page.get_by_role("navigation", name="Taal")):
        expect(element).to_be_hidden()
    # What the page is about is still printed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Delft")
    expect(page.locator("article.portal-investment").first).to_be_visible()
