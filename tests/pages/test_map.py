"""The map of the Netherlands on the home page and /gemeenten/ (issue 12, item 2)."""

import json
import re
import subprocess
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models import F

from core import content_version
from core.models import ContentVersion, new_content_token
from municipalities.models import Municipality
from pages.geo import geometry

from .helpers import PUBLISHED, fill_the_country, get, map_links, measured, public_counts

HAND_MADE_BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"gemeentecode": code, "gemeentenaam": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for code, name, ring in [
            ("GM0001", "Vierkant", [[5.0, 52.0], [5.2, 52.0], [5.2, 52.2], [5.0, 52.2], [5.0, 52.0]]),
            ("GM0002", "Driehoek", [[5.2, 52.0], [5.4, 52.0], [5.3, 52.3], [5.2, 52.0]]),
            ("GM0998", "Buitenland", [[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.0]]),
        ]
    ],
}


def test_boundaries_are_projected_to_svg_paths_from_the_reference_folder(settings, tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "gemeenten-2023.geojson").write_text(json.dumps(HAND_MADE_BOUNDARIES), encoding="utf-8")
    settings.PORTAL_REFERENCE_DATA_DIR = tmp_path

    shapes = geometry()

    assert shapes.loaded and "CBS" in shapes.source
    # GM0998 is no municipality: left out, and the map spans the two that are.
    assert sorted(shapes.paths) == ["GM0001", "GM0002"]
    assert shapes.view_box.startswith("0 0 600 ")
    assert all(re.fullmatch(r"M[-\d ]+(?:[lMz][-\d ]*)*", d) for d in shapes.paths.values())
    # North up: the square's top edge (52.2° N) is higher on the map than its bottom (52.0° N).
    assert shapes.paths["GM0001"].startswith("M0 ")


def test_the_real_boundaries_hold_every_dutch_municipality_by_cbs_code(reference_data):
    codes = set(geometry().paths)

    assert len(codes) == 342 and "GM0998" not in codes
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)


def test_no_boundary_coordinates_in_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"],  # noqa: S607 - git from PATH, as a developer runs it
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not [name for name in tracked if name.endswith((".geojson", ".shp", ".topojson"))]
    assert not [name for name in tracked if name.startswith("fixtures/geo/")]


@pytest.mark.django_db
def test_without_the_reference_folder_the_map_says_it_is_not_loaded(client, settings, tmp_path):
    settings.PORTAL_REFERENCE_DATA_DIR = tmp_path / "absent"

    for url in ("/", "/gemeenten/"):
        html = get(client, url)
        assert "De kaart is niet geladen" in html and "<svg" not in html[html.index('class="portal-map"') :][:300]
    # The table alternative on the home page still lists the municipalities and their numbers.
    assert 'href="/gemeenten/heerlen/"' in get(client, "/")


@pytest.mark.django_db
def test_every_report_municipality_has_a_boundary(reference_data):
    codes = set(Municipality.objects.values_list("cbs_code", flat=True))
    assert codes <= set(geometry().paths)


@pytest.mark.django_db
def test_home_map_links_every_published_municipality_coloured_by_its_investments(reference_data, client):
    html = get(client, "/")
    counts = public_counts()
    links = dict(map_links(html))

    assert set(links) == set(counts) and len(links) == 16
    busiest = max(counts, key=lambda slug: sum(counts[slug]))
    assert links[busiest] == "4"
    for slug, level in links.items():
        assert (level == "0") == (sum(counts[slug]) == 0)
    # Each link is named with its number, for a screen reader and a keyboard user alike.
    heerlen = Municipality.objects.get(slug="heerlen")
    assert f'aria-label="Heerlen: {sum(counts["heerlen"])} investeringen"' in html
    # The rest of the country is drawn, once, as background without links.
    background = re.search(r'<path class="portal-map__other" d="([^"]+)" aria-hidden="true"/>', html).group(1)
    assert geometry().paths[heerlen.cbs_code] not in background
    assert background.count("M") >= 342 - 16
    assert "CC BY 4.0" in html


@pytest.mark.django_db
def test_home_map_has_a_legend_and_a_table_with_the_same_numbers(reference_data, client):
    html = get(client, "/")
    counts = public_counts()
    table = html[html.index('<details class="portal-map__table">') :]
    rows = re.findall(
        r'<th scope="row"><a href="/gemeenten/([\w-]+)/">[^<]+</a></th><td class="portal-number">(\d+)</td>'
        r'<td class="portal-number">(\d+)</td><td class="portal-number">(\d+)</td>',
        table,
    )

    assert {slug: (int(done), int(planned)) for slug, done, planned, _ in rows} == counts
    assert all(int(total) == int(done) + int(planned) for _, done, planned, total in rows)
    legend = re.search(r'<ul class="portal-legend portal-map__legend".*?</ul>', html, re.DOTALL).group(0)
    assert "geen investeringen" in legend and "niet in het onderzoek" in legend
    assert re.search(r"\d+–\d+ investeringen", legend)


@pytest.mark.django_db
def test_home_map_colours_by_a_chosen_theme(reference_data, client):
    html = get(client, "/?kaartthema=training")
    counts = public_counts("training")
    labels = dict(
        re.findall(r'<a href="/gemeenten/([\w-]+)/" class="portal-map__link[^"]*" aria-label="([^"]+)"', html)
    )

    assert "Training en deskundigheidsbevordering" in html[html.index('id="kaart-bijschrift"') :][:400]
    for slug, (done, planned) in counts.items():
        assert re.search(rf": {done + planned} investering", unescape(labels[slug])), slug
    # Some municipalities have nothing in this theme: they stay links, in the "none" colour.
    assert "0" in dict(map_links(html)).values()
    assert '<option value="training" selected>' in html


@pytest.mark.django_db
def test_home_map_ignores_an_unknown_theme_and_says_so(reference_data, client):
    html = get(client, "/?kaartthema=bestaat-niet")

    assert re.search(r'<select[^>]*name="kaartthema"[^>]*aria-invalid="true"', html)
    assert len(map_links(html)) == 16


@pytest.mark.django_db
def test_municipality_list_map_shows_the_filtered_municipalities(reference_data, client):
    html = get(client, "/gemeenten/?provincie=limburg")

    assert sorted(slug for slug, _ in map_links(html)) == ["heerlen", "roermond"]


@pytest.mark.django_db
def test_draft_municipality_leaves_the_map(reference_data, client):
    Municipality.objects.filter(slug="westerveld").update(publication_status="draft")

    assert "westerveld" not in dict(map_links(get(client, "/")))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/?kaartthema=training", "/gemeenten/", "/gemeenten/?thema=training"])
def test_map_holds_all_342_municipalities_in_a_flat_number_of_queries(client, settings, url):
    # As in production: counts over everything are precomputed per content version.
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    client.get(url)  # warm-up: process-wide caches and the precomputed counts
    before, _ = measured(client, url)
    fill_the_country()
    # Written in bulk, as an import would, which then moves the content version.
    ContentVersion.objects.filter(pk=content_version.ROW).update(value=F("value") + 1, token=new_content_token())
    client.get(url)  # the first request of the new version computes its counts
    after, html = measured(client, url)
    cache.clear()

    assert after == before <= 10
    expected = Municipality.objects.filter(publication_status=PUBLISHED).count()
    assert expected >= 342
    if "thema" not in url or "kaart" in url:
        assert len(map_links(html)) == expected
    assert 'class="portal-map__other"' in html
