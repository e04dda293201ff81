"""The comparison people can drive (issue 23): an unknown name is named above the choice and the
known ones are still compared, every municipality page links to it, and the XLSX has a bold header,
column widths and a line saying where the figures come from."""

import io
import re

import pytest
from openpyxl import load_workbook

from municipalities.models import Municipality

from .helpers import get

pytestmark = pytest.mark.django_db


def _columns(html):
    wide = html.split('id="theme-matrix-caption"', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col"><a href="/gemeenten/[^"]+/">([^<]+)</a></th>', wide)


def _alert(html):
    match = re.search(r'<div class="utrecht-alert utrecht-alert--error" role="alert"><p>(.*?)</p></div>', html)
    return match.group(1) if match else ""


def test_an_unknown_name_is_named_and_the_known_ones_are_compared(client):
    html = get(client, "/vergelijken/?gemeente=heerlen&gemeente=atlantis&gemeente=delft")

    assert _columns(html) == ["Delft", "Heerlen"]
    assert "Deze gemeente kennen we niet: ‘atlantis’. Die is weggelaten" in _alert(html)
    # The choice is unfolded, with the known names still ticked.
    assert '<details class="portal-compare-choice" open>' in html
    assert 'value="heerlen" id="gemeente-heerlen" checked' in html


def test_only_unknown_names_are_said_so_and_escaped(client):
    html = get(client, "/vergelijken/?gemeente=%3Cscript%3Ex&gemeente=nergens")
    alert = _alert(html)
    assert "Deze gemeenten kennen we niet: ‘&lt;script&gt;x’, ‘nergens’" in alert
    assert "<script>x" not in html
    assert "We do not know this municipality: ‘nergens’" in _alert(get(client, "/en/vergelijken/?gemeente=nergens"))


def test_every_municipality_page_links_to_the_comparison(client):
    for municipality in Municipality.objects.published():
        html = get(client, municipality.get_absolute_url())
        assert f'href="/vergelijken/?gemeente={municipality.slug}"' in html, municipality.slug
    html = get(client, "/vergelijken/?gemeente=heerlen")
    assert _columns(html) == ["Heerlen"]


def test_the_xlsx_has_a_bold_frozen_header_widths_and_a_source_line(client):
    response = client.get("/vergelijken/?gemeente=heerlen&gemeente=delft&formaat=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active

    assert sheet.freeze_panes == "B2"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    # The theme column fits its longest label; the municipality columns fit their names.
    table = sheet.iter_rows(min_row=2, max_row=sheet.max_row - 2)  # without the source line
    longest_theme = max(len(str(row[0].value)) for row in table)
    assert sheet.column_dimensions["A"].width >= min(longest_theme, 50)
    assert sheet.column_dimensions["B"].width >= len("Delft")
    last = sheet.cell(row=sheet.max_row, column=1).value
    assert last.startswith("Bron: http://testserver/vergelijken/, op basis van Movisie (2019)")
    assert sheet.cell(row=sheet.max_row, column=1).font.i
    assert sheet.cell(row=sheet.max_row - 1, column=1).value is None  # an empty row before it


def test_the_csv_stays_the_table_alone(client):
    text = client.get("/vergelijken/?gemeente=heerlen&formaat=csv").content.decode("utf-8-sig")
    assert "Bron:" not in text
    assert text.splitlines()[0].startswith("Thema,")
