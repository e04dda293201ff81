"""CSV cells take shortcuts for plain text, numbers and repeated lists: every cell must still be what
the one rule (flat value, then formula neutralised) makes of it."""

import csv
import io

from core.spreadsheets import neutralise_formula
from opendata.formats import csv_chunks, flat_value, json_chunks

NAMES = ("a", "b")
VALUES = [
    "gewone tekst",
    "",
    '=HYPERLINK("http://x")',
    "+31 20 1234567",
    "-1+1",
    "@SUM(A1:A9)",
    "\tcmd",
    "\r=1",
    "'al geciteerd",
    12,
    0,
    None,
    True,
    ("Ouderen", "Jongeren"),
    ("=SUM(A1)", "x"),
    ["lijst", "van namen"],
    [{"gemeente": "Delft", "tekst": "=tip"}],
    (),
]


def _rows():
    # Each value twice, the second time in the same row as a repeated (equal) list would come.
    return [{"a": value, "b": value} for value in VALUES] * 2


def test_every_csv_cell_follows_the_rule():
    text = "".join(csv_chunks(list(NAMES), _rows()))

    written = list(csv.reader(io.StringIO(text)))

    assert written[0] == list(NAMES)
    expected = [[str(neutralise_formula(flat_value(row[name]))) for name in NAMES] for row in _rows()]
    assert written[1:] == expected
    assert ["'=SUM(A1)|x", "'=SUM(A1)|x"] in written
    assert ["Delft: =tip", "Delft: =tip"] in written


def test_json_rows_are_separated_as_one_per_line():
    rows = [{"n": index, "namen": ("a", "b")} for index in range(250)]

    text = "".join(json_chunks(rows))

    assert text.startswith('[\n{"n": 0, "namen": ["a", "b"]},\n{"n": 1,')
    assert text.endswith('{"n": 249, "namen": ["a", "b"]}\n]\n')
    assert "".join(json_chunks([])) == "[\n]\n"
