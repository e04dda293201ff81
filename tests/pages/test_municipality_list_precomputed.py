"""/gemeenten/ from precomputed selections (issue 13, national scale).

The public list's selections, orders, map and filter form are kept per content version; these tests
turn that on and check that every order, filter and visitor still gets exactly what the database says.
"""

import re

import pytest

from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Investment, Theme
from municipalities.models import Municipality
from tests.workspace_helpers import ONDERZOEKER, make_user

from .helpers import get


def _table_slugs(html):
    if '<table class="portal-data-table">' not in html:
        return []
    table = html[html.index('<table class="portal-data-table">') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<th scope="row"><a href="(?:/en)?/gemeenten/([\w-]+)/">', table)


def _map_slugs(html):
    if "<svg" not in html:
        return []
    svg = html[html.index("<svg") : html.index("</svg>")]
    return re.findall(r'<a href="(?:/en)?/gemeenten/([\w-]+)/" class="portal-map__link', svg)


def _public():
    return Municipality.objects.filter(publication_status=PublicationStatus.PUBLISHED)


def _with_public_investment_in(theme_slug):
    return set(
        Investment.objects.filter(
            publication_status=PublicationStatus.PUBLISHED,
            municipality__publication_status=PublicationStatus.PUBLISHED,
            themes__slug=theme_slug,
        ).values_list("municipality__slug", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "ordering"),
    [
        ("naam", ["name"]),
        ("-naam", ["-name"]),
        ("provincie", ["province", "name"]),
        ("-provincie", ["-province", "name"]),
        ("aanpak", ["approach_name", "programme", "name"]),
        ("-aanpak", ["-approach_name", "programme", "name"]),
    ],
)
def test_every_text_order_is_the_databases(client, precomputed, sort, ordering):
    expected = list(_public().order_by(*ordering).values_list("slug", flat=True))

    # Twice: the second answer comes from the precomputed order.
    for _ in range(2):
        assert _table_slugs(get(client, f"/gemeenten/?sorteer={sort}")) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("descending", [False, True])
def test_count_order_keeps_the_name_order_among_equal_counts(client, precomputed, descending):
    html = get(client, f"/gemeenten/?sorteer={'-' if descending else ''}gedaan")
    rows = re.findall(
        r'<th scope="row"><a href="/gemeenten/([\w-]+)/">([^<]+)</a></th>.*?<td class="portal-number">(\d+)</td>',
        html,
        re.DOTALL,
    )

    keys = [((-1 if descending else 1) * int(done), name) for _slug, name, done in rows]
    assert len(rows) == _public().count()
    assert keys == sorted(keys)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["provincie=zuid-holland", "thema=training", "provincie=limburg&thema=meldpunt", "thema=technologie"]
)
def test_a_filtered_selection_lists_and_maps_what_the_database_selects(client, precomputed, query):
    expected = _public()
    for name, value in (part.split("=") for part in query.split("&")):
        if name == "provincie":
            expected = expected.filter(province=value)
        else:
            expected = expected.filter(slug__in=_with_public_investment_in(value))
    expected = list(expected.order_by("name").values_list("slug", flat=True))

    for _ in range(2):
        html = get(client, f"/gemeenten/?{query}")
        assert _table_slugs(html) == expected
        # The map draws the selection, by name (those with a boundary in the map's data).
        assert set(_map_slugs(html)) <= set(expected)
        assert _map_slugs(html) == sorted(_map_slugs(html), key=expected.index)
        assert len(_map_slugs(html)) >= len(expected) - 1


def _form(html):
    return html.split('id="municipality-filters"')[1].split("</form>")[0]


@pytest.mark.django_db
def test_the_kept_filter_form_shows_each_visitors_own_choice(client, precomputed):
    theme = Theme.objects.get(slug="training")

    assert '<option value="limburg" selected>' in get(client, "/gemeenten/?provincie=limburg")
    unfiltered = get(client, "/gemeenten/")
    # Participation (with findings), province and theme: each at its empty choice.
    assert re.findall(r'<option value="([^"]*)" selected>', _form(unfiltered)) == ["", "", ""]
    assert f'<option value="{theme.slug}" selected>' in get(client, "/gemeenten/?thema=training")
    # A wrong choice gets its own message, never the kept form of another choice.
    wrong = get(client, "/gemeenten/?thema=bestaat-niet")
    assert 'aria-invalid="true"' in wrong
    assert 'aria-invalid="true"' not in get(client, "/gemeenten/")
    # Each language its own form.
    assert _form(get(client, "/gemeenten/?provincie=limburg")).count(">Alle<") == 2
    assert _form(get(client, "/en/gemeenten/?provincie=limburg")).count(">All<") == 2


@pytest.mark.django_db
def test_staff_drafts_never_reach_the_public_selection(client, precomputed):
    draft = Municipality.objects.get(slug="westerveld")
    set_publication_status(Municipality.objects.filter(pk=draft.pk), PublicationStatus.DRAFT)
    staff = make_user(ONDERZOEKER)
    client.force_login(staff)
    for query in ("", "?sorteer=aanpak", "?provincie=drenthe"):
        assert "westerveld" in _table_slugs(get(client, f"/gemeenten/{query}"))
    client.logout()

    for query in ("", "?sorteer=aanpak", "?provincie=drenthe"):
        html = get(client, f"/gemeenten/{query}")
        assert "westerveld" not in _table_slugs(html)
        assert "westerveld" not in _map_slugs(html)
