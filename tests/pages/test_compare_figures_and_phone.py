"""/vergelijken/ with RIVM and CBS figures as extra columns (issue 22 item 5), and one theme or one
municipality at a time for a phone (issue 23 item 2), both plain GET forms that work without JavaScript."""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import reference_data

from .helpers import get, measured, public_counts

pytestmark = pytest.mark.django_db

FIGURES = "/vergelijken/?gemeente=heerlen&gemeente=eemsdelta&indicator=eenzaam&jaar=2020"


def _table(html, marker):
    start = html.index(marker)
    return html[start : html.index("</table>", start)]


def _cells(row_html):
    return re.findall(r'<td class="portal-number[^"]*">([^<]*)</td>', row_html)


def _rivm(code, age):
    path = reference_data.folder() / "context" / "rivm_eenzaamheid_gemeente_2012_2016_2020.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        return next(
            r["eenzaam_pct"] for r in rows if r["gemeentecode"] == code and r["jaar"] == "2020" and r["leeftijd"] == age
        )


def test_figures_beside_the_municipalities_with_nederland_their_source_and_in_the_downloads(
    client, country, precomputed
):
    client.get(FIGURES)  # warm-up: the options are kept per content version
    queries, html = measured(client, FIGURES)
    assert queries <= 10

    table = _table(html, 'id="figure-matrix-caption"')
    assert re.findall(r'<th scope="col" class="portal-number">([^<]*)</th>', table) == [
        "Eenzaam, 18 jaar en ouder, 2020 (%)",
        "Eenzaam, 65 jaar en ouder, 2020 (%)",
    ]
    rows = dict(re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', table))
    heerlen = [_rivm("GM0917", age).replace(".", ",") for age in ("18+", "65+")]
    assert _cells(rows["Heerlen"]) == heerlen
    assert _cells(rows["Eemsdelta"]) == ["geen cijfer", "geen cijfer"]  # merged in 2021: no guess
    assert _cells(rows["Nederland (ter vergelijking)"]) == ["47,0", _rivm("NL01", "65+").replace(".", ",")]
    assert "Bron: RIVM/CBS StatLine 50090NED" in html and "CC BY 4.0" in html
    assert 'value="eenzaam" id="indicator-eenzaam" checked' in html
    english = get(client, "/en" + FIGURES)
    assert "Lonely, aged 18 and over, 2020 (%)" in english and "The Netherlands (for reference)" in english
    assert "Small-area model estimate by RIVM" in english  # the source line in the page's language

    # The downloads: the columns they always had, then a row per figure and Nederland at the end.
    lines = list(csv.reader(io.StringIO(client.get(FIGURES + "&formaat=csv").content.decode("utf-8-sig"))))
    assert lines[0] == ["Thema", "Eemsdelta", "Heerlen", "Totaal", "Nederland"]
    assert lines[-3][0] == "Totaal" and lines[-3][-1] == ""
    assert lines[-2] == ["Eenzaam, 18 jaar en ouder, 2020 (%)", "", heerlen[0].replace(",", "."), "", "47.0"]
    sheet = load_workbook(io.BytesIO(client.get(FIGURES + "&formaat=xlsx").content)).active
    figure_row = [cell.value for cell in sheet[len(lines) - 1]]
    assert figure_row[2] == float(Decimal(_rivm("GM0917", "18+"))) and figure_row[4] == 47.0
    assert "Cijfers: RIVM/CBS StatLine 50090NED" in sheet.cell(row=sheet.max_row, column=1).value


def test_without_figures_the_choice_says_so_and_an_asked_figure_is_skipped(client):
    html = get(client, "/vergelijken/?gemeente=heerlen&indicator=eenzaam")

    assert "De cijfers zijn niet geladen" in html
    assert "utrecht-form-field-error-message" in html and 'id="figure-matrix-caption"' not in html
    text = client.get("/vergelijken/?gemeente=heerlen&indicator=eenzaam&formaat=csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Thema,Heerlen,Totaal"


def _single(html):
    table = _table(html, 'id="single-caption"')
    headers = re.findall(r'<th scope="col" class="portal-number">([^<]*)</th>', table)
    rows = re.findall(r'<th scope="row"><a href="([^"]*)">([^<]+)</a></th>(.*?)</tr>', table)
    return headers, {label: [int(n) for n in _cells(cells)] for _url, label, cells in rows}


def test_one_theme_or_one_municipality_at_a_time(client):
    choice = "/vergelijken/?gemeente=heerlen&gemeente=delft&gemeente=westerveld"
    default = get(client, choice)
    # The full matrix as before; the switch carries the choice along in plain forms.
    assert 'class="portal-compare portal-compare--wide' in default and 'id="single-caption"' not in default
    switch = default[default.index('<div class="portal-compare-view') : default.index('id="theme-matrix-caption"')]
    assert switch.count('<input type="hidden" name="gemeente" value="heerlen">') == 2
    assert '<input type="hidden" name="weergave" value="thema">' in switch

    # One theme: a row per municipality, its completed and planned investments.
    html = get(client, choice + "&weergave=thema&toon=training")
    assert 'class="portal-compare portal-compare--wide' not in html
    headers, rows = _single(html)
    assert headers == ["Gedaan", "Gepland"]
    counts = public_counts("training")
    assert rows == {
        name: list(counts[slug])
        for slug, name in (("delft", "Delft"), ("heerlen", "Heerlen"), ("westerveld", "Westerveld"))
    }
    assert "Aantal investeringen in het thema ‘Training en deskundigheidsbevordering’" in html

    # One municipality: a row per theme; only its findings; counting what is done, one column.
    html = get(client, choice + "&weergave=gemeente&toon=heerlen&status=gedaan")
    headers, rows = _single(html)
    assert headers == ["Gedaan"] and rows["Training en deskundigheidsbevordering"] == [counts["heerlen"][0]]
    findings = _table(html, 'id="finding-matrix-caption"')
    assert re.findall(r'<th scope="col"><a href="/gemeenten/([\w-]+)/">', findings) == ["heerlen"]
    assert 'href="?gemeente=heerlen&amp;gemeente=delft&amp;gemeente=westerveld&amp;status=gedaan#themas"' in html

    # An unknown one: said so, and the first shown.
    html = get(client, choice + "&weergave=gemeente&toon=atlantis")
    assert "staat niet in deze vergelijking" in html
    assert "Aantal investeringen van Delft, per thema" in html
