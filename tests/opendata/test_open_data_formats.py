"""Every open-data file in every format: JSON, CSV and XLSX say the same thing, under the brief's
field names, with working filters, caching headers, a DCAT catalogue and a fixed query count.

JSON is the reference: the CSV and the XLSX of a dataset must hold the same records, so a bug in one
writer shows up as a difference with the JSON of the same request. The ORM gives the expected
counts, so a filter that silently matches too much or too little fails as well.
"""

import csv
import io
import json
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date, parse_http_date
from openpyxl import load_workbook

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from opendata.datasets import DATASETS
from rounds.models import Interview, Progress, Round
from tests.opendata.contract import FIELDS, LIST_FIELDS, REFERENCE_FIELDS, ROUND_NAMES

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED

NAMES = list(FIELDS)
EXTENSIONS = ["json", "csv", "xlsx"]
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
INTEGER_FIELDS = {"gemeenten": ["aantal_gedaan", "aantal_gepland"], "investeringen": ["id"]}
ENGLISH_SENTENCE = "The filters in the address are not valid; no data was returned."


def published_count(name):
    """The ORM's own count of published records, independent of the open-data code."""
    return {
        "gemeenten": Municipality.objects.published,
        "investeringen": Investment.objects.published,
        "interventies": Intervention.objects.published,
        "lessen": Lesson.objects.published,
        "knelpunten": Bottleneck.objects.published,
        "citaten": Quote.objects.published,
        "tips": Tip.objects.published,
    }[name]().count()


# --- Reading the three formats --------------------------------------------------------------------


def body(response):
    # JSON and CSV stream; XLSX is a FileResponse, which streams too. Reading `content` of a
    # streaming response raises, so the test must know which kind it got.
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def get_file(client, name, extension, query="", **headers):
    return client.get(f"/open-data/{name}.{extension}{query}", headers=headers)


def read_json(response):
    return json.loads(body(response).decode("utf-8"))


def read_csv(response):
    """(header, rows as dicts). Decoding strictly as UTF-8 fails on any other encoding."""
    text = body(response).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


def read_xlsx(response):
    """(header, rows as lists of cells) of the only sheet."""
    workbook = load_workbook(io.BytesIO(body(response)))
    assert len(workbook.worksheets) == 1
    rows = list(workbook.worksheets[0].iter_rows())
    return [cell.value for cell in rows[0]], rows[1:]


def read_records(client, name, extension, query=""):
    """The records of one file as dicts of raw cell values (strings for CSV, typed for XLSX)."""
    response = get_file(client, name, extension, query)
    assert response.status_code == 200, (name, extension, query, response.status_code)
    if extension == "json":
        return read_json(response)
    if extension == "csv":
        return read_csv(response)[1]
    header, rows = read_xlsx(response)
    return [dict(zip(header, (cell.value for cell in row), strict=True)) for row in rows]


def investment_ids(client, extension, query=""):
    # CSV cells are text; int() also fails loudly if an id were written as something else.
    return sorted(int(record["id"]) for record in read_records(client, "investeringen", extension, query))


def flat(value, separator="|"):
    """What a JSON value must look like in a CSV cell (XLSX: lists joined with "; "), written here
    independently of the app."""
    if value is None:
        return ""
    if isinstance(value, list):
        return separator.join(
            f"{item['gemeente']}: {item['tekst']}" if isinstance(item, dict) else item for item in value
        )
    return str(value)


# --- Every dataset in every format ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("name", NAMES)
def test_file_has_status_content_type_filename_and_fields(client, name, extension):
    response = get_file(client, name, extension)

    assert response.status_code == 200
    media_type, _, parameters = response["Content-Type"].partition(";")
    assert media_type == MEDIA_TYPES[extension]
    if extension != "xlsx":
        # Without an explicit charset, some clients read CSV as Latin-1 and mangle "Fryslân".
        assert parameters.strip().lower() == "charset=utf-8"
    # Exports are produced while they are sent, so a large table never sits in memory whole.
    assert response.streaming

    filename = r'attachment; filename="(?P<name>[a-z]+)-(?P<date>\d{4}-\d{2}-\d{2})\.(?P<ext>\w+)"'
    match = re.fullmatch(filename, response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    assert (match["name"], match["ext"]) == (name, extension)
    # The date is that of the last change to the data, so two downloads can be told apart.
    last_modified, _version = DATASETS[name].fingerprint()
    assert match["date"] == timezone.localdate(last_modified).isoformat()

    if extension == "json":
        records = read_json(response)
        assert all(list(record) == FIELDS[name] for record in records)
        # JSON has numbers; "12" would break every script that adds or compares them.
        assert all(type(record[field]) is int for record in records for field in INTEGER_FIELDS.get(name, []))
    elif extension == "csv":
        header, records = read_csv(response)
        assert header == FIELDS[name]
    else:
        header, records = read_xlsx(response)
        assert header == FIELDS[name]
    assert len(records) == published_count(name)
    assert records, "an empty file would pass every per-record check"


@pytest.mark.django_db
def test_unknown_file_gives_404(client):
    assert client.get("/open-data/bestaatniet.csv").status_code == 404
    assert client.get("/open-data/gemeenten.xls").status_code == 404
    assert client.get("/open-data/gemeenten.JSON").status_code == 404


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_csv_holds_the_same_records_as_json(client, name):
    records = read_records(client, name, "json")
    header, rows = read_csv(get_file(client, name, "csv"))

    assert header == FIELDS[name]
    assert len(rows) == len(records)
    # Both files come from the same ordered query, so row i of the CSV is record i of the JSON.
    for record, row in zip(records, rows, strict=True):
        assert row == {field: flat(record[field]) for field in FIELDS[name]}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field"), [(name, field) for name, fields in LIST_FIELDS.items() for field in fields])
def test_csv_joins_lists_with_a_pipe(client, name, field):
    records = read_records(client, name, "json")
    rows = read_records(client, name, "csv")

    several = [(record, row) for record, row in zip(records, rows, strict=True) if len(record[field]) > 1]
    # At least one record must have more than one item, or a wrong separator would go unnoticed.
    assert several, f"no record of {name} has several {field}"
    for record, row in several:
        assert row[field].count("|") == len(record[field]) - 1
        if field != "tips":
            assert row[field].split("|") == record[field]


@pytest.mark.django_db
def test_csv_keeps_non_ascii_text(client):
    response = get_file(client, "gemeenten", "csv")
    raw = body(response)
    # A byte-order mark would become part of the first column's name for csv.DictReader.
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "Fryslân".encode() in raw


# --- XLSX -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_xlsx_holds_the_same_records_as_json(client, name):
    records = read_records(client, name, "json")
    header, rows = read_xlsx(get_file(client, name, "xlsx"))

    assert header == FIELDS[name]
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        for field, cell in zip(FIELDS[name], row, strict=True):
            expected = record[field]
            if isinstance(expected, bool):
                # A flag is a spreadsheet's TRUE/FALSE, not a number.
                assert cell.value is expected, (name, field, cell.value)
            elif isinstance(expected, int):
                # A number stored as text cannot be summed or sorted in a spreadsheet.
                assert type(cell.value) is int, (name, field, cell.value)
                assert cell.data_type == "n"
                assert cell.value == expected
            else:
                # An empty cell reads back as None; both mean "no value".
                assert (cell.value or "") == flat(expected, "; "), (name, field)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(INTEGER_FIELDS))
def test_xlsx_integer_columns_are_numbers(client, name):
    header, rows = read_xlsx(get_file(client, name, "xlsx"))
    for field in INTEGER_FIELDS[name]:
        column = header.index(field)
        values = [row[column].value for row in rows]
        assert all(type(value) is int for value in values), (field, values)
    if name == "gemeenten":
        # The report's totals, summed from the spreadsheet's own numbers.
        assert sum(row[header.index("aantal_gedaan")].value for row in rows) == 77
        assert sum(row[header.index("aantal_gepland")].value for row in rows) == 22


# --- Formula injection ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("title", ['=HYPERLINK("http://x")', "+31 20 1234567", "-1+1", "@SUM(A1:A9)"])
def test_formula_like_text_is_never_a_formula(client, title):
    investment = Investment.objects.published().first()
    investment.title = title
    investment.save()

    (record,) = [record for record in read_records(client, "investeringen", "json") if record["id"] == investment.pk]
    (row,) = [row for row in read_records(client, "investeringen", "csv") if row["id"] == str(investment.pk)]
    header, rows = read_xlsx(get_file(client, "investeringen", "xlsx"))
    (cells,) = [cells for cells in rows if cells[header.index("id")].value == investment.pk]
    cell = cells[header.index("titel")]

    # JSON is not opened by spreadsheets, so it keeps the text exactly.
    assert record["titel"] == title
    # A spreadsheet would run "=…" from a CSV; the leading quote makes it text.
    assert row["titel"] == "'" + title
    # XLSX cells are typed as text and follow the CSV's rule too, so a file saved again as CSV by a
    # spreadsheet, or read back by the import, treats the cell the same way.
    assert cell.data_type == "s"
    assert cell.value == "'" + title


# --- Filters on investments ---------------------------------------------------------------------------


def orm_ids(**lookups):
    return sorted(Investment.objects.published().filter(**lookups).distinct().values_list("pk", flat=True))


FILTER_CASES = {
    "gemeente=GM0917": ({"municipality__cbs_code": "GM0917"}, 8),
    "gemeente=heerlen": ({"municipality__slug": "heerlen"}, 8),
    "status=gepland": ({"status": InvestmentStatus.PLANNED}, 22),
    "status=gedaan": ({"status": InvestmentStatus.COMPLETED}, 77),
    # 15 since issue 24 tagged Haarlemmermeer's 'Kijk in de wijk' meetings for professionals as training.
    "thema=training": ({"themes__slug": "training"}, 15),
    "doelgroep=ouderen": ({"target_groups__slug": "ouderen"}, 13),
    "interventie=grip-en-glans": ({"interventions__slug": "grip-en-glans"}, 4),
    "gemeente=heerlen&status=gepland": ({"municipality__slug": "heerlen", "status": InvestmentStatus.PLANNED}, 4),
    "thema=training&status=gedaan": ({"themes__slug": "training", "status": InvestmentStatus.COMPLETED}, None),
    "thema=training&doelgroep=professionals": (
        {"themes__slug": "training", "target_groups__slug": "professionals"},
        None,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("query", FILTER_CASES)
def test_filter_gives_the_orm_rows(client, query, extension):
    lookups, report_count = FILTER_CASES[query]
    expected = orm_ids(**lookups)
    if report_count is not None:
        # Pin the report's numbers, so an ORM expectation that is itself wrong is caught too.
        assert len(expected) == report_count

    ids = investment_ids(client, extension, f"?{query}")

    assert ids == expected
    # A filter that did nothing would return all 99.
    assert 0 < len(ids) < published_count("investeringen")


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_combined_filters_narrow_each_other(client, extension):
    training = investment_ids(client, extension, "?thema=training")
    completed = investment_ids(client, extension, "?status=gedaan")
    both = investment_ids(client, extension, "?thema=training&status=gedaan")

    assert both == sorted(set(training) & set(completed))
    assert 0 < len(both) < len(training)


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_cbs_code_and_slug_give_the_same_rows(client, extension):
    by_code = investment_ids(client, extension, "?gemeente=GM0917")
    assert by_code == investment_ids(client, extension, "?gemeente=heerlen")
    assert len(by_code) == 8


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_filtered_rows_are_whole_records(client, extension):
    # A filter on a many-to-many relation must not cut the other themes off the matching rows.
    filtered = {int(r["id"]): r for r in read_records(client, "investeringen", extension, "?thema=training")}
    everything = {int(r["id"]): r for r in read_records(client, "investeringen", extension)}
    for pk, record in filtered.items():
        assert record == everything[pk]


BAD_VALUES = [
    ("gemeente=GM9999", "GM9999"),
    ("gemeente=atlantis", "atlantis"),
    ("gemeente=", "gemeente"),
    ("status=done", "done"),
    ("status=completed", "completed"),
    ("thema=bestaat-niet", "bestaat-niet"),
    ("doelgroep=katten", "katten"),
    ("interventie=onbekend", "onbekend"),
    ("thema=training&status=bijna", "bijna"),
]


def assert_bilingual_400(response, *mentions):
    assert response.status_code == 400
    assert response["Content-Type"].split(";")[0] == "text/plain"
    # An error must never be mistaken for a (partial) data file.
    assert "Content-Disposition" not in response
    text = response.content.decode("utf-8")
    assert ENGLISH_SENTENCE in text
    for mention in mentions:
        assert mention in text
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize(("query", "mention"), BAD_VALUES)
def test_unknown_filter_value_gives_a_bilingual_400(client, query, mention, extension):
    response = get_file(client, "investeringen", extension, f"?{query}")
    assert_bilingual_400(response, "Onbekende", mention)


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("name", NAMES)
def test_unknown_filter_name_gives_400_on_every_dataset(client, name, extension):
    response = get_file(client, name, extension, "?kleur=rood")
    assert_bilingual_400(response, "Onbekend filter", "kleur")


@pytest.mark.django_db
def test_unknown_filter_name_lists_the_filters_that_exist(client):
    text = assert_bilingual_400(get_file(client, "investeringen", "csv", "?Gemeente=GM0917"), "Gemeente")
    for name in ("gemeente", "status", "thema", "doelgroep", "interventie"):
        assert name in text


@pytest.mark.django_db
def test_filter_error_explains_the_reason_in_english_too(client):
    value = get_file(client, "investeringen", "json", "?status=done").content.decode("utf-8")
    name = get_file(client, "investeringen", "json", "?kleur=rood").content.decode("utf-8")
    # The Dutch reason is there already; an English reader needs it in English as well.
    assert "Unknown value" in value
    assert "Unknown filter" in name


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_filter_on_draft_content_is_unknown(client, extension):
    # Filtering on a draft must not reveal that it exists.
    Intervention.objects.filter(slug="grip-en-glans").update(publication_status=DRAFT)
    Municipality.objects.filter(cbs_code="GM0917").update(publication_status=DRAFT)

    assert_bilingual_400(get_file(client, "investeringen", extension, "?interventie=grip-en-glans"), "grip-en-glans")
    assert_bilingual_400(get_file(client, "investeringen", extension, "?gemeente=GM0917"), "GM0917")
    assert_bilingual_400(get_file(client, "investeringen", extension, "?gemeente=heerlen"), "heerlen")


# --- Drafts never appear ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_drafts_appear_in_no_format(client, extension):
    investment = Investment.objects.published().get(
        municipality__cbs_code="GM0394", text__startswith="Aan 150 inwoners"
    )
    intervention = Intervention.objects.get(slug="compaan")
    quote = Quote.objects.get(text__startswith="De coalitie liep eerst niet goed")
    # Through save(), as the admin does, so the change goes through the model's own code path.
    for obj in (investment, intervention, quote):
        obj.publication_status = DRAFT
        obj.save()

    investments = read_records(client, "investeringen", extension)
    interventions = read_records(client, "interventies", extension)
    quotes = read_records(client, "citaten", extension)

    assert len(investments) == 98
    assert investment.pk not in {int(record["id"]) for record in investments}
    assert len(interventions) == 22
    assert intervention.name not in {record["naam"] for record in interventions}
    assert intervention.slug not in {record["slug"] for record in interventions}
    # A draft intervention must not leak through the investments that use it either.
    named = "|".join(flat(record["interventies"]) for record in investments)
    assert intervention.name not in named
    assert "Grip en Glans" in named
    assert len(quotes) == 17
    assert quote.text not in {record["tekst"] for record in quotes}


# --- The /open-data/ page -----------------------------------------------------------------------------


def page_sections(client, path="/open-data/"):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    sections = {}
    for name in NAMES:
        match = re.search(rf'<section[^>]*id="{name}">(.*?)</section>', html, re.DOTALL)
        assert match, f"no section for {name}"
        sections[name] = match.group(1)
    return html, sections


@pytest.mark.django_db
def test_page_counts_match_the_files(client):
    # A draft makes the page and the files change together; a stale count would show it.
    Investment.objects.filter(pk=Investment.objects.published().first().pk).update(publication_status=DRAFT)

    _html, sections = page_sections(client)

    for name, section in sections.items():
        count = re.search(r"Aantal records</dt><dd>(\d+)</dd>", section)
        assert count, name
        assert int(count.group(1)) == len(read_records(client, name, "json")), name
    assert "<dd>98</dd>" in sections["investeringen"]


@pytest.mark.django_db
def test_page_describes_every_dataset(client):
    html, sections = page_sections(client)

    for name, section in sections.items():
        dataset = DATASETS[name]
        assert str(dataset.description) in section
        # The schema table: every field with its type and meaning.
        for field in dataset.fields:
            pattern = rf'<tr><th scope="row"><code>{field.name}</code></th><td>(.*?)</td><td>(.*?)</td></tr>'
            row = re.search(pattern, section)
            assert row, (name, field.name)
            assert row.group(1) and row.group(2)
        assert [re.sub(r"<.*?>", "", code) for code in re.findall(r"<code>(.*?)</code>", section)] == FIELDS[name]
        # Last modified, as a machine-readable date equal to that of the file's own header.
        last_modified, _version = dataset.fingerprint()
        moment = re.search(r'<time datetime="([^"]+)">', section)
        assert moment, name
        assert datetime.fromisoformat(moment.group(1)).date() == timezone.localdate(last_modified)
        for extension in EXTENSIONS:
            assert f'href="/open-data/{name}.{extension}"' in section

    links = set(re.findall(r'href="(/open-data/[a-z]+\.(?:json|csv|xlsx))"', html))
    every = NAMES + ROUND_NAMES + list(REFERENCE_FIELDS)
    assert links == {f"/open-data/{name}.{extension}" for name in every for extension in EXTENSIONS}
    assert len(links) == 3 * len(every)
    assert "Movisie (2019)" in html
    assert settings.OPEN_DATA_LICENCE_NAME in html
    assert f'href="{settings.OPEN_DATA_LICENCE_URL}"' in html
    assert 'href="/open-data/catalogus.jsonld"' in html


@pytest.mark.django_db
def test_page_links_resolve(client):
    html, _sections = page_sections(client)
    for path in re.findall(r'href="(/open-data/[^"#?]+)"', html):
        assert client.get(path).status_code == 200, path


# --- DCAT catalogue ---------------------------------------------------------------------------------


def load_catalogue(client):
    response = client.get("/open-data/catalogus.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/ld+json"
    return json.loads(response.content.decode("utf-8"))


def parse_moment(value):
    moment = datetime.fromisoformat(value)
    # A harvester compares these across time zones; a naive time would be ambiguous.
    assert moment.tzinfo is not None, value
    return moment


@pytest.mark.django_db
def test_catalogue_describes_the_catalogue(client):
    catalogue = load_catalogue(client)

    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalogue["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:publisher"]["foaf:name"] == settings.OPEN_DATA_PUBLISHER_NAME
    assert catalogue["dct:license"]["@id"] == settings.OPEN_DATA_LICENCE_URL
    newest = max(DATASETS[name].fingerprint()[0] for name in NAMES)
    assert parse_moment(catalogue["dct:modified"]["@value"]) == newest
    assert len(catalogue["dcat:dataset"]) == len(NAMES) + len(ROUND_NAMES) + len(REFERENCE_FIELDS)


@pytest.mark.django_db
def test_catalogue_describes_each_dataset_and_distribution(client):
    catalogue = load_catalogue(client)

    by_name = {dataset["dct:identifier"].rpartition("#")[2]: dataset for dataset in catalogue["dcat:dataset"]}
    assert set(by_name) == set(NAMES + ROUND_NAMES + list(REFERENCE_FIELDS))
    download_urls = set()
    for name, dataset in by_name.items():
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:title"]["@value"] == str(DATASETS[name].title)
        assert dataset["dct:description"]["@value"]
        assert dataset["dct:publisher"]["foaf:name"] == settings.OPEN_DATA_PUBLISHER_NAME
        assert dataset["dct:license"]["@id"] == settings.OPEN_DATA_LICENCE_URL
        assert dataset["dcat:contactPoint"]["vcard:fn"]
        assert dataset["dcat:contactPoint"]["vcard:hasURL"]
        modified = DATASETS[name].fingerprint()[0]
        if modified is None:  # nothing loaded yet (the reference figures in a test without them)
            assert dataset["dct:modified"] is None
        else:
            assert parse_moment(dataset["dct:modified"]["@value"]) == modified

        distributions = dataset["dcat:distribution"]
        assert len(distributions) == 3
        formats = set()
        for distribution in distributions:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dct:license"]["@id"] == settings.OPEN_DATA_LICENCE_URL
            url = distribution["dcat:downloadURL"]["@id"]
            assert distribution["dcat:accessURL"]["@id"] == url
            download_urls.add(url)
            # The catalogue must point at files that exist, with the media type they are served as.
            response = client.get(urlsplit(url).path)
            assert response.status_code == 200, url
            media_type = distribution["dcat:mediaType"]["@id"].rpartition("/media-types/")[2]
            assert media_type == response["Content-Type"].split(";")[0], url
            extension = url.rpartition(".")[2]
            assert distribution["dct:format"]["@id"].endswith(f"/file-type/{extension.upper()}")
            assert urlsplit(url).path == f"/open-data/{name}.{extension}"
            formats.add(extension)
        assert formats == set(EXTENSIONS)
    assert len(download_urls) == 3 * len(NAMES + ROUND_NAMES + list(REFERENCE_FIELDS))


# --- Caching ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("name", NAMES)
def test_repeated_request_gets_304(client, name, extension):
    first = get_file(client, name, extension)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag
    assert parse_http_date(last_modified) == int(DATASETS[name].fingerprint()[0].timestamp())

    by_etag = get_file(client, name, extension, If_None_Match=etag)
    by_date = get_file(client, name, extension, If_Modified_Since=last_modified)
    stale_etag = get_file(client, name, extension, If_None_Match='"iets-anders"')
    older = get_file(client, name, extension, If_Modified_Since=http_date(parse_http_date(last_modified) - 60))

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert stale_etag.status_code == 200
    assert older.status_code == 200


@pytest.mark.django_db
def test_filtered_file_has_its_own_etag(client):
    everything = get_file(client, "investeringen", "csv")
    filtered = get_file(client, "investeringen", "csv", "?status=gepland")

    assert everything["ETag"] != filtered["ETag"]
    # A cache must not answer the filtered request with the unfiltered file.
    reused = get_file(client, "investeringen", "csv", "?status=gepland", If_None_Match=everything["ETag"])
    assert reused.status_code == 200


def etag(client, name, extension):
    response = get_file(client, name, extension)
    assert response.status_code == 200
    return response["ETag"]


def edit_text():
    investment = Investment.objects.published().first()
    investment.text += " (gecorrigeerd)"
    investment.save()


def delete_one():
    Investment.objects.published().last().delete()


def bulk_unpublish():
    Investment.objects.filter(municipality__cbs_code="GM0917").update(publication_status=DRAFT)


def bulk_swap_publication():
    # One investment is published in place of another: the number of published rows stays the
    # same and .update() touches no timestamp, so only the set of published rows changes.
    first, second = Investment.objects.published().order_by("pk")[:2]
    Investment.objects.filter(pk=first.pk).update(publication_status=DRAFT)
    return lambda: (
        Investment.objects.filter(pk=first.pk).update(publication_status=PUBLISHED),
        Investment.objects.filter(pk=second.pk).update(publication_status=DRAFT),
    )


CHANGES = {"save": edit_text, "delete": delete_one, "bulk_update": bulk_unpublish}


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("name", ["investeringen", "gemeenten"])
def test_change_to_the_data_changes_the_etag(client, name, change, extension):
    before = get_file(client, name, extension)
    CHANGES[change]()
    after = get_file(client, name, extension, If_None_Match=before["ETag"])

    # The old ETag must not keep the old file in a cache: a full 200 with a new ETag.
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("extension", EXTENSIONS)
def test_swapping_published_rows_changes_the_etag(client, extension):
    swap = bulk_swap_publication()
    before = etag(client, "investeringen", extension)
    swap()
    assert etag(client, "investeringen", extension) != before


@pytest.mark.django_db
def test_save_moves_last_modified_and_filename_date(client):
    before = get_file(client, "investeringen", "json")
    # Last-Modified has whole seconds; move the stored time back so that the change is visible.
    Investment.objects.update(updated_at=timezone.now() - timedelta(days=3))
    Investment.history.update(history_date=timezone.now() - timedelta(days=3))
    for model in (Municipality, Theme, TargetGroup, Intervention, Partner, Progress, Interview, Round):
        model.history.update(history_date=timezone.now() - timedelta(days=3))
    Progress.objects.update(updated_at=timezone.now() - timedelta(days=3))
    Interview.objects.update(updated_at=timezone.now() - timedelta(days=3))
    Round.objects.update(updated_at=timezone.now() - timedelta(days=3))
    Municipality.objects.update(updated_at=timezone.now() - timedelta(days=3))
    Intervention.objects.update(updated_at=timezone.now() - timedelta(days=3))
    old = get_file(client, "investeringen", "json")
    three_days_ago = timezone.localdate() - timedelta(days=3)
    assert three_days_ago.isoformat() in old["Content-Disposition"]
    assert old["ETag"] != before["ETag"]

    edit_text()
    new = get_file(client, "investeringen", "json", If_Modified_Since=old["Last-Modified"])

    assert new.status_code == 200
    assert parse_http_date(new["Last-Modified"]) > parse_http_date(old["Last-Modified"])
    assert timezone.localdate().isoformat() in new["Content-Disposition"]
