"""The country beside the report (issue 22): factsheets, the indicator map, municipalities without findings."""

import csv
import re
from decimal import Decimal
from html import unescape

import pytest

from core import reference_data
from municipalities.models import Municipality

from .helpers import get, measured

# The country is loaded once for the module, on one worker (tests/conftest.py: module_transaction).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("country-pages")]


@pytest.fixture
def country(country_once):
    """Loaded once for this module's tests (tests/conftest.py: country_for_module)."""
    return country_once


def _text(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _rivm(code, year, age):
    path = reference_data.folder() / "context" / "rivm_eenzaamheid_gemeente_2012_2016_2020.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(
            row
            for row in csv.DictReader(handle)
            if row["gemeentecode"] == code and row["jaar"] == str(year) and row["leeftijd"] == age
        )


def _dutch(value):
    return str(value).replace(".", ",")


def test_factsheet_shows_loneliness_against_nederland_and_the_province_spread(client, country):
    html = get(client, "/gemeenten/heerlen/feiten/")
    table = html[html.index('id="tabel-eenzaam18plus"') :]
    table = table[: table.index("</table>")]
    limburg = Municipality.objects.filter(province="limburg").values_list("cbs_code", flat=True)
    values_2020 = [
        Decimal(row["eenzaam_pct"]) for row in (_rivm_or_none(code, 2020, "18+") for code in limburg) if row is not None
    ]

    row_2020 = re.search(r"<th scope=\"row\">2020</th>(.*?)</tr>", table).group(1)
    cells = re.findall(r'<td class="portal-number">([^<]*)</td>', row_2020)
    assert cells[0] == _dutch(_rivm("GM0917", 2020, "18+")["eenzaam_pct"])
    assert cells[1] == _dutch(_rivm("NL01", 2020, "18+")["eenzaam_pct"]) == "47,0"
    assert cells[2] == _dutch(min(values_2020)) and cells[4] == _dutch(max(values_2020))
    assert int(cells[5]) == len(values_2020)
    text = _text(html)
    assert "Bron: RIVM/CBS StatLine 50090NED" in text and "odelmatige schatting" in text
    # Every chart has its table; 65+ is there too, and what Heerlen invested sits beside it.
    assert html.count('class="portal-chart__svg"') <= html.count("<table")
    assert 'id="tabel-eenzaam65plus"' in html
    assert "Wat de gemeente investeerde" in text and 'href="/gemeenten/heerlen/#' in html


def _rivm_or_none(code, year, age):
    try:
        return _rivm(code, year, age)
    except StopIteration:
        return None


def test_a_merged_municipality_says_geen_cijfer_instead_of_a_guess(client, country):
    html = get(client, "/gemeenten/eemsdelta/feiten/")

    assert "Geen cijfer voor deze gemeente." in html
    eenzaam = html[html.index('id="tabel-eenzaam18plus"') :]
    row = re.search(r'<th scope="row">2020</th><td class="portal-number">([^<]*)</td>', eenzaam).group(1)
    assert row == "geen cijfer"


def test_a_municipality_outside_the_study_has_a_plain_page(client, country):
    html = get(client, "/gemeenten/aa-en-hunze/")
    text = _text(html)

    assert "Nog geen bevindingen" in text and "Situatie" not in text
    assert f"{_dutch(_rivm('GM1680', 2020, '18+')['eenzaam_pct'])}% (Nederland 47,0%)" in text
    assert 'href="/gemeenten/aa-en-hunze/feiten/"' in html
    assert 'class="portal-chart__own" d="M' in html  # where it lies on the map
    # A municipality of the report keeps its full page, with the summary added.
    heerlen = _text(get(client, "/gemeenten/heerlen/"))
    assert "Situatie" in heerlen and "Nog geen bevindingen" not in heerlen and "Feiten en cijfers" in heerlen


def test_the_map_colours_all_342_and_marks_the_study_municipalities(client, country):
    html = get(client, "/kaart/?indicator=eenzaam&jaar=2016&leeftijd=65%2B")
    links = re.findall(r'<a href="/gemeenten/([\w-]+)/" class="portal-indicator-map__link ([^"]+)"', html)

    assert len(links) == 342
    study = {slug for slug, css in links if "portal-indicator-map__study" in css}
    assert study == set(Municipality.objects.filter(interviews__round__is_report=True).values_list("slug", flat=True))
    assert len(study) == 16
    # The table alternative holds the same value as the CSV, per municipality.
    value = _dutch(_rivm("GM0917", 2016, "65+")["eenzaam_pct"])
    assert re.search(
        rf'<a href="/gemeenten/heerlen/">Heerlen</a></th><td>Limburg</td><td class="portal-number">{value}<', html
    )
    legend = re.search(r'<ul class="portal-legend portal-map__legend".*?</ul>', html, re.DOTALL).group(0)
    assert legend.count("portal-indicator-map__class-") == 5 and "geen cijfer" in legend
    merged = [slug for slug, css in links if "portal-indicator-map__none" in css]
    assert "eemsdelta" in merged


def test_the_map_answers_an_unknown_choice_with_the_default(client, country):
    html = get(client, "/kaart/?indicator=bestaat-niet&jaar=1900")

    assert 'aria-invalid="true"' in html
    assert len(re.findall(r'class="portal-indicator-map__link', html)) == 342
    # A year the indicator lacks: the latest it has, and the page says so.
    html = get(client, "/kaart/?indicator=eenzaam&jaar=2025")
    assert "Voor die keuze zijn geen cijfers" in html and "2020" in html


@pytest.mark.parametrize(
    "url", ["/gemeenten/aa-en-hunze/", "/gemeenten/aa-en-hunze/feiten/", "/kaart/", "/gemeenten/?deelname=alle"]
)
def test_country_pages_stay_within_ten_queries_with_342_municipalities(client, country, precomputed, url):
    client.get(url)  # warm-up: values kept per content version
    queries, _html = measured(client, url)

    assert queries <= 10, url


def test_the_home_map_colours_by_a_figure_on_request(client, country):
    html = get(client, "/?kaartindicator=eenzaam")

    assert len(re.findall(r'class="portal-indicator-map__link', html)) == 342
    assert 'class="portal-map__link' not in html  # instead of the investments' colours, not beside them
    assert '<option value="eenzaam" selected>' in html
    # Unknown: the investments' map, as without a choice.
    assert len(re.findall(r'class="portal-map__link', get(client, "/?kaartindicator=bestaat-niet"))) == 342


def test_a_kept_factsheet_follows_new_figures_and_each_language(client, country, precomputed, committed):
    """The figures part is kept as a fragment per content version and language: a new value shows at
    once (loading moves the version), and English keeps its own markup."""
    from core import content_version
    from indicators.models import IndicatorValue

    dutch = get(client, "/gemeenten/heerlen/feiten/")
    english = get(client, "/en/gemeenten/heerlen/feiten/")
    assert dutch != english and get(client, "/gemeenten/heerlen/feiten/") == dutch

    value = (
        IndicatorValue.objects.filter(indicator__slug="eenzaam", area_code="GM0917", year=2020)
        .order_by("age_group")
        .first()
    )
    with committed():
        IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal("12.3"))
        content_version.bump()  # as load_reference_data and the StatLine import do

    assert "12,3" in get(client, "/gemeenten/heerlen/feiten/")
