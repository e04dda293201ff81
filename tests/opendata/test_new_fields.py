"""Open data's additions: provincie/partners/bereik on investeringen, website/links on gemeenten, a
tips dataset, the filters that let a list's selection be downloaded, and readable XLSX files."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from investments.models import Investment
from lessons.models import Quote, Tip
from municipalities.models import Municipality, MunicipalityLink

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return json.loads(_body(response))


def _sheet(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return load_workbook(io.BytesIO(_body(response))).worksheets[0]


def test_investments_gain_province_partners_and_reach(client):
    records = {record["id"]: record for record in _json(client, "/open-data/investeringen.json")}
    with_partners = Investment.objects.published().filter(partners__isnull=False).distinct()
    with_reach = Investment.objects.published().exclude(reach="")
    assert with_partners.exists() and with_reach.exists()
    for investment in with_partners:
        assert records[investment.pk]["partners"] == sorted(p.name for p in investment.partners.all())
    for investment in with_reach:
        assert records[investment.pk]["bereik"] == investment.reach
    for investment in Investment.objects.published().select_related("municipality"):
        assert records[investment.pk]["provincie"] == investment.municipality.get_province_display()
    # The existing fields are all still there, in front.
    assert list(next(iter(records.values())))[:10] == [
        "id", "gemeente", "gemeente_cbs_code", "status", "titel", "omschrijving", "themas", "doelgroepen",
        "interventies", "url",
    ]  # fmt: skip


def test_municipalities_gain_website_and_links(client):
    delft = Municipality.objects.get(slug="delft")
    delft.website = "https://www.delft.nl/"
    delft.save()
    MunicipalityLink.objects.create(municipality=delft, title="Eerste", url="https://example.org/1", position=100)
    MunicipalityLink.objects.create(municipality=delft, title="Tweede", url="https://example.org/2", position=101)
    records = {record["slug"]: record for record in _json(client, "/open-data/gemeenten.json")}
    assert records["delft"]["website"] == "https://www.delft.nl/"
    assert records["delft"]["links"][-2:] == ["https://example.org/1", "https://example.org/2"]
    rows = {
        row["slug"]: row for row in csv.DictReader(io.StringIO(_body(client.get("/open-data/gemeenten.csv")).decode()))
    }
    assert rows["delft"]["links"].endswith("https://example.org/1|https://example.org/2")


def test_tips_dataset_lists_each_published_tip(client):
    records = _json(client, "/open-data/tips.json")
    expected = Tip.objects.published().select_related("municipality", "bottleneck")
    assert sorted((r["gemeente"], r["knelpunt"], r["tekst"]) for r in records) == sorted(
        (t.municipality.name, t.bottleneck.slug, t.text) for t in expected
    )
    assert all(r["url"].startswith("http://testserver/knelpunten/") for r in records)
    assert "tips.json" in client.get("/open-data/").content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/open-data/tips.json?gemeente=roermond", {"municipality__slug": "roermond"}),
        ("/open-data/tips.json?gemeente=GM0957", {"municipality__cbs_code": "GM0957"}),
        ("/open-data/tips.json?knelpunt=community-building", {"bottleneck__slug": "community-building"}),
    ],
)
def test_tip_filters(client, url, expected):
    records = _json(client, url)
    assert sorted(r["tekst"] for r in records) == sorted(
        Tip.objects.published().filter(**expected).values_list("text", flat=True)
    )
    assert 0 < len(records) < 4


@pytest.mark.parametrize(
    ("query", "lookup"),
    [
        ("gemeente=den-haag", {"municipality__slug": "den-haag"}),
        ("les=verdiepingsslag-problematiek", {"lesson__slug": "verdiepingsslag-problematiek"}),
        ("knelpunt=actief-duurzaam-netwerk", {"bottleneck__slug": "actief-duurzaam-netwerk"}),
    ],
)
def test_quote_filters(client, query, lookup):
    records = _json(client, f"/open-data/citaten.json?{query}")
    assert sorted(r["tekst"] for r in records) == sorted(
        Quote.objects.published().filter(**lookup).values_list("text", flat=True)
    )


def test_theme_filter_on_tips_and_quotes_follows_the_municipalities_investments(client):
    municipalities = set(
        Investment.objects.published().filter(themes__slug="training").values_list("municipality__name", flat=True)
    )
    quotes = _json(client, "/open-data/citaten.json?thema=training")
    assert quotes and {q["gemeente"] for q in quotes} <= municipalities
    assert len(quotes) == Quote.objects.published().filter(municipality__name__in=municipalities).count()


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/open-data/gemeenten.json?provincie=limburg", {"Heerlen", "Roermond"}),
        ("/open-data/gemeenten.json?provincie=limburg&thema=technologie", None),
    ],
)
def test_municipality_filters(client, url, names):
    records = _json(client, url)
    expected = Municipality.objects.published().filter(province="limburg")
    if "thema" in url:
        expected = expected.filter(
            investments__in=Investment.objects.published().filter(themes__slug="technologie")
        ).distinct()
    assert {r["naam"] for r in records} == set(expected.values_list("name", flat=True))
    if names:
        assert names <= {r["naam"] for r in records}


def test_investment_province_and_text_filters(client):
    province = Investment.objects.published().filter(text__icontains="compaan").first().municipality.province
    records = _json(client, f"/open-data/investeringen.json?provincie={province}&q=compaan")
    expected = Investment.objects.published().filter(municipality__province=province, text__icontains="compaan")
    assert expected.count() < Investment.objects.published().filter(text__icontains="compaan").count()
    assert sorted(r["id"] for r in records) == sorted(expected.values_list("pk", flat=True))
    assert records


@pytest.mark.parametrize(
    ("url", "mention"),
    [
        ("/open-data/tips.csv?gemeente=nergenshuizen", "nergenshuizen"),
        ("/open-data/citaten.json?les=bestaat-niet", "bestaat-niet"),
        ("/open-data/gemeenten.xlsx?provincie=atlantis", "atlantis"),
        ("/open-data/gemeenten.json?thema=geen-thema", "geen-thema"),
        ("/open-data/investeringen.csv?q=" + "x" * 201, "q"),
        ("/open-data/tips.json?les=verdiepingsslag-problematiek", "les"),
    ],
)
def test_bad_filters_give_a_bilingual_400(client, url, mention):
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert mention in text
    assert "The filters in the address are not valid" in text


def test_xlsx_is_readable(client):
    sheet = _sheet(client, "/open-data/investeringen.xlsx")
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{chr(ord('A') + len(header) - 1)}{len(rows)}"
    assert all(sheet.cell(row=1, column=n).font.bold for n in range(1, len(header) + 1))
    widths = {name: sheet.column_dimensions[chr(ord("A") + n)].width for n, name in enumerate(header)}
    assert widths["omschrijving"] == 60  # long text: capped, and wrapped
    assert 8 <= widths["id"] < 12
    assert widths["gemeente"] < widths["omschrijving"]
    text_column = header.index("omschrijving") + 1
    long_cells = [row[0] for row in sheet.iter_rows(min_row=2, min_col=text_column, max_col=text_column)]
    assert all(cell.alignment.wrap_text for cell in long_cells if len(cell.value) > 60)
    # Lists read as "a; b" in a spreadsheet (CSV keeps the contract's "|").
    themes = [row[header.index("themas")] for row in rows[1:] if row[header.index("themas")]]
    assert any("; " in value for value in themes)
    assert not any("|" in value for value in themes)


def test_filtered_xlsx_has_the_filter_over_its_own_rows(client):
    sheet = _sheet(client, "/open-data/tips.xlsx?knelpunt=community-building")
    assert sheet.max_row == 3
    assert sheet.auto_filter.ref == "A1:E3"
