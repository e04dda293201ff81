"""“Download deze selectie” on every list: the open-data files with the list's own filters, so the
file holds exactly what the page shows; and open data in the main menu."""

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _download_links(html):
    section = html.split('aria-labelledby="downloads-title"')[1].split("</section>")[0]
    return {ext: unescape(url) for url, ext in re.findall(r'href="([^"]+)" download data-download="(\w+)"', section)}


def _csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def _xlsx_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _count(html, noun):
    return int(re.search(rf'id="results-title"[^>]*>(\d+) {noun}', html).group(1))


@pytest.mark.parametrize(
    ("page", "expected_query"),
    [
        ("/investeringen/?status=gedaan&thema=meldpunt&sorteer=titel&pagina=1", "status=gedaan&thema=meldpunt"),
        ("/investeringen/?q=compaan&provincie=limburg", "q=compaan&provincie=limburg"),
        ("/investeringen/?doelgroep=ouderen&gemeente=heerlen", "doelgroep=ouderen&gemeente=heerlen"),
        # An invalid value is ignored by the page, so it stays out of the file's address too.
        ("/investeringen/?thema=bestaat-niet&status=gedaan", "status=gedaan"),
    ],
)
def test_investment_list_offers_its_selection(client, page, expected_query):
    links = _download_links(_get(client, page))
    assert links == {
        "csv": f"/open-data/investeringen.csv?{expected_query}",
        "xlsx": f"/open-data/investeringen.xlsx?{expected_query}",
    }


@pytest.mark.parametrize(
    "page", ["/investeringen/?status=gedaan&thema=meldpunt", "/investeringen/?q=compaan", "/investeringen/"]
)
def test_investment_download_holds_what_the_page_counts(client, page):
    html = _get(client, page)
    count = _count(html, "investering")
    links = _download_links(html)
    assert len(_csv_rows(client, links["csv"])) == count
    assert len(_xlsx_rows(client, links["xlsx"])) == count


def test_municipality_list_download_matches_the_table(client):
    html = _get(client, "/gemeenten/?provincie=noord-holland")
    names = re.findall(r'<th scope="row"><a href="/gemeenten/[^"]+">([^<]+)</a>', html)
    links = _download_links(html)
    assert links["csv"] == "/open-data/gemeenten.csv?provincie=noord-holland"
    assert sorted(row["naam"] for row in _csv_rows(client, links["csv"])) == sorted(names)
    assert sorted(row["naam"] for row in _xlsx_rows(client, links["xlsx"])) == sorted(names)

    html = _get(client, "/gemeenten/?thema=technologie")
    names = re.findall(r'<th scope="row"><a href="/gemeenten/[^"]+">([^<]+)</a>', html)
    assert 0 < len(names) < 16
    assert sorted(row["naam"] for row in _csv_rows(client, _download_links(html)["csv"])) == sorted(names)


@pytest.mark.parametrize(
    ("page", "dataset", "noun"),
    [
        ("/tips/?knelpunt=community-building", "tips", "tip"),
        ("/tips/?thema=samenwerking-netwerk", "tips", "tip"),
        ("/citaten/?les=verdiepingsslag-problematiek", "citaten", "cita"),
        ("/citaten/?gemeente=haarlemmermeer&knelpunt=actief-duurzaam-netwerk", "citaten", "cita"),
        ("/citaten/?thema=training", "citaten", "cita"),
    ],
)
def test_tip_and_quote_downloads_hold_the_selection(client, page, dataset, noun):
    html = _get(client, page)
    links = _download_links(html)
    assert links["csv"] == f"/open-data/{dataset}.csv?{page.split('?')[1]}"
    texts = sorted(unescape(t) for t in re.findall(r"<blockquote lang=\"nl\"><p>“(.*?)”</p>", html, re.DOTALL))
    assert texts
    assert sorted(row["tekst"] for row in _csv_rows(client, links["csv"])) == texts
    assert sorted(row["tekst"] for row in _xlsx_rows(client, links["xlsx"])) == texts


def test_unfiltered_list_offers_everything(client):
    html = _get(client, "/tips/")
    assert _download_links(html) == {"csv": "/open-data/tips.csv", "xlsx": "/open-data/tips.xlsx"}
    assert "Download alles" in html
    assert "Download deze selectie" in _get(client, "/tips/?gemeente=roermond")
    assert "Download this selection" in _get(client, "/en/tips/?gemeente=roermond")


def test_open_data_is_in_the_main_menu(client):
    for prefix in ("", "/en"):
        html = _get(client, f"{prefix}/")
        menu = html.split('class="portal-nav"')[1].split("</nav>")[0]
        assert f'href="{prefix}/open-data/"' in menu
    menu = _get(client, "/open-data/").split('class="portal-nav"')[1].split("</nav>")[0]
    assert 'href="/open-data/" aria-current="page"' in menu
