"""Spreadsheet safety shared by open data and the researcher workspace's import and export.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage return before one) as
a formula: a title like ``=HYPERLINK(...)`` or ``+cmd|' /C calc'!A0`` in a downloaded file would
run on the reader's computer. Every export neutralises such a cell with a leading apostrophe, which
spreadsheets show as text; the import takes that apostrophe off again, so a round trip through a
file changes nothing.
"""

import datetime
import os
import re
import shutil
import zipfile
from io import BytesIO

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.writer.excel import ExcelWriter

from .text import writable

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

# After a +, - or @, what makes a cell a formula rather than text such as "- een opsomming",
# "-3" or "+31 6 1234 5678": a function call (SUM(, HYPERLINK(), a DDE command (cmd|...), a sheet
# reference (Blad1!A1), arithmetic straight after the sign (-2+3+cmd..., +A1*2) or a bare cell
# reference (+A1).
_SIGNED_FORMULA = re.compile(
    r"""^[+\-@](?:
        \s*[A-Za-z_$][\w.$]*(?:\(|\||![$A-Za-z])
      | [\w.$]+\s*[-+*/^&=<>]
      | \$?[A-Za-z]{1,3}\$?\d+\s*$
    )""",
    re.VERBOSE,
)


def neutralise_formula(value):
    """The value as a spreadsheet shows it as text: an apostrophe before a formula trigger.

    A value that already starts with an apostrophe gets one more, so that `restore_formula` gives
    back exactly what was exported.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, NEUTRALISER)):
        return NEUTRALISER + value
    return value


def spreadsheet_text(value):
    """A cell as every spreadsheet file writes it: text without unwritable characters and with its
    formula neutralised (in that order: a control character must not hide a formula); other values
    as they are."""
    return neutralise_formula(writable(value)) if isinstance(value, str) else value


def restore_formula(value):
    """The inverse of `neutralise_formula`, for a value read from a file."""
    if (
        isinstance(value, str)
        and value.startswith(NEUTRALISER)
        and value[1:2]
        and value[1:].startswith((*FORMULA_TRIGGERS, NEUTRALISER))
    ):
        return value[1:]
    return value


def looks_like_formula(value) -> bool:
    """Whether an imported text cell is a formula, which the import refuses.

    The rule: after leading white space, a cell starting with = is a formula; one starting with +,
    - or @ is a formula when what follows is a function call, a DDE command, a sheet or cell
    reference or arithmetic straight after the sign (see _SIGNED_FORMULA). Text such as
    "- een opsomming", "+31 6 1234 5678" and a negative number such as "-3" are accepted. A
    neutralised cell ('=...) is text, not a formula.
    """
    if not isinstance(value, str):
        return False
    text = value.lstrip()
    return text.startswith("=") or bool(_SIGNED_FORMULA.match(text))


class UnreasonableSpreadsheet(ValueError):
    pass


def check_xlsx_size(path_or_file) -> None:
    """Refuse an XLSX whose contents unpack to more than the settings allow, before parsing it.

    An XLSX is a zip: a 1.5 MB upload can hold a 1.5 GB shared string that openpyxl would read into
    memory whole. The sizes come from the zip's directory; zipfile refuses to unpack a member
    beyond its declared size (CRC check), so a lying directory fails while reading instead.
    """
    with zipfile.ZipFile(path_or_file) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    largest = max((member.file_size for member in members), default=0)
    if total > settings.IMPORT_XLSX_MAX_UNPACKED_SIZE or largest > settings.IMPORT_XLSX_MAX_MEMBER_SIZE:
        raise UnreasonableSpreadsheet(
            _(
                "Het XLSX-bestand is uitgepakt te groot (%(size)s; het maximum is %(max)s). Sla het op als "
                "CSV of splits het op."
            )
            % {"size": filesizeformat(total), "max": filesizeformat(settings.IMPORT_XLSX_MAX_UNPACKED_SIZE)}
        )


def xlsx_rows(content: bytes):
    """The active sheet's header row, then each row holding a value, one at a time.

    Formulas are read as formulas (not their cached results), so the import can refuse them. Memory
    stays bounded by what the file holds: the sheet's declared size is ignored (a 38 KB file can
    declare 16,384 columns, and every row was padded to that width: hundreds of megabytes), rows are
    as wide as the header, and a background import takes them a chunk at a time (core.imports).
    """
    # Before openpyxl reads anything: a small upload can unpack to gigabytes (a zip bomb).
    check_xlsx_size(BytesIO(content))
    workbook = openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=False)
    try:
        sheet = workbook.active
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        headers = list(next(rows, ()))
        while headers and headers[-1] is None:
            headers.pop()
        yield headers
        width = len(headers)
        for number, row in enumerate(rows, start=2):
            if any(value is not None for value in row[width:]):
                raise UnreasonableSpreadsheet(
                    _("Regel %(row)s heeft een waarde in een kolom zonder kopje; er is niets ingelezen.")
                    % {"row": number}
                )
            if any(value is not None for value in row):
                yield [*row[:width], *(None,) * (width - len(row))]
    finally:
        workbook.close()


# The zip format's earliest time: every member of a file we write carries it (see ReproducibleZipFile).
ZIP_MEMBER_TIME = (1980, 1, 1, 0, 0, 0)


class ReproducibleZipFile(zipfile.ZipFile):
    """A zip whose bytes depend only on what is written into it, not on when.

    A plain zip stamps each member with the clock, so the same workbook built twice differed while
    both were sent under one ETag. Every member here carries ZIP_MEMBER_TIME instead.
    """

    def _member(self, name):
        member = zipfile.ZipInfo(name, date_time=ZIP_MEMBER_TIME)
        member.compress_type = self.compression
        member.external_attr = 0o600 << 16
        return member

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._member(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl's write-only sheets come from a temporary file, which would lend the member its time.
        member = self._member(arcname or os.path.basename(filename))
        member.file_size = os.path.getsize(filename)  # lets open() choose ZIP64 for a huge sheet
        with open(filename, "rb") as source, self.open(member, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


def save_workbook(workbook, handle, changed_at=None) -> None:
    """Save an openpyxl workbook so that the same content gives the same bytes.

    openpyxl stamps the document with the time of saving; here its created and modified times are
    `changed_at` (when the content last changed), or the zip's fixed time when that is not known
    (the format requires a time).
    """
    if changed_at is None:
        changed_at = datetime.datetime(*ZIP_MEMBER_TIME)
    elif changed_at.tzinfo is not None:
        changed_at = changed_at.astimezone(datetime.UTC).replace(tzinfo=None)  # the format's times are UTC
    workbook.properties.created = changed_at
    workbook.properties.modified = changed_at
    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    archive = ReproducibleZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()  # closes the archive
