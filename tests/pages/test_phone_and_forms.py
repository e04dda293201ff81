"""Phone and forms: sortable columns and pagination on /gemeenten/, filters folded behind a summary that
counts the active ones, the phone menu's button, a labelled header search, chevrons on selects and
hyphenation instead of mid-word breaks."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from municipalities.models import Municipality
from tests.pages.helpers import get


def _table_names(html):
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', tbody)


def _header(html, label):
    match = re.search(
        r'<th scope="col" aria-sort="(\w+)"[^>]*><a class="portal-sort-link" href="([^"]+)">' + label, html
    )
    assert match, f"no sortable header {label}"
    return match.group(1), match.group(2).replace("&amp;", "&")


@pytest.mark.django_db
def test_the_municipality_table_sorts_by_name_by_default_and_says_so(client):
    html = get(client, "/gemeenten/")
    names = _table_names(html)
    assert names == sorted(names) and len(names) == 16
    assert _header(html, "Gemeente") == ("ascending", "?sorteer=-naam")
    assert _header(html, "Gedaan")[0] == "none"


@pytest.mark.django_db
def test_a_header_link_sorts_descending_and_by_numbers(client):
    html = get(client, "/gemeenten/?sorteer=-naam")
    assert _table_names(html) == sorted(_table_names(html), reverse=True)
    assert _header(html, "Gemeente")[0] == "descending"

    html = get(client, "/gemeenten/?sorteer=-gedaan")
    expected = sorted(
        Municipality.objects.published(),
        key=lambda m: (-m.investments.filter(status="completed", publication_status="published").count(), m.name),
    )
    assert _table_names(html) == [m.name for m in expected]
    assert _header(html, "Gedaan")[0] == "descending"


@pytest.mark.django_db
def test_sort_links_keep_the_filters_and_start_at_page_one(client):
    html = get(client, "/gemeenten/?provincie=zuid-holland&pagina=1&sorteer=naam")
    _aria, url = _header(html, "Provincie")
    assert "provincie=zuid-holland" in url and "sorteer=provincie" in url and "pagina" not in url


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["bestaat-niet", "-", "--naam", "naam;drop", "x" * 300])
def test_an_unknown_sort_is_ignored_not_an_error(client, value):
    html = get(client, f"/gemeenten/?sorteer={value}")
    names = _table_names(html)
    assert names == sorted(names) and len(names) == 16


@pytest.mark.django_db
def test_a_long_municipality_list_is_paginated_and_the_map_keeps_every_one(client, grow):
    grow(10)  # 150 more municipalities
    total = Municipality.objects.published().count()
    first = get(client, "/gemeenten/")
    assert len(_table_names(first)) == 50
    assert f"{total} gemeenten" in first
    assert 'rel="next"' in first and "pagina=2" in first
    last = get(client, "/gemeenten/?sorteer=-naam&pagina=9999")
    assert len(_table_names(last)) == total - 50 * ((total - 1) // 50)
    # The pagination links keep the order.
    assert "sorteer=-naam&amp;pagina=" in last


@pytest.mark.django_db
def test_the_filter_summary_counts_the_active_filters(client):
    assert "<summary>Filters</summary>" in get(client, "/investeringen/")
    assert "<summary>Filters (2 actief)</summary>" in get(client, "/investeringen/?thema=training&status=gedaan")
    # The order is not a filter, and an invalid value is ignored, so it is not counted either.
    assert "<summary>Filters (1 actief)</summary>" in get(client, "/investeringen/?thema=training&sorteer=titel")
    assert "<summary>Filters (1 actief)</summary>" in get(client, "/investeringen/?thema=training&doelgroep=nee")
    assert "<summary>Filters (1 actief)</summary>" in get(client, "/gemeenten/?thema=training")
    assert "<summary>Filters (2 active)</summary>" in get(client, "/en/investeringen/?thema=training&status=gedaan")
    html = get(client, "/investeringen/")
    assert '<details class="portal-filter-fold" open data-fold-on-phone>' in html


@pytest.mark.django_db
def test_the_header_has_a_labelled_search_with_a_placeholder_and_a_menu_button(client):
    html = get(client, "/")
    assert '<label class="portal-visually-hidden" for="site-search">' in html
    assert 'placeholder="Zoek op woord, gemeente of thema"' in html
    # Hidden without JavaScript (the menu is then simply open); portal.js shows it on a phone.
    assert re.search(
        r'<button class="portal-nav__toggle" type="button" aria-expanded="true" aria-controls="main-menu" hidden>', html
    )
    assert '<ul id="main-menu">' in html
    assert re.search(r'<script src="[^"]*js/portal\.js" defer></script>', html)


def _css(name):
    return (Path(settings.BASE_DIR) / "static" / "css" / name).read_text()


def test_selects_have_a_chevron_and_words_break_with_hyphens():
    assert "--utrecht-select-background-image: url(" in _css("theme.css")
    portal = _css("portal.css")
    assert re.search(r"\.portal-main, \.portal-footer \{ hyphens: auto; -webkit-hyphens: auto;", portal)
    # Ordinary text never breaks anywhere: only break-word, which yields to every hyphenation point.
    assert "word-break: break-all" not in portal
    # Addresses and codes break anywhere, without hyphens. The narrow comparison's row names may too,
    # as a last resort after every hyphenation point: a table cell's minimum width ignores break-word,
    # and one long theme name would otherwise push the table past 360 px.
    assert re.findall(r"overflow-wrap: anywhere[^}]*", portal) == [
        "overflow-wrap: anywhere; hyphens: manual; ",
        "overflow-wrap: anywhere; hyphens: auto; ",
    ]
    assert ".portal-compare-single tbody th, .portal-compare-figures tbody th { overflow-wrap: anywhere;" in portal
