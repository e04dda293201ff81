"""The workspace's start page explains the workflow of a round and shows each round's progress."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from municipalities.models import Municipality
from rounds.models import Interview, InterviewMode, Round
from tests.workspace_helpers import MINISTERIE, ONDERZOEKER, make_user, page_text

INTERVIEWS = "/beheer/rounds/interview/"


def _start_page(client, role):
    client.force_login(make_user(role))
    return client.get("/beheer/")


def _new_round(slug, municipalities, draft=0):
    """A round with an interview for each of these municipalities, the first `draft` of them in draft."""
    round_ = Round.objects.create(slug=slug, name=f"Ronde {slug}", starts_on=datetime.date(2030, 1, 1))
    for index, municipality in enumerate(municipalities):
        status = PublicationStatus.DRAFT if index < draft else PublicationStatus.PUBLISHED
        Interview.objects.create(
            municipality=municipality, round=round_, mode=InterviewMode.ONLINE, publication_status=status
        )
    return round_


@pytest.mark.django_db
def test_the_researcher_reads_the_three_steps_with_links_to_where_each_is_done(client):
    response = _start_page(client, ONDERZOEKER)
    text = page_text(response)
    html = response.content.decode()

    assert "Zo verwerkt u een onderzoeksronde" in text
    for url in ("/beheer/rounds/round/", "/beheer/rounds/round/add/", "/beheer/rounds/interview/add/", INTERVIEWS):
        assert f'href="{url}"' in html


@pytest.mark.django_db
def test_the_ministry_reads_the_steps_without_links_to_pages_it_may_not_use(client):
    html = _start_page(client, MINISTERIE).content.decode()

    assert 'href="/beheer/rounds/round/add/"' not in html
    assert 'href="/beheer/rounds/interview/add/"' not in html
    assert f'href="{INTERVIEWS}"' in html


@pytest.mark.django_db
def test_each_round_shows_its_interviews_and_links_to_them(client):
    municipalities = list(Municipality.objects.order_by("pk")[:5])
    round_ = _new_round("2030", municipalities, draft=2)

    response = _start_page(client, ONDERZOEKER)
    progress = {item.name: item for item in response.context["rounds"]}
    row = progress["Ronde 2030"]

    assert (row.interviewed, row.drafts, row.published) == (5, 2, 3)
    assert row.drafts_url == f"{INTERVIEWS}?round__id__exact={round_.pk}&publication_status__exact=draft"
    # Each number links to exactly the interviews it counts.
    for url, count in ((row.interviewed_url, 5), (row.drafts_url, 2), (row.published_url, 3)):
        assert client.get(url).context["cl"].result_count == count
    # The report's own round is listed too, with its sixteen interviews.
    assert progress["Interviewronde 2019"].interviewed == Interview.objects.filter(round__is_report=True).count() > 0


@pytest.mark.django_db
def test_the_start_page_needs_the_same_queries_for_more_rounds(client):
    client.force_login(make_user(ONDERZOEKER))
    municipalities = list(Municipality.objects.order_by("pk")[:4])
    _new_round("2030", municipalities, draft=1)
    client.get("/beheer/")  # the session and the content types are read once, on the first request

    with CaptureQueriesContext(connection) as few:
        client.get("/beheer/")
    _new_round("2031", municipalities, draft=2)
    _new_round("2032", municipalities, draft=3)
    with CaptureQueriesContext(connection) as more:
        response = client.get("/beheer/")

    assert len(response.context["rounds"]) >= 3
    assert len(more) == len(few)
