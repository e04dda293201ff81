"""Issue 23 on a phone (360×780) and for WCAG 2.2 AA: no page scrolls sideways, chart text stays at
12 px or more, tables fit or scroll inside a visibly hinted region, controls are at least 24×24 px
(2.5.8), the focused element is never hidden under something sticky (2.4.11), the search page has a
skip link to its results, long pages have a contents list, the printed comparison keeps its darkest
numbers legible; and the new pages have zero axe violations (wcag22aa) in Dutch and English."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
LANGUAGES = ("", "/en")
PAGES = [
    "/",
    "/gemeenten/",
    "/gemeenten/haarlemmermeer/",
    "/investeringen/",
    "/interventies/",
    "/interventies/compaan/",
    "/lessen/",
    "/knelpunten/",
    "/tips/?q=compaan",
    "/citaten/",
    "/vergelijken/?gemeente=heerlen&gemeente=delft&gemeente=amsterdam&gemeente=rotterdam&gemeente=baarn",
    "/zoeken/?q=netwerk",
    "/zoeken/?q=dordrecht",
    "/rondes/2019/",
    "/recent/",
    "/contact/",
    "/over/",
    "/toegankelijkheid/",
]
# Pages new or changed by issue 23, checked with axe in both languages.
AXE_PAGES = [
    "/",
    "/gemeenten/haarlemmermeer/",
    "/zoeken/?q=maatje",
    "/zoeken/?q=eenzaamhied",
    "/zoeken/?q=dordrecht",
    "/recent/",
    "/contact/",
    "/over/",
    "/toegankelijkheid/",
    "/tips/?q=compaan",
    "/citaten/?q=netwerk",
    "/vergelijken/?gemeente=heerlen&gemeente=atlantis",
    "/interventies/",
]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# The rendered size of chart text: an SVG's text is scaled with its viewBox, so its CSS font size says
# nothing; the height of its box on screen does. HTML chart text is measured by its computed size.
CHART_TEXT = """() => {
  const sizes = [];
  for (const text of document.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    if (box.width && box.height) sizes.push(['svg', text.textContent.trim(), box.height / 1.2]);
  }
  for (const chart of document.querySelectorAll('.portal-bar-chart, .portal-round-figure')) {
    for (const element of chart.querySelectorAll('*')) {
      if (element.closest('svg') || !element.childNodes.length) continue;
      const own = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
      if (own && element.getClientRects().length)
        sizes.push(['html', element.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(element).fontSize)]);
    }
  }
  return sizes;
}"""

# A table wider than its space must sit in a scroll region that the keyboard reaches and that shows
# it can scroll (the edge shadows of .portal-table-scroll).
TABLES = """() => [...document.querySelectorAll('table')].filter(t => t.checkVisibility()).map(table => {
  const region = table.closest('.portal-table-scroll');
  const space = (region || table.parentElement).clientWidth;
  return {
    caption: (table.caption && table.caption.textContent.trim()) || table.className,
    overflows: table.scrollWidth > space + 1,
    region: !!region,
    focusable: !!region && region.tabIndex === 0,
    hint: !!region && getComputedStyle(region).backgroundImage.includes('gradient'),
  };
})"""

# WCAG 2.5.8: controls (not links inside sentences, which the criterion exempts) at least 24×24.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, select, input:not([type=hidden]), summary, .portal-facet, .portal-nav a, '
    + '.utrecht-pagination a, .portal-toc a')]
  .filter(element => element.getClientRects().length && getComputedStyle(element).visibility !== 'hidden')
  .map(element => {
    const box = element.getBoundingClientRect();
    const target = element.closest('label') || element;
    const label = element.id && document.querySelector(`label[for="${element.id}"]`);
    // A checkbox with its label is one target: the label enlarges it.
    const union = label ? label.getBoundingClientRect() : box;
    const width = Math.max(box.right, union.right) - Math.min(box.left, union.left);
    const height = Math.max(box.bottom, union.bottom) - Math.min(box.top, union.top);
    return [element.outerHTML.slice(0, 80), Math.round(width), Math.round(height)];
  })
  .filter(([, width, height]) => width < 24 || height < 24)"""


def _goto(page, url):
    response = page.goto(url)
    assert response.status == 200, url


def test_on_a_phone_no_page_scrolls_sideways_and_chart_text_stays_readable(page, site):
    page.set_viewport_size(PHONE)
    problems = []
    for prefix in LANGUAGES:
        for path in PAGES:
            _goto(page, f"{site}{prefix}{path}")
            if (sideways := page.evaluate(SIDEWAYS)) > 0:
                problems.append(f"{prefix}{path}: the page scrolls {sideways}px sideways")
            for kind, text, size in page.evaluate(CHART_TEXT):
                if size < 12:
                    problems.append(f"{prefix}{path}: {kind} chart text ‘{text}’ at {size:.1f}px")
            for table in page.evaluate(TABLES):
                if table["overflows"] and not (table["region"] and table["focusable"] and table["hint"]):
                    problems.append(f"{prefix}{path}: table ‘{table['caption']}’ overflows without a hinted region")
    assert not problems, "\n".join(problems)


def test_the_home_chart_is_a_list_with_its_numbers_as_text(page, site):
    page.set_viewport_size(PHONE)
    _goto(page, f"{site}/")
    rows = page.locator(".portal-bar-chart__row")
    assert rows.count() > 5
    first = rows.first
    label = first.locator(".portal-bar-chart__label").bounding_box()
    bar = first.locator(".portal-bar-chart__bar").bounding_box()
    assert bar["y"] >= label["y"] + label["height"] - 1, "on a phone the label stands above its bar"
    assert bar["width"] > 100
    assert page.locator("svg text").count() == 0


def test_controls_are_at_least_24_by_24_pixels(page, site):
    problems = []
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        for path in ("/", "/zoeken/?q=netwerk", "/tips/", "/gemeenten/haarlemmermeer/", "/vergelijken/", "/recent/"):
            _goto(page, f"{site}{path}")
            problems += [
                f"{viewport['width']} {path}: {html} is {w}×{h}" for html, w, h in page.evaluate(SMALL_TARGETS)
            ]
    assert not problems, "\n".join(problems)


def test_the_focused_element_is_never_hidden_under_a_sticky_part(page, site):
    """WCAG 2.4.11: tab through the first controls of long pages; the middle of each focused element
    must show that element (not a sticky header or column laid over it)."""
    covered = []
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        for path in (
            "/gemeenten/haarlemmermeer/",
            "/vergelijken/?gemeente=heerlen&gemeente=delft",
            "/zoeken/?q=netwerk",
        ):
            _goto(page, f"{site}{path}")
            for _ in range(40):
                page.keyboard.press("Tab")
                hidden = page.evaluate(
                    """() => {
                      const element = document.activeElement;
                      if (!element || element === document.body) return null;
                      const box = element.getBoundingClientRect();
                      if (!box.width || !box.height) return null;
                      const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
                      const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
                      const top = document.elementFromPoint(x, y);
                      const shown = top && (element.contains(top) || top.contains(element)
                        || top.closest('label[for="' + element.id + '"]'));
                      if (shown) return null;
                      return element.outerHTML.slice(0, 80) + ' under ' + (top ? top.outerHTML.slice(0, 60) : '-');
                    }"""
                )
                if hidden:
                    covered.append(f"{viewport['width']} {path}: {hidden}")
    assert not covered, "\n".join(covered)


def test_the_search_page_has_a_skip_link_to_its_results(page, site):
    page.set_viewport_size(PHONE)
    for prefix, label in (("", "Direct naar de resultaten"), ("/en", "Skip to the results")):
        _goto(page, f"{site}{prefix}/zoeken/?q=netwerk")
        page.locator("#search-q").focus()
        page.keyboard.press("Tab")  # the search button
        page.keyboard.press("Tab")
        link = page.locator(".portal-skip-to-results")
        assert page.evaluate("document.activeElement.classList.contains('portal-skip-to-results')")
        assert link.is_visible() and link.inner_text() == label
        box = link.bounding_box()
        assert box["height"] >= 24
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "resultaten"
        # The next Tab lands on the first result, not on a facet.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('section[aria-labelledby^=group-]') !== null")


def test_a_long_page_has_a_contents_list_that_leads_to_its_sections(page, site):
    page.set_viewport_size(PHONE)
    _goto(page, f"{site}/gemeenten/haarlemmermeer/")
    toc = page.locator("nav.portal-toc")
    assert toc.is_visible()
    targets = toc.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert {"#situatie", "#gedaan", "#gepland", "#tips"} <= set(targets)
    for target in targets:
        assert page.locator(target).count() == 1, target
    toc.locator("a[href='#tips']").click()
    assert page.evaluate("document.querySelector('#tips').getBoundingClientRect().top") < 200


def test_the_printed_comparison_keeps_its_darkest_numbers_legible(page, site):
    _goto(page, f"{site}/vergelijken/")
    page.emulate_media(media="print")
    colours = page.evaluate(
        """() => [...document.querySelectorAll('.portal-heatmap td :is(.portal-heat--3, .portal-heat--4)')].map(
             cell => [getComputedStyle(cell).color, getComputedStyle(cell).fontWeight])"""
    )
    assert colours, "the comparison has no dark cells to print"
    assert all(colour == "rgb(0, 0, 0)" and int(weight) >= 700 for colour, weight in colours), colours


def test_new_and_changed_pages_have_no_axe_violations_in_both_languages(page, site, check_axe):
    problems = []
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        for prefix in LANGUAGES:
            for path in AXE_PAGES:
                _goto(page, f"{site}{prefix}{path}")
                if report := check_axe(page):
                    problems.append(report)
    assert not problems, "\n\n".join(problems)


def test_the_comparison_names_are_all_in_view_and_shortened_by_typing(page, site, check_axe):
    page.set_viewport_size(PHONE)
    _goto(page, f"{site}/vergelijken/")
    boxes = page.locator("input[name=gemeente]")
    assert boxes.count() == 16
    assert all(boxes.nth(index).is_visible() for index in range(16)), "no name is folded away"
    page.locator("#gemeente-filter").fill("haar")
    visible = [boxes.nth(index).get_attribute("value") for index in range(16) if boxes.nth(index).is_visible()]
    assert visible == ["haarlem", "haarlemmermeer"]
    page.locator("label[for=gemeente-haarlemmermeer]").click()
    page.locator("#gemeente-filter").fill("zzz")
    assert page.locator("#comparison-filters [role=status]").inner_text() == "Geen gemeente met die naam."
    assert not check_axe(page)
    page.locator("#gemeente-filter").fill("")
    page.locator("label[for=gemeente-heerlen]").click()
    page.locator("#comparison-filters button[type=submit]").click()
    assert "gemeente=haarlemmermeer" in page.url and "gemeente=heerlen" in page.url


COMPARED = "/vergelijken/?gemeente=heerlen&gemeente=delft&gemeente=amsterdam&gemeente=rotterdam&gemeente=baarn"
FIGURES = "&indicator=eenzaam&indicator=inwoners&jaar=2020"
# The narrow views and the figure columns (issues 22 and 23), checked with axe in both languages.
ONE_AT_A_TIME = [
    f"{COMPARED}&weergave=thema&toon=training",
    f"{COMPARED}&weergave=gemeente&toon=heerlen{FIGURES}",
    f"{COMPARED}{FIGURES}",
]
# Text in the narrow table, by its computed size.
TABLE_TEXT = """() => [...document.querySelectorAll('.portal-compare-single th, .portal-compare-single td')]
  .map(cell => parseFloat(getComputedStyle(cell).fontSize))"""


def _load_figures():
    """The RIVM and CBS figures into the live server's database, when the reference data is there."""
    from core import reference_data
    from indicators import loaders, services

    if reference_data.available(loaders.RIVM_FILE):
        rows = loaders.rivm_rows(reference_data.read_csv(loaders.RIVM_FILE))
        rows += loaders.cbs_regional_rows(reference_data.read_csv(loaders.CBS_REGIONAL_FILE))
        services.replace_values(rows, services.define_all())


def test_on_a_phone_the_comparison_shows_one_theme_or_one_municipality_at_a_time(
    browser, page, site, axe_in_both_languages
):
    _load_figures()
    # Without JavaScript: plain forms that carry the choice along.
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    phone = context.new_page()
    try:
        _goto(phone, f"{site}{COMPARED}")
        assert phone.locator(".portal-compare-view").is_visible()
        phone.select_option("#toon-thema", "training")
        phone.get_by_role("button", name="Toon dit thema").click()
        phone.wait_for_url(re.compile(r"weergave=thema&toon=training"))
        assert "gemeente=baarn" in phone.url
        single = phone.locator(".portal-compare-single")
        assert single.is_visible() and single.locator("tbody tr").count() == 5
        assert not phone.locator(".portal-compare--narrow").is_visible()

        phone.select_option("#toon-gemeente", "heerlen")
        phone.get_by_role("button", name="Toon deze gemeente").click()
        phone.wait_for_url(re.compile(r"weergave=gemeente&toon=heerlen"))
        assert "Heerlen" in single.locator("caption").inner_text()
    finally:
        context.close()

    # The narrow table fits, in both languages: no sideways scrolling, of the page or inside its region.
    page.set_viewport_size(PHONE)
    for prefix in ("", "/en"):
        for path in ONE_AT_A_TIME[:2]:
            _goto(page, f"{site}{prefix}{path}")
            assert page.evaluate(SIDEWAYS) <= 0, path
            fits = "table => table.scrollWidth <= table.closest('.portal-table-scroll').clientWidth + 1"
            assert page.locator(".portal-compare-single").evaluate(fits), f"{prefix}{path}"
            assert min(page.evaluate(TABLE_TEXT)) >= 12, f"{prefix}{path}"

    # On a wide screen the full matrix stays as it was, without the switch.
    page.set_viewport_size({"width": 1280, "height": 900})
    _goto(page, f"{site}{COMPARED}")
    assert page.locator(".portal-compare--wide").is_visible() and not page.locator(".portal-compare-view").is_visible()

    page.set_viewport_size(PHONE)
    problems = axe_in_both_languages(page, site, ONE_AT_A_TIME)
    assert not problems, problems
