"""Every public page type, in Dutch and in English, has zero axe-core violations for WCAG 2.1 A and AA.

Each page type is its own test so a failure names it; inside, the Dutch and English versions are both
checked, so the report is loaded once for the two.
"""

import pytest

pytestmark = pytest.mark.browser

LANGUAGE_PREFIXES = {"nl": "", "en": "/en"}
TOO_LONG_QUERY = "eenzaamheid" * 20  # 220 characters; the limit is 200

# (test id, path without language prefix, expected HTTP status, selector that proves the state we mean to check)
PAGES = [
    ("home", "/", 200, "h1"),
    ("municipality-list", "/gemeenten/", 200, "table"),
    ("municipality-detail", "/gemeenten/delft/", 200, ".portal-investment"),
    ("investment-list", "/investeringen/", 200, ".portal-investment"),
    (
        "investment-list-filtered",
        "/investeringen/?status=gedaan&thema=meldpunt&sorteer=titel",
        200,
        ".portal-investment",
    ),
    ("investment-list-invalid-filter", "/investeringen/?thema=bestaat-niet&status=misschien", 200, "[role=alert]"),
    ("intervention-list", "/interventies/", 200, ".portal-card"),
    ("intervention-detail", "/interventies/compaan/", 200, ".portal-investment"),
    ("lesson-list", "/lessen/", 200, "main a[href*='/lessen/']"),
    ("lesson-detail", "/lessen/verdiepingsslag-problematiek/", 200, ".portal-quote"),
    ("bottleneck-list", "/knelpunten/", 200, "main a[href*='/knelpunten/']"),
    ("bottleneck-detail", "/knelpunten/actief-duurzaam-netwerk/", 200, ".portal-tip"),
    ("compare", "/vergelijken/", 200, "table"),
    ("search-results", "/zoeken/?q=compaan", 200, "main section h3"),
    ("search-too-long", f"/zoeken/?q={TOO_LONG_QUERY}", 400, "#search-q-error"),
    ("about", "/over/", 200, "h1"),
    ("accessibility-statement", "/toegankelijkheid/", 200, "h1"),
    ("privacy", "/privacy/", 200, "h1"),
    ("contact", "/contact/", 200, ".portal-contact a"),
    ("recent", "/recent/", 200, ".portal-recent a"),
    ("tips-words", "/tips/?q=compaan", 200, ".portal-tip"),
    ("search-corrected", "/zoeken/?q=eenzaamhied", 200, "main section h3"),
    ("compare-unknown-name", "/vergelijken/?gemeente=heerlen&gemeente=atlantis", 200, "[role=alert]"),
    ("open-data", "/open-data/", 200, "main a[href$='.json']"),
    ("not-found", "/bestaat-niet/", 404, "h1"),
]


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 1280px at 400% zoom


def _open(page, url, status, selector):
    response = page.goto(url)
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    # Without this the page could be an empty shell that passes axe for the wrong reason.
    assert page.locator(selector).first.is_visible(), f"{url} does not show {selector!r}"


def _sideways_overflow(page):
    """How far the page itself scrolls sideways; data tables scroll inside their own region instead."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize(("path", "status", "selector"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_page_has_no_axe_violations(page, site, check_axe, path, status, selector):
    problems = []
    for language, prefix in LANGUAGE_PREFIXES.items():
        page.set_viewport_size(DESKTOP)
        _open(page, f"{site}{prefix}{path}", status, selector)
        assert page.locator("html").get_attribute("lang") == language
        if report := check_axe(page):
            problems.append(report)
        page.set_viewport_size(NARROWEST)
        if (overflow := _sideways_overflow(page)) > 0:
            problems.append(f"{page.url} scrolls sideways by {overflow}px at 320px wide (WCAG 1.4.10)")
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize(
    ("path", "selector"),
    [("/", "h1"), ("/investeringen/", ".portal-filter-fold > summary"), ("/gemeenten/delft/", ".portal-investment")],
    ids=["home", "investment-list", "municipality-detail"],
)
def test_page_has_no_axe_violations_on_a_phone(page, site, check_axe, path, selector):
    page.set_viewport_size(PHONE)
    problems = []
    for prefix in LANGUAGE_PREFIXES.values():
        _open(page, f"{site}{prefix}{path}", 200, selector)
        if report := check_axe(page):
            problems.append(report)
        if (overflow := _sideways_overflow(page)) > 0:
            problems.append(f"{page.url} scrolls sideways by {overflow}px at 375px wide (WCAG 1.4.10)")
    assert not problems, "\n\n".join(problems)


def test_axe_run_reports_a_known_violation(page, check_axe):
    """Guards the set-up above: a misconfigured axe run (say, a wrong tag) would pass every page."""
    page.set_content('<html><body><main><img src="x.png"><p style="color:#bbb">grijs</p></main></body></html>')
    report = check_axe(page)
    for rule in ("html-has-lang", "image-alt", "color-contrast"):
        assert rule in report
