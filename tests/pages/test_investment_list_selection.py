"""The investment lists at national scale: a filtered list is its selection in the report's order,
although the order and a round's mentions are precomputed, and the cards still show everything
(their terms in order, their history after the report, no draft intervention to the public)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import override_settings

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus
from pages.forms import RoundInvestmentFilterForm
from pages.views.investments import PAGE_SIZE
from rounds.models import Interview, InterviewMode, Round
from rounds.services import record_progress

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED


@pytest.fixture(params=[True, False], ids=["precomputed", "computed"])
def precompute(request):
    """Both ways a page gets its derived values: precomputed as in production, or computed each time."""
    cache.clear()
    with override_settings(PORTAL_PRECOMPUTE=request.param):
        yield
    cache.clear()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _anchors(html):
    return re.findall(r'<article class="portal-investment" id="([^"]+)"', html)


def _card(html, investment):
    start = html.index(f'id="{investment.anchor}"')
    return html[start : html.index("</article>", start)]


def _expected(query):
    """The selection as the form's own filter and the database's sort give it."""
    form = RoundInvestmentFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return list(form.filter(Investment.objects.published()).in_report_order())


@pytest.mark.parametrize(
    "query",
    [
        "thema=training&status=gedaan",
        "ronde=2019",
        "ronde=2019&status=gepland",
        "status=gepland",
        "doelgroep=ouderen&provincie=noord-holland",
        "interventie=compaan&ronde=2019&status=gedaan",
    ],
)
def test_a_filtered_list_is_its_selection_in_report_order(client, grow, precompute, query):
    grow(2)
    expected = _expected(query)
    assert expected, "the selection must not be empty to prove anything"
    first = _get(client, f"/investeringen/?{query}")
    second = _get(client, f"/investeringen/?{query}&pagina=2")
    assert _anchors(first) == [i.anchor for i in expected[:PAGE_SIZE]]
    # Past the last page the paginator shows the last page.
    second_page = expected[PAGE_SIZE : 2 * PAGE_SIZE] if len(expected) > PAGE_SIZE else expected[:PAGE_SIZE]
    assert _anchors(second) == [i.anchor for i in second_page]
    noun = "investering" if len(expected) == 1 else "investeringen"
    assert f"{len(expected)} {noun} gevonden" in first


def test_a_filtered_list_leaves_out_what_is_not_public(client, precompute):
    hidden = Investment.objects.published().filter(themes__slug="training").in_report_order().first()
    Investment.objects.filter(pk=hidden.pk).update(publication_status=PublicationStatus.DRAFT)
    html = _get(client, "/investeringen/?thema=training")
    assert hidden.anchor not in _anchors(html)
    assert _anchors(html) == [i.anchor for i in _expected("thema=training")[:PAGE_SIZE]]


def _later_round():
    return Round.objects.create(
        slug="2099", name="Ronde 2099", starts_on=datetime.date(2099, 3, 1), publication_status=PUBLISHED
    )


@pytest.mark.parametrize("sort", ["", "&sorteer=titel"], ids=["report-order", "sorted"])
def test_a_card_in_a_filtered_list_shows_its_history_after_the_report(client, admin_user, precompute, sort):
    round_ = _later_round()
    followed, other = Investment.objects.published().filter(municipality__slug="delft").in_report_order()[:2]
    interview = Interview.objects.create(
        municipality=followed.municipality, round=round_, mode=InterviewMode.TELEPHONE, publication_status=PUBLISHED
    )
    record_progress(interview, followed, InvestmentStatus.COMPLETED, publication_status=PUBLISHED)
    for user in (None, admin_user):
        if user:
            client.force_login(user)
        html = _get(client, f"/investeringen/?gemeente=delft{sort}")
        card = _card(html, followed)
        assert 'class="portal-history"' in card
        assert f'<a href="{round_.get_absolute_url()}">2099</a>' in card
        assert 'class="portal-history"' not in _card(html, other)


def test_cards_show_their_terms_in_order_and_no_draft_intervention_to_the_public(client, admin_user, precompute):
    investment = (
        Investment.objects.published().filter(interventions__isnull=False, themes__isnull=False).distinct().first()
    )
    query = f"gemeente={investment.municipality.slug}"
    card = _card(_get(client, f"/investeringen/?{query}"), investment)
    themes = re.findall(r'<a href="/investeringen/\?thema=([^"]+)">', card)
    assert themes == [theme.slug for theme in investment.themes.all()]
    for intervention in investment.interventions.all():
        assert f'<a href="{intervention.get_absolute_url()}">{intervention.name}</a>' in card

    draft = investment.interventions.first()
    Intervention.objects.filter(pk=draft.pk).update(publication_status=PublicationStatus.DRAFT)
    cache.clear()
    assert draft.get_absolute_url() not in _card(_get(client, f"/investeringen/?{query}"), investment)
    client.force_login(admin_user)
    assert draft.get_absolute_url() in _card(_get(client, f"/investeringen/?{query}"), investment)


FORM_QUERIES = [
    "",
    "?thema=training&status=gedaan",
    "?status=gedaan&thema=training",
    "?q=%3Cb%3ECompaan%3C%2Fb%3E",
    "?q=compaan",
    "?q=Compaan&sorteer=titel",
    "?thema=bestaat-niet",
]


def _form(html):
    return html.split('<section class="portal-filters"', 1)[1].split("</details>", 1)[0]


def test_the_filter_form_kept_per_version_and_values_is_the_form_written_afresh(client, settings):
    """Kept per content version, the values sent and the language: still each visitor's own choice,
    typed text as typed (and escaped), a wrong choice with its error."""
    settings.PORTAL_PRECOMPUTE = False
    fresh = {
        (prefix, query): _form(_get(client, f"{prefix}/investeringen/{query}"))
        for prefix in ("", "/en")
        for query in FORM_QUERIES
    }
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    try:
        for _ in range(2):  # written and kept; read back
            kept = {key: _form(_get(client, f"{key[0]}/investeringen/{key[1]}")) for key in fresh}
            assert kept == fresh
    finally:
        cache.clear()
    assert 'value="&lt;b&gt;Compaan&lt;/b&gt;"' in fresh["", "?q=%3Cb%3ECompaan%3C%2Fb%3E"]
    assert 'value="compaan"' in fresh["", "?q=compaan"]
    assert fresh["", "?q=compaan"] != fresh["", "?q=Compaan&sorteer=titel"]
    assert fresh["", ""] != fresh["/en", ""]
