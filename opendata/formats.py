"""Writers for the open-data formats. Each takes a dataset's field names and rows (dicts)."""

import csv
import io
import itertools
import json
import operator
import tempfile
from collections.abc import Iterator
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import FORMULA_TRIGGERS, NEUTRALISER, neutralise_formula

LIST_SEPARATOR = "|"
# A spreadsheet shows a list in one cell; "; " reads better there than the CSV contract's "|".
XLSX_LIST_SEPARATOR = "; "
# Column widths (in characters) come from the first rows; beyond this width long text wraps.
XLSX_MAX_WIDTH = 60
XLSX_MIN_WIDTH = 8
XLSX_SAMPLE_ROWS = 500


def flat_value(value, separator=LIST_SEPARATOR):
    """A cell value: lists joined with |, tips written as ‘gemeente: tekst’, None as empty."""
    if value is None:
        return ""
    # Lists worked out once per content version are tuples (see opendata.datasets): written alike.
    if isinstance(value, (list, tuple)):
        try:
            return separator.join(value)  # most lists are names: no call per item
        except TypeError:  # not all text
            return separator.join(_flat_item(item) for item in value)
    return value


def _flat_item(item):
    if not isinstance(item, dict):
        return str(item)
    if "gemeente" in item:
        return f"{item['gemeente']}: {item['tekst']}"
    # A question of a round's questionnaire (rondes.vragen): its number and text; JSON has the topics.
    return f"{item['nummer']}. {item['vraag']}"


# Rows per chunk of a streamed file: one chunk per row costs the response more than the row itself.
ROWS_PER_CHUNK = 100


def _batches(items):
    """Lists of up to ROWS_PER_CHUNK items (itertools.batched arrives with Python 3.12)."""
    items = iter(items)
    while batch := list(itertools.islice(items, ROWS_PER_CHUNK)):
        yield batch


class RowLayout(NamedTuple):
    """How a JSON or CSV file lays out its rows: `head`, each row (the first after `first`, the others
    after `between`), then `tail`. The same rows in the same layout are the same bytes, which is what
    lets a filtered download be cut out of the whole file (see opendata.views)."""

    head: str
    first: str
    between: str
    tail: str


JSON_LAYOUT = RowLayout(head="[", first="\n", between=",\n", tail="\n]\n")


def json_encoder():
    # The rows are trees of plain values, so the encoder need not look for cycles.
    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def json_chunks(rows):
    layout, encode = JSON_LAYOUT, json_encoder()
    yield layout.head
    separator = layout.first
    for batch in _batches(rows):
        # One join per chunk rather than one piece per row.
        yield separator + layout.between.join(map(encode, batch))
        separator = layout.between
    yield layout.tail


def _csv_cell(value):
    return neutralise_formula(value) if type(value) is str else neutralise_formula(flat_value(value))


# The first characters a value that `neutralise_formula` changes can start with.
_FORMULA_STARTS = frozenset(start[0] for start in (*FORMULA_TRIGGERS, NEUTRALISER))


def _csv_writer(field_names):
    """(the header line, a function writing a list of rows as their lines)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # All of a row's values in one call; itemgetter of one name would give the value, not a tuple.
    values_of = operator.itemgetter(*field_names) if len(field_names) > 1 else lambda row: (row[field_names[0]],)

    def take():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    # Lists of names repeat from row to row (a dataset's lists worked out once per content version
    # are the same tuples): each is written out once per file.
    flat_lists = {}

    def cell(value):
        if type(value) is not tuple:
            return _csv_cell(value)
        flat = flat_lists.get(value)
        if flat is None:
            flat = flat_lists[value] = _csv_cell(value)
        return flat

    def csv_row(values):
        # Most cells are text that cannot be a formula, or a whole number: they are taken as they are,
        # without a call each (a large file has 100,000s of cells, and the calls cost more than writing them).
        return [
            value if (type(value) is str and value[:1] not in _FORMULA_STARTS) or type(value) is int else cell(value)
            for value in values
        ]

    def write(rows):
        writer.writerows(map(csv_row, map(values_of, rows)))
        return take()

    writer.writerow(field_names)
    return take(), write


def csv_chunks(field_names, rows):
    header, write = _csv_writer(field_names)
    yield header
    for batch in _batches(rows):
        yield write(batch)


# The formats whose files are rows between a head and a tail (XLSX is a zipped workbook).
ROW_FORMATS = ("json", "csv")


def row_writer(extension, field_names):
    """(the format's layout, a function giving one row's text): what `json_chunks` and `csv_chunks`
    write, a row at a time."""
    if extension == "json":
        return JSON_LAYOUT, json_encoder()
    header, write = _csv_writer(field_names)
    return RowLayout(head=header, first="", between="", tail=""), lambda row: write((row,))


def write_rows(handle, extension, field_names, rows, key) -> list[tuple[int, int, int]]:
    """Write the rows as a whole file into `handle` (binary); give each row's (row[key], first byte, end)."""
    layout, text_of = row_writer(extension, field_names)
    spans = []
    position = handle.write(layout.head.encode())
    separator = layout.first.encode()
    between = layout.between.encode()
    for row in rows:
        text = text_of(row).encode()
        position += handle.write(separator)
        spans.append((row[key], position, position + len(text)))
        position += handle.write(text)
        separator = between
    handle.write(layout.tail.encode())
    return spans


def selected_rows(extension, field_names, file_bytes, spans) -> tuple[int, Iterator[bytes]]:
    """(length, chunks) of the file that holds just the rows at `spans` ((first byte, end) pairs) of
    `file_bytes`, a whole file `write_rows` wrote: byte for byte what writing those rows would give."""
    layout, _text_of = row_writer(extension, field_names)
    head, first, between, tail = (part.encode() for part in layout)
    length = len(head) + sum(end - start for start, end in spans) + len(tail)
    if spans:
        length += len(first) + len(between) * (len(spans) - 1)

    def chunks():
        yield head
        separator = first
        for batch in _batches(spans):
            parts = []
            for start, end in batch:
                parts.append(separator)
                parts.append(file_bytes[start:end])
                separator = between
            yield b"".join(parts)
        yield tail

    return length, chunks()


def _column_widths(field_names, rows):
    widths = []
    for index, name in enumerate(field_names):
        longest = max((len(str(row[index])) for row in rows), default=0)
        widths.append(max(XLSX_MIN_WIDTH, min(XLSX_MAX_WIDTH, max(longest, len(name)) + 2)))
    return widths


def xlsx_file(title, field_names, rows):
    """An XLSX workbook in a temporary file, written row by row (openpyxl's write-only mode).

    The header row is frozen and carries an autofilter; columns are as wide as the first rows
    need (capped), and text longer than a column wraps. Write-only mode needs the widths before
    the first row, so the first XLSX_SAMPLE_ROWS rows are measured and then written.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    flat_rows = ([flat_value(row[name], XLSX_LIST_SEPARATOR) for name in field_names] for row in rows)
    sample = list(itertools.islice(flat_rows, XLSX_SAMPLE_ROWS))
    widths = _column_widths(field_names, sample)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)
    header = []
    for name in field_names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    count = 0
    for values in itertools.chain(sample, flat_rows):
        count += 1
        cells = []
        for value, width in zip(values, widths, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Typed as text: a value that looks like a formula is shown, never calculated.
                cell.data_type = "s"
                cell.alignment = wrap if len(value) > width else top
            cells.append(cell)
        sheet.append(cells)
    # The autofilter is written after the rows, so the final row count is known by now.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(field_names))}{count + 1}"
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
