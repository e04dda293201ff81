"""A StatLine CSV export (e.g. 50120NED/50150NED, Gezondheid per wijk en buurt 2022/2024) as indicator rows.

StatLine writes its exports with `;` or `,`, quoted, with padded codes ("GM0363    "), periods as
"2022JJ00", ages and margins as labels or codes. This reads what it can recognise and says what it
skipped; a file it cannot read is refused as a whole. Neighbourhoods (WK/BU) are left out: the portal
keeps municipalities and Nederland (NL00 in some tables, NL01 here).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .loaders import Row, number

AREA = re.compile(r"^(GM\d{4}|NL0[01])$")
MARGIN_VALUE = {"mw00000", "waarde", "value"}


class StatLineError(ValueError):
    pass


@dataclass
class StatLineRows:
    rows: list[Row] = field(default_factory=list)
    skipped: int = 0


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _age(label: str) -> str | None:
    text = label.strip().lower()
    if re.match(r"^18( jaar)?( of ouder| en ouder|\+)", text):
        return "18+"
    if re.match(r"^65( jaar)?( of ouder| en ouder|\+)", text):
        return "65+"
    return None


def parse(text: str, indicator: str, column: str = "", year: int | None = None, age: str = "") -> StatLineRows:
    if not text.strip():
        raise StatLineError(_("het bestand is leeg"))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    except csv.Error:
        raise StatLineError(_("geen CSV met ; of , als scheidingsteken")) from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        records = list(reader)
    except csv.Error:  # a NUL byte, an endless quoted field: no CSV this can read
        raise StatLineError(
            _("het bestand is geen leesbare CSV (een binair bestand, of een aanhalingsteken dat niet sluit)")
        ) from None
    if not records:
        raise StatLineError(_("het bestand heeft geen regels onder de kop"))
    # The header row's names: a data row longer than it has an extra key (None) that names no column.
    headers = list(reader.fieldnames)
    wanted = _normal(column) if column else ""
    value_column = next(
        (h for h in headers if (_normal(h) == wanted if wanted else "sterkeenzaam" in _normal(h))), None
    )
    if value_column is None:
        raise StatLineError(
            _("kolom ‘%(column)s’ niet gevonden; kolommen: %(columns)s")
            % {"column": column or "sterk eenzaam", "columns": ", ".join(headers)}
        )
    area_column = next(
        (h for h in headers if any(AREA.match((record[h] or "").strip()) for record in records[:500])), None
    )
    if area_column is None:
        raise StatLineError(_("geen kolom met gemeentecodes (GM0363) gevonden"))
    period_column = next((h for h in headers if _normal(h) in {"perioden", "periode", "jaar"}), None)
    age_column = next((h for h in headers if _normal(h) == "leeftijd"), None)
    margin_column = next((h for h in headers if _normal(h) == "marges"), None)
    name_column = next((h for h in headers if _normal(h).startswith(("gemeentenaam", "regionaam"))), None)
    if period_column is None and year is None:
        raise StatLineError(_("geen kolom Perioden: geef het jaar op"))
    if age_column is None and not age:
        raise StatLineError(_("geen kolom Leeftijd: geef de leeftijdsgroep op (18+ of 65+)"))
    result = StatLineRows()
    for number_, record in enumerate(records, start=2):
        code = (record[area_column] or "").strip()
        if margin_column and (record[margin_column] or "").strip().lower() not in MARGIN_VALUE:
            result.skipped += 1
            continue
        row_age = _age(record[age_column] or "") if age_column else age
        if not AREA.match(code) or row_age is None:
            result.skipped += 1
            continue
        period = (record[period_column] or "").strip() if period_column else str(year)
        if not re.match(r"^\d{4}", period):
            raise StatLineError(_("regel %(row)d: periode ‘%(period)s’ onbekend") % {"row": number_, "period": period})
        try:
            value = number(record[value_column])
        except ValueError as error:
            raise StatLineError(_("regel %(row)d: %(problem)s") % {"row": number_, "problem": error}) from None
        if value is None:
            result.skipped += 1
            continue
        year_ = int(period[:4])
        area = "NL01" if code.startswith("NL") else code
        name = "Nederland" if area == "NL01" else (record[name_column] or "").strip() if name_column else ""
        result.rows.append(Row(indicator, area, year_, year_, row_age, value, name))
    if not result.rows:
        raise StatLineError(_("geen enkele waarde voor een gemeente of Nederland gevonden"))
    return result
