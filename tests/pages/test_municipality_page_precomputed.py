"""The municipality page reads which findings name it, and whether it has quotes, tips and links,
from values kept per content version (issue 13); what it shows stays what the database holds."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from core.publication import set_publication_status
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink
from rounds.models import Answer, Interview, Question, Round
from tests.workspace_helpers import ONDERZOEKER, make_user

from .helpers import fresh_computed_kept, get

PUBLISHED = PublicationStatus.PUBLISHED


def _expected(municipality):
    lessons = Lesson.objects.filter(publication_status=PUBLISHED, municipalities=municipality).order_by(
        "position", "pk"
    )
    bottlenecks = Bottleneck.objects.filter(publication_status=PUBLISHED, municipalities=municipality).order_by(
        "position", "pk"
    )
    return {
        "findings": [f"/lessen/{item.slug}/" for item in lessons]
        + [f"/knelpunten/{item.slug}/" for item in bottlenecks],
        "links": list(MunicipalityLink.objects.filter(municipality=municipality).values_list("url", flat=True)),
        "quotes": Quote.objects.published().filter(municipality=municipality).count(),
        "tips": Tip.objects.published().filter(municipality=municipality).count(),
        "answers": Answer.objects.published().filter(interview__municipality=municipality).count(),
    }


def _shown(html):
    named = html.split('id="lessen-en-knelpunten"', 1)
    findings = (
        re.findall(r'<li>(?:Les|Knelpunt): <a href="([^"]+)">', named[1].split("</ul>", 1)[0]) if len(named) > 1 else []
    )
    links = []
    if 'id="links"' in html:
        section = html.split('id="links"', 1)[1].split("</section>", 1)[0]
        links = re.findall(r'<li><a href="([^"]+)">', section)
    return {
        "findings": findings,
        "links": links,
        "quotes": html.count('<figure class="portal-quote">'),
        "tips": html.count('<figure class="portal-quote portal-tip">'),
        "answers": html.count('<dt id="'),
    }


@pytest.mark.django_db
def test_every_municipality_shows_what_the_database_holds(client, precomputed):
    municipalities = list(Municipality.objects.filter(publication_status=PUBLISHED))
    seen = {"findings": 0, "links": 0, "quotes": 0, "tips": 0, "answers": 0}
    for municipality in municipalities:
        # Twice: the second page comes from the kept values.
        for _ in range(2):
            shown = _shown(get(client, f"/gemeenten/{municipality.slug}/"))
            expected = _expected(municipality)
            # The links section starts with the municipality's website, which is no MunicipalityLink.
            assert {**shown, "links": [url for url in shown["links"] if url != municipality.website]} == expected
        for kind, value in expected.items():
            seen[kind] += bool(value)
    # The report's data has every kind somewhere, and quotes, tips and links not everywhere.
    assert all(seen[kind] for kind in ("findings", "quotes", "tips", "links")), seen
    assert all(seen[kind] < len(municipalities) for kind in ("quotes", "tips", "links")), seen


@pytest.mark.django_db
def test_answers_show_only_where_the_public_may_see_them(client, precomputed):
    municipality = Municipality.objects.get(slug="heerlen")
    interview = Interview.objects.filter(municipality=municipality).first()
    for question in Question.objects.filter(round=interview.round)[:2]:
        Answer.objects.create(interview=interview, question=question, text="Een antwoord", publication_status=PUBLISHED)
    answers = Answer.objects.published().filter(interview__municipality=municipality)
    assert answers.count() == 2
    url = f"/gemeenten/{municipality.slug}/"
    assert get(client, url).count('<dt id="') == answers.count()
    set_publication_status(Answer.objects.filter(interview__municipality=municipality), PublicationStatus.DRAFT)
    cache.clear()  # as the content version's move would

    assert '<dt id="' not in get(client, url)
    client.force_login(make_user(ONDERZOEKER))
    assert get(client, url).count('<dt id="') == Answer.objects.filter(interview__municipality=municipality).count()


@pytest.mark.django_db
def test_staff_see_a_draft_quote_that_the_public_never_sees(client, precomputed):
    quote = Quote.objects.published().filter(municipality__isnull=False).first()
    set_publication_status(Quote.objects.filter(pk=quote.pk), PublicationStatus.DRAFT)
    url = f"/gemeenten/{quote.municipality.slug}/"
    public_before = get(client, url)

    client.force_login(make_user(ONDERZOEKER))
    staff = get(client, url)
    client.logout()

    assert quote.text[:40] in staff
    assert quote.text[:40] not in public_before
    assert quote.text[:40] not in get(client, url)


@pytest.mark.django_db
def test_interviews_without_answers_read_from_kept_values_are_those_of_the_database(client, settings):
    """A municipality without public answers gets its interviews from values kept per content
    version: the same lines, a later round's with its link, a draft round's nowhere."""
    municipality = Municipality.objects.get(slug="heerlen")
    Answer.objects.filter(interview__municipality=municipality).delete()
    later = Round.objects.create(
        slug="2031", name="Ronde 2031", starts_on=datetime.date(2031, 3, 1), publication_status=PUBLISHED
    )
    draft = Round.objects.create(slug="2032", name="Ronde 2032", starts_on=datetime.date(2032, 3, 1))
    for round_, when in ((later, datetime.date(2031, 4, 2)), (draft, datetime.date(2032, 4, 2))):
        Interview.objects.create(
            municipality=municipality,
            round=round_,
            mode="online",
            held_on=when,
            interviewee_role="wethouder & ambtenaar",
            publication_status=PUBLISHED,
        )
    url = f"/gemeenten/{municipality.slug}/"
    fresh, computed, kept = (pages[url] for pages in fresh_computed_kept(client, settings, [url]))
    assert computed == fresh
    assert kept == fresh
    line = "2031-04-02</span>, online (wethouder &amp; ambtenaar); bron: interview"
    line += ' · <a href="/rondes/2031/">Ronde 2031</a>'
    assert line in kept
    assert "2032" not in kept


@pytest.mark.django_db
def test_a_generated_municipality_asks_only_for_itself_and_its_investments(client, precomputed, grow):
    """Interviews, links, similar municipalities, the users of its interventions, its investments'
    terms and history (none after the report) and its public quotes and tips come from values kept
    per content version: with those kept, the page asks the content version, the municipality and
    its investments."""
    grow(1)
    municipality = Municipality.objects.filter(slug__startswith="testgemeente").order_by("slug").first()
    assert Quote.objects.published().filter(municipality=municipality).exists()
    url = f"/gemeenten/{municipality.slug}/"
    first = get(client, url)  # computes and keeps
    with CaptureQueriesContext(connection) as queries:
        kept = get(client, url)
    assert kept == first
    tables = [re.search(r'FROM "(\w+)"', query["sql"]).group(1) for query in queries.captured_queries]
    assert tables == [
        "municipalities_municipality",
        "investments_investment",
        "core_contentversion",
    ], tables


@pytest.mark.django_db
def test_quotes_and_tips_from_kept_values_are_those_the_database_gives(client, settings):
    """Every report municipality's page, with its quotes and tips written from kept values, is byte
    for byte the page written from the database; a quote a later round added says so."""
    later = Round.objects.create(
        slug="2031", name="Ronde 2031", starts_on=datetime.date(2031, 3, 1), publication_status=PUBLISHED
    )
    added = Quote.objects.published().filter(municipality__isnull=False).first()
    added.round = later
    added.save()
    slugs = Municipality.objects.filter(publication_status=PUBLISHED).values_list("slug", flat=True)
    fresh, computed, kept = fresh_computed_kept(client, settings, [f"/gemeenten/{slug}/" for slug in slugs])

    assert computed == fresh
    assert kept == fresh
    assert "uit Ronde 2031, na het rapport toegevoegd" in kept[f"/gemeenten/{added.municipality.slug}/"]
