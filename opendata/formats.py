"""Writers for the open-data formats. Each takes a dataset's field names and rows (dicts)."""

import csv
import io
import json
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

LIST_SEPARATOR = "|"
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def flat_value(value):
    """A cell value: lists joined with |, tips written as ‘gemeente: tekst’, None as empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_flat_item(item) for item in value)
    return value


def _flat_item(item):
    if not isinstance(item, dict):
        return str(item)
    if "gemeente" in item:
        return f"{item['gemeente']}: {item['tekst']}"
    # A question of a round's questionnaire (rondes.vragen): its number and text; JSON has the topics.
    return f"{item['nummer']}. {item['vraag']}"


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def json_chunks(rows):
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def csv_chunks(field_names, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(field_names)
    yield take()
    for row in rows:
        writer.writerow([neutralise_formula(flat_value(row[name])) for name in field_names])
        yield take()


def xlsx_file(title, field_names, rows):
    """An XLSX workbook in a temporary file, written row by row (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(field_names)
    for row in rows:
        cells = []
        for name in field_names:
            value = flat_value(row[name])
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Typed as text: a value that looks like a formula is shown, never calculated.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
