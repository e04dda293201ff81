"""The search kernel: the stemmer is PostgreSQL's, compounds split into known words, the FTS query
never reads a visitor's input as syntax, and excerpts escape everything but our own marks."""

import pytest
from django.db import connection

from core.models import SearchTerm
from core.search import _split_compound, find, highlight_words, parse_query, stem, stemmed

WORDS = ["monitoren", "monitoring", "trainingen", "compaan", "deskundigheidsbevordering", "eenzaamheid", "ouderen"]


def test_snowball_dutch_reduces_inflections_to_one_stem():
    assert stem("monitoren") == stem("monitoring") == "monitor"
    assert stem("trainingen") == stem("training")
    assert stem("Eenzaamheid") == stem("eenzame")


def test_stop_words_are_left_out_as_postgresql_does():
    assert stemmed("De aanpak van de eenzaamheid") == f"{stem('aanpak')} {stem('eenzaamheid')}"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's own stemmer")
def test_the_python_stemmer_is_postgresqls_dutch_stemmer():
    with connection.cursor() as cursor:
        for word in WORDS:
            cursor.execute("SELECT ts_lexize('dutch_stem', %s)", [word])
            assert cursor.fetchone()[0] == [stem(word)], word


def test_a_compound_splits_into_the_longest_known_head_and_a_known_tail():
    known = {"net", "netwerk", "aanpak", "werk", "vereniging", "leven"}
    assert _split_compound("netwerkaanpak", known) == ["netwerk", "aanpak"]
    # A linking s between the parts.
    assert _split_compound("verenigingsleven", known) == ["vereniging", "leven"]
    assert _split_compound("netwerkxyz", known) is None


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', "NEAR(a b)", "a OR b", "x* AND", "-compaan", "^compaan", "{title}: x"])
def test_fts_syntax_in_a_query_is_searched_as_words(query):
    parsed = parse_query(query)
    find(parsed.searched)  # must not raise on either database


@pytest.mark.django_db
def test_parse_query_knows_words_splits_compounds_and_suggests():
    assert parse_query("monitoren").searched == ["monitoren"]
    assert parse_query("netwerkaanpak").split == {"netwerkaanpak": ["netwerk", "aanpak"]}
    assert parse_query("compan").suggestion == "compaan"
    assert parse_query("compaan").suggestion == ""
    assert parse_query("de het een").searched == []


@pytest.mark.django_db
def test_a_suggestion_follows_the_vocabulary_it_was_found_in():
    parse_query("zwerfkeienprojekt")  # asked once before the word exists, so a kept answer would show
    SearchTerm.objects.create(word="zwerfkeienproject", stem=stem("zwerfkeienproject"), frequency=1)
    assert parse_query("zwerfkeienprojekt").suggestion == "zwerfkeienproject"
    SearchTerm.objects.filter(word="zwerfkeienproject").delete()
    assert parse_query("zwerfkeienprojekt").suggestion == ""


def test_highlight_escapes_the_text_and_marks_words_with_a_searched_stem():
    html = highlight_words("Trainingen <img src=x> en een training.", ["training"])
    assert html == "<mark>Trainingen</mark> &lt;img src=x&gt; en een <mark>training</mark>."


def test_highlight_cuts_a_long_text_around_the_first_match():
    text = "begin " * 100 + "monitoring " + "einde " * 100
    html = highlight_words(text, ["monitoren"], length=120)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>monitoring</mark>" in html
