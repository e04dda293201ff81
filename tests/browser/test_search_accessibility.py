"""The search page in every state it now has (facets, an active facet, "did you mean", a split
compound, a refused facet) has zero axe violations in Dutch and in English, and works by keyboard."""

import re

import pytest

from tests.browser.test_accessibility import DESKTOP, LANGUAGE_PREFIXES, _open

pytestmark = pytest.mark.browser

STATES = [
    ("facets", "/zoeken/?q=compaan", 200, ".portal-facets"),
    ("active-facet", "/zoeken/?q=compaan&soort=investeringen&gemeente=delft", 200, "[aria-current=true]"),
    ("did-you-mean", "/zoeken/?q=compan", 200, ".portal-search-suggestion a"),
    ("compound", "/zoeken/?q=netwerkaanpak", 200, "main section h3"),
    ("unknown-facet", "/zoeken/?q=compaan&thema=bestaat-niet", 400, "#search-q-error"),
]


@pytest.mark.parametrize(("path", "status", "selector"), [s[1:] for s in STATES], ids=[s[0] for s in STATES])
def test_search_state_has_no_axe_violations(page, site, check_axe, path, status, selector):
    problems = []
    page.set_viewport_size(DESKTOP)
    for prefix in LANGUAGE_PREFIXES.values():
        _open(page, f"{site}{prefix}{path}", status, selector)
        if report := check_axe(page):
            problems.append(report)
    assert not problems, "\n\n".join(problems)


def test_did_you_mean_and_a_facet_work_by_keyboard(page, site):
    page.goto(f"{site}/zoeken/?q=compan")
    suggestion = page.locator(".portal-search-suggestion a")
    suggestion.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=compaan$"))
    assert page.locator("#search-q").input_value() == "compaan"

    facet = page.get_by_role("link", name=re.compile(r"^Investeringen \(\d+\)"))
    facet.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"soort=investeringen"))
    assert page.locator("main section h3").all_inner_texts()[0].startswith("Investeringen")
    assert page.locator("main section").count() == 1
