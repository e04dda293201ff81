"""Atom feeds of new and changed published findings (issue 23): all, per municipality, per theme and
per round, parsed as Atom; drafts never in them; linked from the pages with <link rel="alternate">;
and the "Recent gewijzigd" page that lists the same changes."""

import xml.etree.ElementTree as ET

import pytest

from core.models import PublicationStatus
from investments.models import Investment, Theme
from lessons.models import Lesson
from rounds.models import Progress

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    # What RFC 4287 requires of a feed and of each entry.
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://testserver/")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return root, entries


def _links(entries):
    return [entry.find(f"{ATOM}link").get("href").removeprefix("http://testserver") for entry in entries]


def test_the_feed_of_everything_shows_the_latest_change_first(client):
    investment = Investment.objects.published().filter(municipality__slug="delft").last()
    investment.save()  # changed just now

    root, entries = _feed(client, "/recent/feed/")

    assert entries
    assert _links(entries)[0] == investment.get_absolute_url()
    assert root.find(f"{ATOM}title").text == "Lokale aanpak eenzaamheid: nieuw en gewijzigd"
    assert entries[0].find(f"{ATOM}title").text == f"{investment.title} (Delft)"


def test_drafts_are_never_in_a_feed(client):
    investment = Investment.objects.published().filter(municipality__slug="delft").first()
    lesson = Lesson.objects.published().first()
    for record in (investment, lesson):
        record.publication_status = PublicationStatus.DRAFT
        record.save()  # the newest change of all, yet a draft

    for url in ("/recent/feed/", "/recent/gemeente/delft/feed/", "/recent/", "/en/recent/feed/"):
        body = client.get(url).content.decode()
        assert investment.get_absolute_url() not in body, url
        assert lesson.get_absolute_url() not in body, url


def test_a_draft_municipality_has_no_feed(client):
    delft = Investment.objects.published().filter(municipality__slug="delft").first().municipality
    delft.publication_status = PublicationStatus.DRAFT
    delft.save()
    assert client.get("/recent/gemeente/delft/feed/").status_code == 404
    assert client.get("/recent/thema/no-such-theme/feed/").status_code == 404
    assert client.get("/recent/ronde/no-such-round/feed/").status_code == 404


def test_per_municipality_theme_and_round(client):
    _root, entries = _feed(client, "/recent/gemeente/dordrecht/feed/")
    investments = {i.get_absolute_url() for i in Investment.objects.published().filter(municipality__slug="dordrecht")}
    links = set(_links(entries))
    assert investments <= links
    assert {link for link in links if link.startswith("/gemeenten/")} == investments

    theme = Theme.objects.get(slug="training")
    _root, entries = _feed(client, f"/recent/thema/{theme.slug}/feed/")
    tagged = {i.get_absolute_url() for i in Investment.objects.published().filter(themes=theme)}
    assert set(_links(entries)) == tagged

    named = Investment.objects.published().filter(pk__in=Progress.objects.published().values("investment_id"))
    _root, entries = _feed(client, "/recent/ronde/2019/feed/")
    assert set(_links(entries)) <= {i.get_absolute_url() for i in named}
    assert entries


def test_the_english_feed_is_in_english(client):
    root, _entries = _feed(client, "/en/recent/feed/")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.find(f"{ATOM}title").text == "Local approach to loneliness: new and changed"


def test_pages_link_their_feeds(client):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert 'href="/recent/feed/"' in home
    page = client.get("/gemeenten/dordrecht/").content.decode()
    assert 'type="application/atom+xml"' in page
    assert 'href="/recent/gemeente/dordrecht/feed/"' in page
    assert 'href="/vergelijken/?gemeente=dordrecht"' in page
    assert 'href="/recent/ronde/2019/feed/"' in client.get("/rondes/2019/").content.decode()


def test_the_recent_page_lists_changes_and_feeds(client):
    investment = Investment.objects.published().filter(municipality__slug="heerlen").first()
    investment.save()
    html = client.get("/recent/").content.decode()
    assert "<h1>Recent gewijzigd</h1>" in html
    first = html.index('<ol class="portal-recent">')
    assert html.index(investment.get_absolute_url(), first) < html.index("</li>", first)
    assert 'href="/recent/thema/training/feed/"' in html
    assert "Recent changes" in client.get("/en/recent/").content.decode()


def test_the_kept_changes_follow_a_publication_and_each_language(client, precomputed, committed):
    """The list is kept per content version and language: a change shows at once, links stay Dutch
    or English as the page is."""
    _root, before = _feed(client, "/recent/feed/")
    investment = Investment.objects.published().order_by("updated_at").first()
    assert investment.get_absolute_url() not in _links(before)[:1]

    with committed():
        investment.title = "Zojuist gewijzigd"
        investment.save()

    _root, after = _feed(client, "/recent/feed/")
    assert _links(after)[0] == investment.get_absolute_url()
    _root, english = _feed(client, "/en/recent/feed/")
    assert _links(english)[0].startswith("/en/")
    _root, dutch_again = _feed(client, "/recent/feed/")
    assert _links(dutch_again)[0] == investment.get_absolute_url() and not _links(dutch_again)[0].startswith("/en/")
