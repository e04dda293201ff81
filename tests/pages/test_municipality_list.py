"""Rough edges of /gemeenten/ and the municipality page (issue 12, item 8)."""

import re

import pytest

from investments.models import Intervention
from municipalities.models import Municipality, Province

from .helpers import get, public_counts


def _table_counts(html):
    return {
        slug: (int(done), int(planned))
        for slug, done, planned in re.findall(
            r'<th scope="row"><a href="/gemeenten/([\w-]+)/">.*?<td class="portal-number">(\d+)</td>\s*'
            r'<td class="portal-number">(\d+)</td>',
            html,
            re.DOTALL,
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize("theme", ["training", "meldpunt", "technologie"])
def test_theme_filter_shows_the_counts_in_that_theme(client, theme):
    html = get(client, f"/gemeenten/?thema={theme}")
    expected = {slug: counts for slug, counts in public_counts(theme).items() if sum(counts)}

    assert _table_counts(html) == expected
    assert "Gedaan in dit thema" in html
    # And not the totals, which differ for at least one of them.
    assert any(public_counts()[slug] != counts for slug, counts in expected.items())


@pytest.mark.django_db
def test_without_theme_the_list_shows_each_municipalitys_totals(client):
    assert _table_counts(get(client, "/gemeenten/")) == public_counts()


def _offered_provinces(html, form_id):
    form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.DOTALL).group(0)
    select = re.search(r'<select name="provincie".*?</select>', form, re.DOTALL).group(0)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "form_id"), [("/gemeenten/", "municipality-filters"), ("/investeringen/", "investment-filters")]
)
def test_province_filter_offers_only_provinces_with_municipalities(client, url, form_id):
    present = set(Municipality.objects.filter(publication_status="published").values_list("province", flat=True))

    offered = _offered_provinces(get(client, url), form_id)

    assert set(offered) == present
    assert "groningen" not in offered and "noord-brabant" not in offered
    assert len(present) < len(Province.values)


@pytest.mark.django_db
def test_a_province_without_municipalities_is_still_a_valid_choice_and_stays_selected(client):
    html = get(client, "/gemeenten/?provincie=groningen")

    assert not re.search(r'<select[^>]*name="provincie"[^>]*aria-invalid="true"', html)
    assert '<option value="groningen" selected>' in html
    assert "Geen gemeenten gevonden" in html


@pytest.mark.django_db
def test_province_disappears_from_the_filter_when_its_only_municipality_is_a_draft(client):
    Municipality.objects.filter(slug="westerveld").update(publication_status="draft")

    assert "drenthe" not in _offered_provinces(get(client, "/gemeenten/"), "municipality-filters")


@pytest.mark.django_db
def test_similar_municipalities_name_only_what_is_shared(client):
    checked = 0
    for slug in Municipality.objects.values_list("slug", flat=True):
        html = get(client, f"/gemeenten/{slug}/")
        if 'id="vergelijkbaar"' not in html:
            continue
        section = html[html.index('id="vergelijkbaar"') : html.index("</section>", html.index('id="vergelijkbaar"'))]
        assert not re.search(r"\b0 gedeelde", section), slug
        assert re.findall(r"</a>: [1-9]", section), slug
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_similar_municipality_without_shared_interventions_names_only_themes(client):
    # With no published interventions, nothing can be shared but themes.
    Intervention.objects.update(publication_status="draft")
    html = get(client, "/gemeenten/haarlemmermeer/")
    section = html[html.index('id="vergelijkbaar"') :]
    section = section[: section.index("</section>")]

    items = re.findall(r"<li>.*?</li>", section, re.DOTALL)
    assert len(items) == 3
    assert all("interventie" not in item and ("gedeelde thema" in item or "gedeeld thema" in item) for item in items)
