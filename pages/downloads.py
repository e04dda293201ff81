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
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
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
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    # Cell styles: 0 plain, 1 bold (the header row), 2 italic (the source line).
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font>'
        '<font><i/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_BOLD, _ITALIC = 1, 2
# Column widths in characters: wide enough for the longest value, never wider than a screen's third.
MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH = 8, 50


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xlsx(title, header, rows, source="") -> bytes:
    """The table as XLSX, written directly: openpyxl's per-cell objects cost most of the download's
    time for a comparison of forty municipalities. Text is an inline string (`t="inlineStr"`), so a
    spreadsheet never runs it as a formula, and is written as the CSV writes it (a formula neutralised,
    no control character, which XML forbids); numbers are numbers; the header row is bold, and it and
    the first column stay in view; each column is as wide as its longest value; `source`, if given,
    is a line below the table saying where the figures come from. The same table gives the same
    bytes (core.spreadsheets.ReproducibleZipFile).
    """

    def cell(reference, value, style=0):
        styled = f' s="{style}"' if style else ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            text = escape(spreadsheet_text(str(value)))
            return f'<c r="{reference}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
        return f'<c r="{reference}"{styled}><v>{value}</v></c>'

    sheet_rows = []
    widths = [MIN_COLUMN_WIDTH] * len(header)
    for number, row in enumerate([header, *rows], start=1):
        style = _BOLD if number == 1 else 0
        cells = [cell(f"{_column_letter(index)}{number}", value, style) for index, value in enumerate(row)]
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], min(MAX_COLUMN_WIDTH, len(str(value)) + 2))
        sheet_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    if source:
        number = len(rows) + 3  # one empty row between the table and its source
        sheet_rows.append(f'<row r="{number}">{cell(f"A{number}", source, _ITALIC)}</row>')
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
        '<selection pane="bottomRight"/></sheetView></sheetViews>'
        f"{f'<cols>{columns}</cols>' if columns else ''}"
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


def table_download(name, extension, header, rows, source="") -> HttpResponse:
    """The table as a CSV (for software: the table alone) or XLSX (for people: with `source`)."""
    body = _csv(header, rows) if extension == "csv" else _xlsx(name, header, rows, source)
    response = HttpResponse(body, content_type=MEDIA_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
