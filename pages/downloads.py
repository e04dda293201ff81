"""Downloads of what a page shows.

- `selection_downloads`: "Download deze selectie" on a list: the open-data files with the list's
  current filters. A page and its dataset share filter names (`gemeente`, `thema`, ...), so the
  download is the open-data URL with the same query. Only filters that the form accepted travel
  along: the page ignores an invalid value, and the file must hold the same selection instead of
  answering 400. Page-only parameters (`pagina`, `sorteer`) stay behind.
- `table_download`: a table the page computes (the comparison matrix), as CSV or XLSX, exactly the
  numbers the page shows.
"""

import csv
import io
import zipfile
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import ReproducibleZipFile, spreadsheet_text

# The spreadsheet first, for people: a CSV opened by double-click in a Dutch Excel shows one column
# and garbled accents, so the CSV is labelled as the file for software.
FORMATS = (
    ("xlsx", "XLSX", _("voor Excel of een ander rekenprogramma")),
    ("csv", "CSV", _("voor software: UTF-8, met komma's; niet om in Excel te openen")),
)


def selection_downloads(dataset: str, form, filter_names=None) -> dict:
    """The download links of `dataset` with the form's valid values of `filter_names` (by default
    the form's own `filter_names`, in the order the form shows them)."""
    if filter_names is None:
        filter_names = [name for name in form.fields if name in form.filter_names]
    query = {}
    if form.is_bound:
        form.is_valid()  # cached by the form; a field with an error is absent from cleaned_data
        for name in filter_names:
            if form.cleaned_data.get(name) not in (None, ""):
                query[name] = form.data[name].strip()
    encoded = urlencode(query)
    return {
        "is_filtered": bool(query),
        "label": _("Download deze selectie") if query else _("Download alles"),
        "files": [
            {
                "url": reverse("open_data_file", kwargs={"name": dataset, "extension": extension})
                + (f"?{encoded}" if encoded else ""),
                "label": label,
                "hint": hint,
                "extension": extension,
            }
            for extension, label, hint in FORMATS
        ],
    }


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows]:
        writer.writerow([spreadsheet_text(value) for value in row])
    # With a byte-order mark, Excel reads the Dutch names (Fryslân, ‘…’) as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# The smallest package a spreadsheet opens: a workbook with one sheet, text as inline strings.
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xlsx(title, header, rows) -> bytes:
    """The table as XLSX, written directly: openpyxl's per-cell objects cost most of the download's
    time for a comparison of forty municipalities. Text is an inline string (`t="inlineStr"`), so a
    spreadsheet never runs it as a formula, and is written as the CSV writes it (a formula neutralised,
    no control character, which XML forbids); numbers are numbers; the first row and column stay in
    view. The same table gives the same bytes (core.spreadsheets.ReproducibleZipFile).
    """
    sheet_rows = []
    for number, row in enumerate([header, *rows], start=1):
        cells = []
        for index, value in enumerate(row):
            reference = f"{_column_letter(index)}{number}"
            if isinstance(value, bool) or not isinstance(value, int | float):
                text = escape(spreadsheet_text(str(value)))
                cells.append(f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            else:
                cells.append(f'<c r="{reference}"><v>{value}</v></c>')
        sheet_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
        '<selection pane="bottomRight"/></sheetView></sheetViews>'
        f"<sheetData>{''.join(sheet_rows)}</sheetData></worksheet>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(title[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with ReproducibleZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**_XLSX_PARTS, "xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def table_download(name, extension, header, rows) -> HttpResponse:
    body = _csv(header, rows) if extension == "csv" else _xlsx(name, header, rows)
    response = HttpResponse(body, content_type=MEDIA_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
