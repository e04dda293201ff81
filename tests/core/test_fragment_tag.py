"""`{% fragment %}` (core/templatetags/fragment_tags.py) keeps a list of cards, quotes or tips per
content version and language: a page whose fragment is kept reads none of its cards' rows, a change
to public content shows at once, the languages never mix, and researchers' previews of drafts are
neither served from nor stored in it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from core.templatetags import fragment_tags
from investments.models import Investment
from tests.pages.helpers import get
from tests.workspace_helpers import ONDERZOEKER, make_user

pytestmark = pytest.mark.django_db

CARD_ROWS = '"investments_investment"."text"'


def _first_card():
    return Investment.objects.published().in_report_order().first()


def test_a_kept_list_of_cards_reads_no_card_rows(client, precomputed):
    first = get(client, "/investeringen/")
    with CaptureQueriesContext(connection) as queries:
        again = get(client, "/investeringen/")

    assert again == first
    assert _first_card().title in again
    assert not [query for query in queries.captured_queries if CARD_ROWS in query["sql"]]


def test_a_change_to_public_content_shows_at_once(client, precomputed, committed):
    get(client, "/investeringen/")
    investment = _first_card()
    investment.title = "Een nieuwe titel na de wijziging"
    with committed():
        investment.save()

    assert "Een nieuwe titel na de wijziging" in get(client, "/investeringen/")


def test_each_language_keeps_its_own_cards(client, precomputed):
    dutch = get(client, "/gemeenten/heerlen/")
    english = get(client, "/en/gemeenten/heerlen/")

    assert get(client, "/gemeenten/heerlen/") == dutch
    assert "<dt>Thema's</dt>" in dutch and "<dt>Themes</dt>" not in dutch
    assert "<dt>Themes</dt>" in english and "<dt>Thema's</dt>" not in english


def test_a_researchers_preview_is_neither_served_from_nor_stored_in_a_fragment(client, precomputed):
    investment = _first_card()
    public_before = get(client, "/investeringen/")
    Investment.objects.filter(pk=investment.pk).update(publication_status=PublicationStatus.DRAFT)

    client.force_login(make_user(ONDERZOEKER))
    preview = get(client, "/investeringen/")
    client.logout()
    public_after = get(client, "/investeringen/")

    # The version did not move (no commit in a test): the public still get the kept fragment.
    assert public_after == public_before
    assert '<strong class="portal-draft-badge">' in preview
    assert '<strong class="portal-draft-badge">' not in public_after


def test_a_new_release_does_not_serve_the_markup_the_old_one_kept(rf, precomputed, monkeypatch):
    request = rf.get("/")
    request.user = AnonymousUser()
    template = Template('{% load fragment_tags %}{% fragment "proef" 1 %}{{ text }}{% endfragment %}')

    def render(text):
        return template.render(Context({"request": request, "text": text}))

    assert render("oud") == "oud"
    assert render("nieuw") == "oud"  # kept for this content version, language and release
    monkeypatch.setattr(fragment_tags, "_release", lambda: "een-nieuwe-release")
    assert render("nieuw") == "nieuw"


def test_a_form_showing_typed_words_or_amounts_is_drawn_anew_and_never_kept(client, precomputed):
    """Typed values have no end: keeping the filter form that shows them would let visitors fill the
    shared cache. A form of chosen filters is kept."""
    from django.core.cache import cache

    def fragments():
        return sum(":fragment:" in key for key in cache._cache)  # locmem in tests

    # Each finds nothing: after the first, whose empty list of cards is kept, only a kept form could
    # add a fragment.
    get(client, "/investeringen/?q=zqxwv")
    kept = fragments()
    for typed in ("?q=vwxqz", "?q=qxzjv", "?budget_van=987654321", "?budget_van=987654322&status=gedaan"):
        assert 'value="' in get(client, "/investeringen/" + typed)
    assert fragments() == kept


def test_a_kept_home_page_draws_neither_its_map_nor_its_lists_again(client, precomputed):
    first = get(client, "/")
    with CaptureQueriesContext(connection) as queries:
        again = get(client, "/")

    assert again == first
    assert 'href="/gemeenten/heerlen/"' in again
    # Its figures, chart, map and lists by province are all kept: only the content version is read.
    assert [query["sql"] for query in queries.captured_queries if "core_contentversion" not in query["sql"]] == []
