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
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from core.spreadsheets import neutralise_formula

FORMATS = (("csv", "CSV"), ("xlsx", "XLSX"))


def selection_downloads(dataset: str, form, filter_names) -> dict:
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
                "extension": extension,
            }
            for extension, label in FORMATS
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
        writer.writerow([neutralise_formula(value) for value in row])
    # With a byte-order mark, Excel reads the Dutch names (Fryslân, ‘…’) as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(title, header, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "B2"
    for row in [header, *rows]:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_download(name, extension, header, rows) -> HttpResponse:
    body = _csv(header, rows) if extension == "csv" else _xlsx(name, header, rows)
    response = HttpResponse(body, content_type=MEDIA_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
