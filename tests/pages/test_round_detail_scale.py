"""/rondes/<slug>/ at national scale: the interviewed municipalities a page at a time, and the
figures (a count over every investment's progress) once per content version for the public."""

import re

import pytest
from django.core.cache import cache

from municipalities.models import Municipality
from pages.views.rounds import INTERVIEW_PAGE_SIZE
from rounds.models import Interview

pytestmark = pytest.mark.django_db


def _listed(html):
    section = html.split('id="gemeenten"', 1)[1]
    return re.findall(r'<li><a href="/gemeenten/([^/]+)/#ronde-2019">', section)


def test_the_report_municipalities_all_on_one_page(client):
    html = client.get("/rondes/2019/").content.decode()

    interviewed = Interview.objects.published().filter(round__slug="2019")
    assert sorted(_listed(html)) == sorted(interviewed.values_list("municipality__slug", flat=True))
    assert len(_listed(html)) == 16
    assert "portal-pagination" not in html


def test_at_national_scale_a_page_at_a_time(client, grow):
    grow(23)
    interviewed = list(
        Interview.objects.published()
        .filter(round__slug="2019")
        .order_by("municipality__name")
        .values_list("municipality__slug", flat=True)
    )
    assert len(interviewed) > 2 * INTERVIEW_PAGE_SIZE

    first = client.get("/rondes/2019/").content.decode()
    second = client.get("/rondes/2019/?pagina=2").content.decode()

    assert _listed(first) == interviewed[:INTERVIEW_PAGE_SIZE]
    assert _listed(second) == interviewed[INTERVIEW_PAGE_SIZE : 2 * INTERVIEW_PAGE_SIZE]
    assert 'href="?pagina=2" rel="next"' in first
    assert client.get("/rondes/2019/?pagina=x").status_code == 200


def test_the_figures_are_counted_once_per_content_version(client, settings):
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    first = client.get("/rondes/2019/").content.decode()
    # Taken out of the public content without the version moving: the cached figures stay.
    Municipality.objects.filter(slug="delft").update(publication_status="draft")

    again = client.get("/rondes/2019/").content.decode()
    cache.clear()
    fresh = client.get("/rondes/2019/").content.decode()

    figure = re.compile(r'<figcaption id="voortgang-alle-caption">(.*?)</figcaption>')
    assert figure.search(again).group(1) == figure.search(first).group(1)
    assert figure.search(fresh).group(1) != figure.search(first).group(1)


def test_the_questionnaire_is_read_once_per_content_version_and_an_edit_shows(client, settings, committed):
    from core.content_version import current
    from rounds.models import Question

    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    question = Question.objects.filter(round__slug="2019").order_by("number").first()
    assert question.text in client.get("/rondes/2019/").content.decode()

    before = current().value
    with committed():
        question.text = "Een herschreven vraag over de aanpak?"
        question.save()

    # Questionnaires are public content: the edit moves the version, and the page shows it at once.
    assert current().value > before
    assert "Een herschreven vraag over de aanpak?" in client.get("/rondes/2019/").content.decode()
    cache.clear()


def test_a_change_to_progress_moves_the_content_version(committed):
    from core.content_version import current
    from rounds.models import Progress

    progress = Progress.objects.filter(interview__round__slug="2019").first()
    before = current().value
    with committed():
        progress.explanation = "Toegelicht"
        progress.save()

    assert current().value > before


def test_the_public_list_of_interviews_is_kept_per_content_version(client, settings, django_assert_num_queries):
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    first = client.get("/rondes/2019/").content.decode()
    # Taken out of the public content without the version moving: the kept list stays.
    Municipality.objects.filter(slug="delft").update(publication_status="draft")

    with django_assert_num_queries(2):  # the content version and the round
        again = client.get("/rondes/2019/").content.decode()
    cache.clear()
    fresh = client.get("/rondes/2019/").content.decode()

    assert "delft" in _listed(first)
    assert _listed(again) == _listed(first)
    assert "delft" not in _listed(fresh)
    assert "Delft</a>: november 2019, " in first
    cache.clear()


def test_staff_see_a_draft_interview_in_the_list_and_the_public_does_not(client, settings):
    from core.models import PublicationStatus
    from tests.workspace_helpers import ONDERZOEKER, make_user

    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    Interview.objects.filter(round__slug="2019", municipality__slug="baarn").update(
        publication_status=PublicationStatus.DRAFT
    )
    public = client.get("/rondes/2019/").content.decode()
    client.force_login(make_user(ONDERZOEKER))
    staff = client.get("/rondes/2019/").content.decode()

    assert "baarn" not in _listed(public)
    assert "baarn" in _listed(staff)
    cache.clear()
