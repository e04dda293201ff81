"""An XLSX under the size limits raised a web worker by hundreds of megabytes: the sheet declared
16,384 columns, and every row was read padded to that width. Reading now ignores the declared size
and keeps rows as wide as the header; a value beyond the header is refused, not dropped."""

import io
import re
import tracemalloc
import zipfile

import openpyxl
import pytest

from core.admin_base import FormulaAwareXLSX
from core.spreadsheets import UnreasonableSpreadsheet
from tests.workspace_helpers import ONDERZOEKER, make_user, page_text, post_import, snapshot, xlsx_bytes

ROWS = 500


def _declaring(content, reference):
    """The workbook with its sheet's declared size replaced by `reference`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{reference}"'.encode(), data)
            target.writestr(item, data)
    return out.getvalue()


def _workbook(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_declared_width_of_16384_columns_is_not_read():
    content = _declaring(_workbook([["titel", "tekst"]] + [[f"t{n}", "x"] for n in range(ROWS)]), "A1:XFD1048576")
    assert len(content) < 40 * 1024

    tracemalloc.start()
    try:
        dataset = FormulaAwareXLSX().create_dataset(content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert dataset.headers == ["titel", "tekst"]
    assert len(dataset) == ROWS and dataset[0] == ("t0", "x")
    # Padded to the declared width, these rows alone took 500 × 16,384 slots (about 65 MB).
    assert peak < 16 * 1024 * 1024


def test_a_short_row_is_filled_to_the_header():
    dataset = FormulaAwareXLSX().create_dataset(_workbook([["a", "b", "c"], ["1"], [None, None, "3"]]))

    assert list(dataset) == [("1", None, None), (None, None, "3")]


def test_a_value_beyond_the_header_is_refused():
    content = _workbook([["a", "b"], ["1", "2"], ["1", "2", None, "verstopt"]])

    with pytest.raises(UnreasonableSpreadsheet, match="Regel 3 heeft een waarde in een kolom zonder kopje"):
        FormulaAwareXLSX().create_dataset(content)


@pytest.mark.django_db
def test_the_admin_says_so_and_changes_nothing(client):
    client.force_login(make_user(ONDERZOEKER))
    before = snapshot()
    content = xlsx_bytes([{"titel": "x"}], columns=["titel"])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    workbook.active["C2"] = "verstopt"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = post_import(client, buffer.getvalue(), "xlsx")

    assert "Regel 2 heeft een waarde in een kolom zonder kopje" in page_text(response)
    assert snapshot() == before
