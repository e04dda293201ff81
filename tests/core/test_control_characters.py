"""One control character broke a file for everyone: a title with a vertical tab (Word's soft line
break) was accepted, and the investments XLSX then answered 500 and the comparison's XLSX was corrupt.

Every input path now refuses such characters (one rule, core.text), and every file writer leaves
them out, so text stored before the rule can never break a file. XLSX cells follow the CSV's formula
rule, and the same content gives the same XLSX bytes, as one ETag promises.
"""

import csv
import io
import time
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from import_export.formats.base_formats import CSV

from core.models import CheckedText
from core.spreadsheets import ReproducibleZipFile
from core.text import refuse_control_characters
from investments.models import Investment, Theme
from investments.resources import InvestmentResource
from municipalities.models import Municipality
from opendata.formats import csv_chunks, xlsx_file
from pages.downloads import table_download
from tests.workspace_helpers import ONDERZOEKER, csv_bytes, export, form_data, make_user, page_text, snapshot

SOFT_LINE_BREAK = "\x0b"
CONTENT_APPS = ("municipalities", "investments", "lessons", "rounds", "report")


def _investment():
    return Investment.objects.order_by("pk").first()


@pytest.mark.django_db
@pytest.mark.parametrize("character", [SOFT_LINE_BREAK, "\x01", "\x7f", "\x85"])
def test_the_admin_refuses_a_control_character_in_dutch_and_saves_nothing(client, character):
    client.force_login(make_user(ONDERZOEKER))
    investment = _investment()
    url = f"/beheer/investments/investment/{investment.pk}/change/"
    data = form_data(client.get(url))
    data["title"] = f"Eerste regel{character}tweede regel"
    before = snapshot()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "onzichtbaar stuurteken" in str(response.context["adminform"].form.errors["title"])
    assert f"U+{ord(character):04X}" in page_text(response)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_admin_keeps_tabs_and_line_breaks(client):
    client.force_login(make_user(ONDERZOEKER))
    investment = _investment()
    url = f"/beheer/investments/investment/{investment.pk}/change/"
    data = form_data(client.get(url))
    data["text"] = "Eerste alinea.\r\n\r\nTweede\talinea."

    assert client.post(url, data).status_code == 302
    investment.refresh_from_db()
    assert investment.text == "Eerste alinea.\r\n\r\nTweede\talinea."


def test_the_message_has_an_english_translation():
    with pytest.raises(ValidationError) as refused:
        refuse_control_characters(f"Een{SOFT_LINE_BREAK}titel")

    with translation.override("en"):
        (message,) = refused.value.messages
    assert message.startswith("This text contains an invisible control character (U+000B, at position 4)")


@pytest.mark.django_db
def test_an_import_refuses_a_control_character_by_row_and_column():
    row = {
        "gemeente": "GM0363",
        "slug": "met-stuurteken",
        "status": "gepland",
        "titel": f"Een{SOFT_LINE_BREAK}titel",
        "tekst": "Een tekst.",
        "volgorde": 1,
        "publicatiestatus": "concept",
    }
    dataset = CSV().create_dataset(csv_bytes([row]).decode())
    before = snapshot()

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert [(invalid.number, list(invalid.error_dict)) for invalid in result.invalid_rows] == [(2, ["titel"])]
    assert "onzichtbaar stuurteken" in str(result.invalid_rows[0].error_dict["titel"])
    assert snapshot() == before


def test_every_content_model_with_text_checks_it():
    unchecked = [
        model._meta.label
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        and any(isinstance(field, models.CharField | models.TextField) for field in model._meta.concrete_fields)
        and not issubclass(model, CheckedText)
    ]
    assert unchecked == []


@pytest.mark.django_db
def test_open_data_files_leave_out_what_was_stored_before_the_rule(client):
    investment = Investment.objects.published().order_by("pk").first()
    # Stored before the rule existed (no validation on this path), including a formula behind a control.
    # updated_at moves as with any save, so the open-data files are written anew rather than taken
    # from the store of files another test of this process wrote for the same content.
    Investment.objects.filter(pk=investment.pk).update(
        title=f"Eerste{SOFT_LINE_BREAK}regel\x01", reach="\x02=1+1", updated_at=timezone.now()
    )

    xlsx = client.get("/open-data/investeringen.xlsx")
    text = b"".join(client.get("/open-data/investeringen.csv").streaming_content).decode("utf-8-sig")
    filtered = client.get(f"/open-data/investeringen.xlsx?gemeente={investment.municipality.slug}")

    assert xlsx.status_code == 200 and filtered.status_code == 200
    for response in (xlsx, filtered):
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        (row,) = [row for row in rows if row[header.index("id")] == investment.pk]
        assert row[header.index("titel")] == "Eersteregel"
        assert row[header.index("bereik")] == "'=1+1"
    (row,) = [row for row in csv.DictReader(io.StringIO(text)) if row["id"] == str(investment.pk)]
    assert (row["titel"], row["bereik"]) == ("Eersteregel", "'=1+1")


@pytest.mark.django_db
def test_the_admin_xlsx_export_leaves_them_out_too(client):
    investment = _investment()
    Investment.objects.filter(pk=investment.pk).update(title=f"\x01=1+1{SOFT_LINE_BREAK}")
    client.force_login(make_user(ONDERZOEKER))

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").content)).active

    assert "'=1+1" in [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.django_db
def test_the_comparison_xlsx_stays_readable_and_neutralises_formulas(client):
    Theme.objects.filter(slug="training").update(name=f"Training{SOFT_LINE_BREAK}\x1f")
    Theme.objects.filter(slug="technologie").update(name="=1+1")
    Municipality.objects.filter(slug="heerlen").update(name=f"Heer{SOFT_LINE_BREAK}len")

    response = client.get("/vergelijken/?gemeente=heerlen&thema=training&thema=technologie&formaat=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [value for row in sheet.iter_rows(values_only=True) for value in row]
    assert "Training" in values and "Heerlen" in values and "'=1+1" in values


def test_csv_leaves_out_control_characters_and_neutralises_a_formula_behind_one():
    text = "".join(csv_chunks(["a"], [{"a": "x\x0by"}, {"a": "\x01=cmd"}, {"a": ("\x01@x", "y")}]))

    assert list(csv.reader(io.StringIO(text))) == [["a"], ["xy"], ["'=cmd"], ["'@x|y"]]


def _later(monkeypatch):
    """The clock two days on: a zip member stamped with the clock would change."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 2 * 24 * 60 * 60)


def test_the_same_open_data_xlsx_is_the_same_bytes(monkeypatch):
    rows = [{"titel": "Een titel", "aantal": 3}, {"titel": "=1+1", "aantal": 4}]
    first = xlsx_file("investeringen", ["titel", "aantal"], rows).read()
    _later(monkeypatch)
    second = xlsx_file("investeringen", ["titel", "aantal"], rows).read()

    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z' in core  # not the time of building


def test_a_known_change_time_is_the_documents_time():
    from datetime import UTC, datetime

    changed_at = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)

    handle = xlsx_file("investeringen", ["titel"], [{"titel": "x"}], changed_at=changed_at)

    assert openpyxl.load_workbook(handle).properties.modified == datetime(2024, 5, 6, 7, 8, 9)


def test_the_same_comparison_xlsx_is_the_same_bytes(monkeypatch):
    header, rows = ["Thema", "Delft"], [["Training", 3], ["Totaal", 3]]
    first = table_download("vergelijking", "xlsx", header, rows).content
    _later(monkeypatch)
    second = table_download("vergelijking", "xlsx", header, rows).content

    assert first == second


def test_a_plain_zip_would_differ(monkeypatch):
    """The check above can fail: without ReproducibleZipFile the clock is in the bytes."""

    def build(zip_class):
        buffer = io.BytesIO()
        with zip_class(buffer, "w") as archive:
            archive.writestr("a.xml", "<a/>")
        return buffer.getvalue()

    plain, reproducible = build(zipfile.ZipFile), build(ReproducibleZipFile)
    _later(monkeypatch)
    assert build(zipfile.ZipFile) != plain
    assert build(ReproducibleZipFile) == reproducible
