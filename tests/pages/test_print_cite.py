"""Every content page prints with the portal's name, its own address, a date and the source line,
and offers a print button and a "Citeer deze pagina" block whose buttons work without inline script."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CONTENT_PAGES = [
    "/",
    "/gemeenten/",
    "/gemeenten/delft/",
    "/investeringen/?thema=meldpunt",
    "/interventies/",
    "/interventies/compaan/",
    "/lessen/",
    "/lessen/verdiepingsslag-problematiek/",
    "/knelpunten/",
    "/knelpunten/actief-duurzaam-netwerk/",
    "/tips/",
    "/citaten/",
    "/vergelijken/",
    "/zoeken/?q=compaan",
    "/over/",
    "/open-data/",
    "/toegankelijkheid/",
    "/privacy/",
]
SOURCE = (
    "Bron: Movisie (2019). Eindrapport onderzoek naar de decentralisatie-uitkering voor de lokale aanpak "
    "van eenzaamheid in zestien gemeenten."
)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _print_header(html):
    return html.split('class="portal-print-only portal-print-header"')[1].split("</div>")[0]


def _cite_block(html):
    return html.split('aria-labelledby="cite-title"')[1].split("</aside>")[0]


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_content_page_prints_portal_url_date_and_source(client, url):
    html = _get(client, url)
    header = _print_header(html)
    assert "Lokale aanpak eenzaamheid" in header
    assert unescape(header).count(f"http://testserver{url}") == 1
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}" data-today>\d{1,2} \w+ \d{4}</time>', header)
    assert SOURCE in unescape(header)


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_content_page_has_citation_and_buttons(client, url):
    html = _get(client, url)
    title = unescape(re.search(r"<title>(.*?) · Lokale aanpak eenzaamheid</title>", html).group(1))
    block = _cite_block(html)
    assert "Citeer deze pagina" in block
    citation = unescape(re.sub(r"<[^>]+>", "", re.search(r'id="citation-text">(.*?)</p>', block, re.DOTALL).group(1)))
    assert citation.startswith(f"{title}. Lokale aanpak eenzaamheid. http://testserver{url} (geraadpleegd op ")
    assert citation.endswith("Bron: Movisie (2019).")
    # Both buttons wait for the script (hidden until it runs); the copy result is announced.
    assert re.search(
        r'<button type="button"[^>]*data-copy-target="citation-text"[^>]*hidden>Kopieer citaat</button>', block
    )
    assert re.search(r'<button type="button"[^>]*data-print hidden>Print deze pagina</button>', block)
    assert 'role="status" aria-live="polite" data-copy-status' in block


def test_english_page_cites_and_prints_in_english(client):
    html = _get(client, "/en/gemeenten/delft/")
    assert "Cite this page" in html and "Copy citation" in html and "Print this page" in html
    assert "retrieved on" in _cite_block(html)
    assert "http://testserver/en/gemeenten/delft/" in _print_header(html)
    assert "Page generated on" in _print_header(html)
    assert 'data-print-label="Printed on"' in _print_header(html)


def test_pages_carry_no_inline_script(client):
    for url in ("/", "/tips/", "/gemeenten/delft/"):
        html = _get(client, url)
        scripts = re.findall(r"<script([^>]*)>", html)
        # Only files of our own, never a script written into the page.
        assert ' src="/static/js/print-cite.js" defer' in scripts
        assert all(re.fullmatch(r' src="/static/js/[\w.-]+\.js" defer', script) for script in scripts), scripts
        assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_error_page_has_no_citation(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Citeer deze pagina" not in response.content.decode()


def test_print_stylesheet_shows_the_header_only_on_paper():
    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text()
    screen, printed = css.split("@media print {", 1)
    assert ".portal-print-only { display: none; }" in screen
    assert ".portal-print-only { display: block; }" in printed
    # The citation block and its buttons stay off paper.
    assert (
        'class="portal-cite portal-no-print"'
        in (Path(settings.BASE_DIR) / "templates/includes/print_and_cite.html").read_text()
    )


def test_script_wires_copy_print_and_the_date():
    script = (Path(settings.BASE_DIR) / "static/js/print-cite.js").read_text()
    assert "navigator.clipboard.writeText" in script
    assert "window.print()" in script
    assert '"beforeprint"' in script
    assert "[data-copy-status]" in script
