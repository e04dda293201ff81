"""/vergelijken/: choose municipalities and themes, a heat map with totals, CSV and XLSX (issue 12, item 3)."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from investments.models import Theme
from municipalities.models import Municipality

from .helpers import fill_the_country, get, measured, public_counts

SIX = ["heerlen", "delft", "amsterdam", "rotterdam", "westerveld", "haarlemmermeer"]


def _query(slugs, extra=""):
    return "&".join(f"gemeente={slug}" for slug in slugs) + extra


def _wide_table(html):
    start = html.index('class="portal-compare portal-compare--wide')
    return html[start : html.index("</table>", start)]


def _columns(html):
    return re.findall(r'<th scope="col"><a href="/gemeenten/([\w-]+)/">', _wide_table(html))


def _rows(html):
    """{theme label: [cell values..., row total]} of the wide table, '–' read as 0."""
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", _wide_table(html).split("<tfoot>")[0], re.DOTALL):
        label = re.search(r">([^<]+)</a></th>", row).group(1)
        values = re.findall(
            r'<a class="portal-heat[^>]*>(\d+)</a>|<span aria-hidden="true">–</span>|portal-total">(\d+)<', row
        )
        rows[label] = [int(a or b or 0) for a, b in values]
    return rows


def _footer(html):
    footer = re.search(r"<tfoot>(.*?)</tfoot>", _wide_table(html), re.DOTALL).group(1)
    return [int(n) for n in re.findall(r'portal-total">(\d+)<', footer)]


def _theme_counts(slugs, status=None):
    """{theme label: [per municipality]} counted straight from the rows."""
    from investments.models import Investment, InvestmentStatus

    result = {theme.label: [0] * len(slugs) for theme in Theme.objects.order_by("position")}
    investments = Investment.objects.filter(
        publication_status="published", municipality__publication_status="published", municipality__slug__in=slugs
    )
    if status:
        investments = investments.filter(
            status=InvestmentStatus.COMPLETED if status == "gedaan" else InvestmentStatus.PLANNED
        )
    for slug, label in investments.values_list("municipality__slug", "themes__name"):
        if label:
            result[label][slugs.index(slug)] += 1
    return result


@pytest.mark.django_db
def test_chosen_municipalities_are_the_columns_in_name_order_with_exact_counts_and_totals(client):
    html = get(client, f"/vergelijken/?{_query(SIX)}")
    columns = _columns(html)

    assert columns == sorted(SIX, key=lambda slug: slug.replace("-", " "))
    expected = _theme_counts(columns)
    rows = _rows(html)
    assert {label: values[:-1] for label, values in rows.items()} == expected
    assert all(values[-1] == sum(values[:-1]) for values in rows.values())
    column_totals = [sum(values[i] for values in expected.values()) for i in range(len(columns))]
    assert _footer(html) == [*column_totals, sum(column_totals)]
    # The choice stays ticked.
    for slug in SIX:
        assert f'value="{slug}" id="gemeente-{slug}" checked' in html


@pytest.mark.django_db
def test_province_and_theme_and_status_narrow_the_matrix(client):
    html = get(client, "/vergelijken/?provincie=limburg&thema=training&thema=technologie&status=gedaan")

    assert _columns(html) == ["heerlen", "roermond"]
    rows = _rows(html)
    assert list(rows) == [
        t.label for t in Theme.objects.filter(slug__in=["training", "technologie"]).order_by("position")
    ]
    expected = _theme_counts(["heerlen", "roermond"], status="gedaan")
    assert {label: values[:-1] for label, values in rows.items()} == {label: expected[label] for label in rows}


@pytest.mark.django_db
def test_the_phone_table_is_the_same_matrix_transposed(client):
    html = get(client, f"/vergelijken/?{_query(SIX)}")
    narrow = html[html.index("portal-compare--narrow") :]
    narrow = narrow[: narrow.index("</table>")]

    assert re.findall(r'<th scope="row"><a href="/gemeenten/([\w-]+)/">', narrow) == _columns(html)
    assert narrow.count('<th scope="col">') == Theme.objects.count() + 2  # municipality, themes, total
    # Both tables carry the same cells (and so the same links and names).
    cells = re.compile(r'aria-label="([^"]+)">\d+</a>')
    assert sorted(cells.findall(narrow)) == sorted(cells.findall(_wide_table(html)))


@pytest.mark.django_db
def test_csv_download_is_the_shown_matrix(client):
    response = client.get(f"/vergelijken/?{_query(['heerlen', 'delft'])}&formaat=csv")
    html = get(client, f"/vergelijken/?{_query(['heerlen', 'delft'])}")

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="vergelijking.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Thema", "Delft", "Heerlen", "Totaal"]
    shown = _rows(html)
    assert {row[0]: [int(v) for v in row[1:]] for row in rows[1:-1]} == shown
    assert rows[-1] == ["Totaal", *map(str, _footer(html))]


@pytest.mark.django_db
def test_xlsx_download_is_the_shown_matrix_with_numbers(client):
    response = client.get(f"/vergelijken/?{_query(['heerlen', 'delft'])}&thema=training&formaat=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert values[0] == ["Thema", "Delft", "Heerlen", "Totaal"]
    label = Theme.objects.get(slug="training").label
    expected = _theme_counts(["delft", "heerlen"])[label]
    assert values[1] == [label, *expected, sum(expected)]
    assert values[2] == ["Totaal", *expected, sum(expected)]
    assert sheet.freeze_panes == "B2"


@pytest.mark.django_db
def test_downloads_neutralise_formulas(client):
    Theme.objects.filter(slug="training").update(name='=HYPERLINK("http://x")')
    csv_text = client.get("/vergelijken/?gemeente=heerlen&thema=training&formaat=csv").content.decode("utf-8-sig")
    sheet = load_workbook(
        io.BytesIO(client.get("/vergelijken/?gemeente=heerlen&thema=training&formaat=xlsx").content)
    ).active

    assert "\"'=HYPERLINK" in csv_text
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'=HYPERLINK")


@pytest.mark.django_db
def test_download_links_keep_the_selection(client):
    html = get(client, "/vergelijken/?gemeente=heerlen&thema=training")

    assert 'href="?gemeente=heerlen&amp;thema=training&amp;formaat=csv"' in html
    assert 'href="?gemeente=heerlen&amp;thema=training&amp;formaat=xlsx"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["gemeente=atlantis", "thema=bestaat-niet", "provincie=atlantis", "status=x", "formaat=pdf"]
)
def test_an_unknown_choice_is_named_and_skipped(client, query):
    html = get(client, f"/vergelijken/?{query}")

    assert "utrecht-form-field-error-message" in html
    assert len(_columns(html)) == 16


@pytest.mark.django_db
def test_with_342_municipalities_the_default_stays_readable_and_queries_stay_flat(client):
    client.get("/vergelijken/")
    before, _ = measured(client, "/vergelijken/")
    fill_the_country()
    after, html = measured(client, "/vergelijken/")

    assert after == before <= 10
    # Without a choice: the sixteen with the most investments (the report's), not 342 columns.
    assert len(_columns(html)) == 16
    assert "Landgemeente" not in _wide_table(html)
    assert "de 16 gemeenten met de meeste investeringen" in html
    # Every municipality can still be chosen, grouped by province: one select, not 342 checkboxes.
    assert html.count('name="gemeente"') == 1
    select = html[html.index('<select class="utrecht-select') : html.index("</select>", html.index('name="gemeente"'))]
    assert select.count("<option ") == Municipality.objects.published().count() >= 342
    assert select.count("<optgroup ") == len({m.province for m in Municipality.objects.published()})
    assert '<label for="id_gemeente">' in html
    province, _ = measured(client, "/vergelijken/?provincie=groningen")
    assert province <= 10
    assert 0 < len(_columns(get(client, "/vergelijken/?provincie=groningen"))) <= 40


@pytest.mark.django_db
def test_counts_match_the_data_for_every_municipality_by_default(client):
    html = get(client, "/vergelijken/")
    counts = public_counts()
    columns = _columns(html)

    assert sorted(columns) == sorted(counts)


@pytest.mark.django_db
def test_at_national_scale_the_choice_is_kept_selected_and_every_name_escaped(client):
    fill_the_country()
    Municipality.objects.filter(slug="heerlen").update(name='Heerlen <b>"&</b>')
    html = get(client, "/vergelijken/?gemeente=heerlen&gemeente=delft")
    select = html[html.index('<select class="utrecht-select') : html.index("</select>", html.index('name="gemeente"'))]

    assert sorted(re.findall(r'<option value="([\w-]+)" selected>', select)) == ["delft", "heerlen"]
    assert "<b>" not in html
    assert ">Heerlen &lt;b&gt;&quot;&amp;&lt;/b&gt;</option>" in select
    assert 'aria-label="1 investering — Heerlen &lt;b&gt;&quot;&amp;&lt;/b&gt;,' in html or (
        "investeringen — Heerlen &lt;b&gt;&quot;&amp;&lt;/b&gt;," in html
    )
    assert _columns(html) == ["delft", "heerlen"]


@pytest.mark.django_db
def test_the_report_scale_choice_stays_a_checkbox_per_municipality(client):
    html = get(client, "/vergelijken/?gemeente=heerlen")

    assert html.count('type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" name="gemeente"') == 16
    assert 'id="id_gemeente"' not in html


@pytest.mark.django_db
def test_precomputed_counts_give_the_same_matrix(client, settings):
    computed = get(client, f"/vergelijken/?{_query(SIX)}&status=gepland")
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    get(client, f"/vergelijken/?{_query(SIX)}")  # fills the derived values
    precomputed = get(client, f"/vergelijken/?{_query(SIX)}&status=gepland")
    cache.clear()

    assert _rows(precomputed) == _rows(computed)
    expected = _theme_counts(_columns(computed), status="gepland")
    assert {label: values[:-1] for label, values in _rows(precomputed).items()} == expected


def _finding_table(html):
    start = html.index('id="finding-matrix-caption"')
    return html[start : html.index("</table>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("precompute", [False, True])
def test_the_findings_table_says_ja_where_the_report_names_the_municipality(client, settings, precompute):
    from lessons.models import Bottleneck, Lesson

    settings.PORTAL_PRECOMPUTE = precompute
    cache.clear()
    html = get(client, f"/vergelijken/?{_query(SIX)}")
    table = _finding_table(html)
    columns = re.findall(r'<th scope="col"><a href="/gemeenten/([\w-]+)/">', table)
    rows = re.findall(
        r'<th scope="row"><a href="/(lessen|knelpunten)/([\w-]+)/">[^<]*</a></th>\s*(.*?)\s*</tr>', table, re.S
    )

    expected = []
    for kind, model in (("lessen", Lesson), ("knelpunten", Bottleneck)):
        for finding in model.objects.filter(publication_status="published").order_by("position", "pk"):
            named = set(finding.municipalities.values_list("slug", flat=True))
            expected.append((kind, finding.slug, ["ja" if slug in named else "nee" for slug in columns]))
    found = [(kind, slug, re.findall(r'>(ja)</td>|visually-hidden">(nee)</span>', cells)) for kind, slug, cells in rows]

    assert sorted(columns) == sorted(SIX)
    assert [(kind, slug, [a or b for a, b in cells]) for kind, slug, cells in found] == expected
    assert any("ja" in cells for _kind, _slug, cells in expected)
    cache.clear()
