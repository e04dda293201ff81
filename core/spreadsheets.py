"""Spreadsheet safety shared by open data and the researcher workspace's import and export.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage return before one) as
a formula: a title like ``=HYPERLINK(...)`` or ``+cmd|' /C calc'!A0`` in a downloaded file would
run on the reader's computer. Every export neutralises such a cell with a leading apostrophe, which
spreadsheets show as text; the import takes that apostrophe off again, so a round trip through a
file changes nothing.
"""

import re
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
