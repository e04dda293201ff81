"""Search primitives: Dutch stemming, the site-search index, compound words and "did you mean".

Two layers live here.

`filter_by_text` / `with_headline` / `highlight` filter one model's queryset (the `q` of
/investeringen/): PostgreSQL's `dutch` configuration on the GIN indexes of the domain tables, and on
SQLite every word of the query must occur in one of the fields.

The site search (/zoeken/) uses an index of its own, `core.models.SearchDocument`: one row per
published record, written by `rebuild_index()` / `reindex()` from the kinds that the site layer
registers (`register()`), and kept in step by signals (`connect_signals()`). Decisions:

- Stemming is Snowball's Dutch algorithm on both databases. PostgreSQL's `dutch` configuration *is*
  Snowball's original Dutch stemmer, which the `snowballstemmer` package ships as "dutch_porter"
  (its newer "dutch" stems differently, e.g. "compaan" and "monitoren"). With the same algorithm and
  PostgreSQL's Dutch stop words both databases reduce a word to the same stem, so they find the same
  records: PostgreSQL with `to_tsvector('dutch', ...)` on a GIN index, SQLite with an FTS5 table
  that holds the words stemmed here in Python (FTS5 ranks with bm25()).
- Every word of a query is required. A word whose stem occurs nowhere is tried as a compound of two
  words the portal uses ("netwerkaanpak" -> "netwerk" + "aanpak"); `SearchTerm` holds those words.
- Word parts (issue 23): a word is satisfied by any of a few alternatives taken from the same
  vocabulary: the words that begin with it or end in its stem ("maatje" -> "automaatje",
  "maatjesprojecten"), for a word that occurs nowhere also its form without a plural or agent ending
  ("mantelzorgers" -> "mantelzorg", "subsidies" -> "subsidie"), and synonyms the caller passes (the
  English site's). The alternatives are chosen in Python and searched as an OR of stems on both
  databases (FTS5 `OR`, tsquery `||`), so both find the same documents.
- "Did you mean" compares a word that occurs nowhere as typed with the same vocabulary, with
  difflib on both databases; PostgreSQL first narrows the candidates with pg_trgm (the % operator on
  a trigram index) so that the vocabulary never has to leave the database. A near-certain typo is
  offered even when stemming found something ("compan" finds the Compaan and asks "compaan?").
- Only published records are indexed, so drafts never reach results, facets or suggestions.
- A results page needs counts (per kind, per facet value) and the best few documents of each kind,
  never every hit: `summarize()` asks SQL for exactly that in one query and keeps the numbers per
  content version, since one word can find all 10,000 investments of the country.
"""

import dataclasses
import difflib
import functools
import hashlib
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import snowballstemmer
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import page_cache
from core.batches import IN_LIST_BATCH, batched
from core.commit import once_on_commit
from core.derived import per_content_version
from core.models import SearchDocument, SearchTerm

SEARCH_CONFIG = "dutch"
MAX_QUERY_LENGTH = 200

# Private-use characters cannot occur in the report's text, so they mark highlights safely
# through PostgreSQL's headline function; the text is escaped before they become <mark> tags.
_MARK_START = "\ue000"
_MARK_END = "\ue001"


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_vector(*fields: str) -> SearchVector:
    return SearchVector(*fields, config=SEARCH_CONFIG)


def query_words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1][:10]


def filter_by_text(queryset, fields: tuple[str, ...], query: str):
    """Keep the rows matching `query`, best first on PostgreSQL."""
    # Free text has no end of values, and whether it finds anything is not known here.
    page_cache.not_stored()
    if uses_full_text_search():
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        vector = search_vector(*fields)
        # Filtering on `@@` (not on the rank) is what lets PostgreSQL use the GIN index.
        return (
            queryset.annotate(search_document=vector, search_rank=SearchRank(vector, search_query))
            .filter(search_document=search_query)
            .order_by("-search_rank", "pk")
        )
    words = query_words(query)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).annotate(search_rank=Value(1.0)).order_by("pk")


def with_headline(queryset, field: str, query: str):
    """Annotate `headline_source`: the field's text with matches wrapped in private markers."""
    if uses_full_text_search():
        return queryset.annotate(
            headline_source=SearchHeadline(
                field,
                SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch"),
                config=SEARCH_CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    return queryset.annotate(headline_source=F(field))


def highlight(text: str, query: str, length: int = 240) -> str:
    """HTML-safe excerpt of `text` with the query's matches in <mark>.

    Text from PostgreSQL already carries match markers; for SQLite the words are marked here. Either
    way the text is escaped first, so nothing a user typed or a researcher entered becomes markup.
    """
    if _MARK_START not in text:
        words = query_words(query)
        if words:
            pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
            first = pattern.search(text)
            if first and len(text) > length:
                start = max(0, first.start() - length // 3)
                text = ("…" if start else "") + text[start : start + length] + "…"
            text = pattern.sub(lambda match: f"{_MARK_START}{match.group(0)}{_MARK_END}", text)
        elif len(text) > length:
            text = text[:length] + "…"
    html = escape(text).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


# --- the site-search index ------------------------------------------------------------------------


# PostgreSQL's dutch configuration uses Snowball's original Dutch stemmer; see the module docstring.
STEMMER_ALGORITHM = "dutch_porter"
# PostgreSQL's tsearch_data/dutch.stop (Snowball's Dutch stop words), so both databases ignore the same.
DUTCH_STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)
FTS_TABLE = "core_searchdocument_fts"
DOCUMENTS = SearchDocument._meta.db_table
MIN_PART_LENGTH = 3
MAX_WORD_LENGTH = 100
# difflib ratios: a word that finds nothing gets a looser suggestion than one stemming already found.
SUGGEST_CUTOFF_NOTHING_FOUND = 0.8
SUGGEST_CUTOFF_FOUND = 0.9
MAX_SUGGESTED_WORDS = 3
# A suggestion this close to a word that finds nothing is shown with its results straight away.
SUGGEST_CONFIDENT = 0.85
# Word parts: a typed word of at least this many letters also finds the words that start with it or
# end in its stem; shorter ones ("zorg", "wijk") would find too much that merely contains them.
MIN_WORD_PART_LENGTH = 5
PLURAL_ENDINGS = ("ers", "es", "en", "er", "s")
# The most other words one typed word is searched as, the most frequent first.
MAX_ALTERNATIVES = 30

_local = threading.local()  # Snowball stemmer objects keep state while they work: one per thread.


def _stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer(STEMMER_ALGORITHM)
    return _local.stemmer


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def stemmed(text: str) -> str:
    """The text as the index holds it on SQLite: stems of the words that are not stop words."""
    return " ".join(stem(word) for word in words(text) if word not in DUTCH_STOP_WORDS)


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- what the site layer registers ---


@dataclass(frozen=True)
class Document:
    title: str
    url: str
    title_en: str = ""
    context: str = ""
    tags: str = ""  # names the record is tagged with: searched, never shown as an excerpt
    body: str = ""
    municipality_ids: Iterable[int] = ()
    theme_ids: Iterable[int] = ()


@dataclass(frozen=True)
class IndexedKind:
    """One kind of content in the index.

    `queryset` gives the published records with everything `document` reads; `depends_on` maps a
    model label ("municipalities.Municipality") to the lookup from this kind's model to it, so that
    renaming or unpublishing a municipality re-indexes its investments too.
    """

    kind: str
    model_label: str
    queryset: Callable
    document: Callable[..., Document]
    depends_on: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)


_KINDS: dict[str, IndexedKind] = {}


def register(kind: IndexedKind) -> None:
    _KINDS[kind.kind] = kind


def registered_kinds() -> list[IndexedKind]:
    return list(_KINDS.values())


# --- writing the index ---


def _ids(values: Iterable[int]) -> str:
    return " " + " ".join(str(value) for value in sorted(set(values))) + " " if values else ""


def _write(kind: IndexedKind, objects) -> None:
    documents = []
    for obj in objects:
        # URLs are kept without a language prefix; the results page translates them.
        with translation.override(settings.LANGUAGE_CODE):
            document = kind.document(obj)
        documents.append(
            SearchDocument(
                kind=kind.kind,
                object_id=obj.pk,
                title=document.title,
                title_en=document.title_en,
                url=document.url,
                context=document.context,
                tags=document.tags,
                body=document.body,
                municipality_ids=_ids(list(document.municipality_ids)),
                theme_ids=_ids(list(document.theme_ids)),
            )
        )
    # Both databases return the new ids from a bulk insert (SQLite since 3.35).
    SearchDocument.objects.bulk_create(documents)
    if connection.vendor == "sqlite" and documents:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, tags, body) VALUES (%s, %s, %s, %s)",  # noqa: S608 - constant name
                [(d.pk, stemmed(d.title), stemmed(d.tags), stemmed(d.body)) for d in documents],
            )


def _delete(documents) -> None:
    for ids in batched(documents.values_list("pk", flat=True)):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608 - placeholders only
                    ids,
                )
        SearchDocument.objects.filter(pk__in=ids).delete()


@transaction.atomic
def rebuild_index() -> int:
    """Index every registered kind from scratch; the number of documents."""
    _delete(SearchDocument.objects.all())
    if connection.vendor == "sqlite":
        # The FTS5 table is no model, so a flush (tests, `manage.py flush`) leaves its rows behind.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant name
    for kind in _KINDS.values():
        # A chunk at a time, each with its own prefetch: one prefetch for every record sent an id list
        # as long as the table.
        _write(kind, kind.queryset().iterator(chunk_size=IN_LIST_BATCH))
    refresh_vocabulary()
    return SearchDocument.objects.count()


def reindex(kind: IndexedKind, pks: Iterable[int]) -> None:
    for batch in batched(pks):
        _delete(SearchDocument.objects.filter(kind=kind.kind, object_id__in=batch))
        _write(kind, kind.queryset().filter(pk__in=batch))


def refresh_vocabulary() -> None:
    """Every word of the indexed documents with its stem and in how many documents it occurs."""
    frequency = Counter()
    for title, tags, body in SearchDocument.objects.values_list("title", "tags", "body"):
        frequency.update(
            {
                word
                for word in words(f"{title} {tags} {body}")
                if MIN_PART_LENGTH <= len(word) <= MAX_WORD_LENGTH
                and not word.isdigit()
                and word not in DUTCH_STOP_WORDS
            }
        )
    SearchTerm.objects.all().delete()
    SearchTerm.objects.bulk_create(
        (SearchTerm(word=word, stem=stem(word), frequency=count) for word, count in frequency.items()),
        batch_size=1000,
    )


# --- keeping it in step ---


def _paused() -> bool:
    return getattr(_local, "paused", False)


class updates_paused:  # used as a context manager, like transaction.atomic
    """Skip signal-driven updates, for a bulk load that calls `rebuild_index()` when it is done."""

    def __enter__(self):
        self._previous = _paused()
        _local.paused = True

    def __exit__(self, *exc):
        _local.paused = self._previous


def _refresh_vocabulary_on_commit() -> None:
    # Once per transaction, however many records an import saves.
    once_on_commit("search-vocabulary", refresh_vocabulary)


def reindex_records(model, pks: Iterable[int]) -> None:
    """Re-index records of `model` (and what shows them) written without signals, e.g. by an import."""
    for kind, affected in _affected(model, list(pks)):
        reindex(kind, affected)
    _refresh_vocabulary_on_commit()


def _affected(model, pks: Iterable[int]):
    """(kind, pks of that kind) to re-index after records of `model` changed."""
    label = model._meta.label
    pks = list(pks)
    for kind in _KINDS.values():
        if kind.model_label == label:
            yield kind, pks
        elif label in kind.depends_on:
            lookup = kind.depends_on[label]
            affected = set()
            for batch in batched(pks):
                affected.update(kind.model.objects.filter(**{f"{lookup}__in": batch}).values_list("pk", flat=True))
            yield kind, sorted(affected)


def _on_change(sender, instance, **kwargs):
    if _paused() or kwargs.get("raw"):
        return
    for kind, pks in _affected(sender, [instance.pk]):
        reindex(kind, pks)
    _refresh_vocabulary_on_commit()


def _on_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if _paused() or action not in ("post_add", "post_remove", "post_clear"):
        return
    changed = [(type(instance), [instance.pk])]
    if pk_set:
        changed.append((model, pk_set))
    for changed_model, pks in changed:
        for kind, affected in _affected(changed_model, pks):
            reindex(kind, affected)
    _refresh_vocabulary_on_commit()


def connect_signals() -> None:
    """Re-index on every save, delete and tag change of a registered model or one it depends on."""
    labels = {kind.model_label for kind in _KINDS.values()}
    labels |= {label for kind in _KINDS.values() for label in kind.depends_on}
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"search-delete-{label}")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"search-m2m-{through._meta.label}")


# --- reading it ---


@dataclass
class ParsedQuery:
    searched: list[str]  # every one is required
    split: dict[str, list[str]]  # compound word -> the known words it was searched as
    unknown: list[str]  # words the portal never uses, even split
    suggestion: str = ""  # the query with typos replaced, or ""
    # searched word -> other words of the portal that count as that word: words it is a part of
    # ("maatje" -> "automaatje", "maatjesprojecten"), its singular ("mantelzorgers" -> "mantelzorg"),
    # and the Dutch words for an English one ("buddy" -> "maatje")
    alternatives: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # every correction in `suggestion` is near-certain: a page may show its results at once
    confident: bool = False

    def groups(self) -> list[list[str]]:
        """Per required word, the words any one of which satisfies it."""
        return [[word, *self.alternatives.get(word, ())] for word in self.searched]

    def all_words(self) -> list[str]:
        return [word for group in self.groups() for word in group]


def _split_compound(word: str, known: set[str]) -> list[str] | None:
    """The longest known head with a known tail ("netwerk" + "aanpak"); a linking s is allowed."""
    for end in range(len(word) - MIN_PART_LENGTH, MIN_PART_LENGTH - 1, -1):
        head, tail = word[:end], word[end:]
        if head not in known:
            continue
        for candidate in (tail, tail[1:] if tail.startswith("s") else ""):
            if len(candidate) >= MIN_PART_LENGTH and candidate in known:
                return [head, candidate]
    return None


def _pieces(word: str) -> set[str]:
    heads = {word[:end] for end in range(MIN_PART_LENGTH, len(word))}
    tails = {word[start:] for start in range(1, len(word) - MIN_PART_LENGTH + 1)}
    return heads | tails


def _close_match(word: str, cutoff: float) -> str:
    if uses_postgresql():
        # The % operator uses the trigram index; difflib then ranks exactly as on SQLite.
        candidates = list(
            SearchTerm.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "-frequency", "word")
            .values_list("word", flat=True)[:50]
        )
        matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=cutoff)
        return matches[0] if matches else ""
    return _kept_close_match(word, cutoff, _all_words())


# SQLite: the vocabulary these matches were found in (in order) and the matches, per (word, cutoff).
_close_matches: tuple[tuple[str, ...], dict] = ((), {})
# Emptied when full: a bound on what visitors' typos can hold in each process.
CLOSE_MATCHES_KEPT = 2048


def _kept_close_match(word: str, cutoff: float, words: tuple[str, ...]) -> str:
    """The closest of `words` (in order) to `word`, kept for as long as the vocabulary stays the same.

    difflib compares the word with every word of the vocabulary, a sixth of a corrected-typo search
    at national scale (`make bench-scale`, /zoeken/?q=eenzaamhied); a typo that comes back (a visitor
    who reloads, the next visitor with the same slip) is answered from here. The words are compared
    with the kept ones on every call, so a changed vocabulary starts afresh."""
    global _close_matches
    vocabulary, matches = _close_matches
    if words != vocabulary:
        vocabulary, matches = words, {}
        _close_matches = (vocabulary, matches)
    match = matches.get((word, cutoff))
    if match is None:
        found = difflib.get_close_matches(word, vocabulary, n=1, cutoff=cutoff)
        match = found[0] if found else ""
        if len(matches) >= CLOSE_MATCHES_KEPT:
            matches.clear()
        matches[word, cutoff] = match
    return match


def _all_words() -> tuple[str, ...]:
    """Every word of the vocabulary, in order (the database's order of code points is Python's): it
    changes only with the content, and reading its two thousand words was a tenth of a typo's search."""
    return per_content_version(
        "search-vocabulary",
        lambda: tuple(SearchTerm.objects.order_by("word").values_list("word", flat=True)),
        in_process=True,
    )


def _word_forms(word: str, synonyms: Iterable[str]) -> set[str]:
    """The forms a typed word is looked for as: itself, its synonyms, and itself without a plural or
    agent ending (-s, -es, -en, -ers, -er), so that a plural the texts never use finds the singular."""
    forms = {word, *synonyms}
    for ending in PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_WORD_PART_LENGTH:
            forms.add(word[: -len(ending)])
    return forms


def _is_part_of(form: str, word: str, word_stem: str) -> bool:
    """Whether the portal's `word` counts as `form`: the same stem, `form` as its head ("maatjes" +
    "projecten"), or `form`'s stem as its tail ("auto" + "maatje")."""
    form_stem = stem(form)
    if word_stem == form_stem:
        return True
    if len(form) < MIN_WORD_PART_LENGTH:
        return False
    return word.startswith(form) or (len(form_stem) >= MIN_WORD_PART_LENGTH and word_stem.endswith(form_stem))


def _part_condition(forms: Iterable[str]) -> Q:
    """Narrows the vocabulary to words that may hold one of the forms; `_is_part_of` decides."""
    condition = Q(pk__in=[])
    for form in forms:
        for piece in {form, stem(form)}:
            if len(piece) >= MIN_WORD_PART_LENGTH:
                condition |= Q(word__contains=piece)
    return condition


def parse_query(query: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    """The words to search for, with the words that count as each, compounds split and typos spotted,
    in two queries at most (SQLite) or one plus one per misspelt word (PostgreSQL, at most three).

    `synonyms` maps a typed word to words of the portal that mean the same (the English site's list)."""
    synonyms = synonyms or {}
    typed = []
    for word in query_words(query):
        if word not in DUTCH_STOP_WORDS and len(word) <= MAX_WORD_LENGTH and word not in typed:
            typed.append(word)
    if not typed:
        page_cache.not_stored()  # nothing to search for: as many such queries as strings
        return ParsedQuery([], {}, [])
    forms = {word: _word_forms(word, synonyms.get(word, ())) for word in typed}
    wanted = sorted(set().union(*(_pieces(word) for word in typed)) | set(typed))
    # PostgreSQL: the trigram index (for "did you mean") serves `=` too, and the planner takes it for
    # `word IN (list)` although there it costs 10-150 ms against well under one for the unique
    # index; from an unnested array the words are matched by hash or by the unique index.
    word_in = Q(word__in=RawSQL("SELECT unnest(%s::text[])", [wanted])) if uses_postgresql() else Q(word__in=wanted)
    all_forms = set().union(*forms.values())
    rows = SearchTerm.objects.filter(
        Q(stem__in={stem(form) for form in all_forms}) | word_in | _part_condition(all_forms)
    ).values_list("word", "stem", "frequency")
    known_words = {word for word, _, _ in rows if word in wanted}
    known_stems = {word_stem for _, word_stem, _ in rows}
    parsed = ParsedQuery([], {}, [])
    for word in typed:
        own = stem(word)
        matches = sorted(
            (
                (-frequency, other)
                for other, other_stem, frequency in rows
                if other_stem != own and any(_is_part_of(form, other, other_stem) for form in forms[word])
            )
        )
        alternatives = [other for _, other in matches[:MAX_ALTERNATIVES]]
        if own in known_stems or alternatives:
            parsed.searched.append(word)
            if alternatives:
                parsed.alternatives[word] = alternatives
        elif parts := _split_compound(word, known_words):
            parsed.split[word] = parts
            parsed.searched.extend(part for part in parts if part not in parsed.searched)
        else:
            parsed.unknown.append(word)
            parsed.searched.append(word)
    corrections = {}
    typed_known = {word for word, _, _ in rows}
    for word in [w for w in typed if w not in typed_known and w not in parsed.split][:MAX_SUGGESTED_WORDS]:
        if word in synonyms:
            continue
        cutoff = SUGGEST_CUTOFF_NOTHING_FOUND if word in parsed.unknown else SUGGEST_CUTOFF_FOUND
        if (match := _close_match(word, cutoff)) and match != word:
            corrections[word] = match
    if corrections:
        parsed.suggestion = " ".join(corrections.get(word, word) for word in typed)
        parsed.confident = all(
            word[0] == match[0] and difflib.SequenceMatcher(None, word, match).ratio() >= SUGGEST_CONFIDENT
            for word, match in corrections.items()
        )
    if parsed.unknown and not (parsed.confident and all(word in corrections for word in parsed.unknown)):
        # A word the portal never uses finds next to nothing; kept, every typo would take a place.
        # A near-certain typo of one it does use is kept (its page shows the correction's results):
        # such words are one slip from a word of the vocabulary (same first letter, difflib ratio at
        # least SUGGEST_CONFIDENT): a few hundred per word of the vocabulary, where junk has no end.
        page_cache.not_stored()
    return parsed


class Hit(NamedTuple):
    """A found document with the ids it is faceted by, stored space-padded (" 3 17 ")."""

    id: int
    kind: str
    municipality_ids: str
    theme_ids: str


def count_ids(grouped: Iterable[tuple[str, int]]) -> Counter:
    """How often each id occurs, from (stored id string, number of hits with that string) pairs.

    The summary counts hits per distinct id string in SQL (GROUP BY), so a few hundred strings stand
    for thousands of hits; here they are split once each and weighted."""
    counts = Counter()
    for id_string, number in grouped:
        for pk in id_string.split():
            counts[int(pk)] += number
    return counts


# (database vendor, registered kinds) -> the compiled condition of `_still_public()`.
_PUBLIC_CONDITIONS: dict[tuple, tuple[str, list]] = {}


def _public_condition() -> tuple[str, list]:
    """`_still_public()` as SQL and parameters, compiled once per process: building and compiling
    that queryset took 15 ms, most of a search for a word the portal never uses (`make bench-scale`,
    /zoeken/?q=eenzaamhied). The SQL names only tables and constant publication states, and is read
    afresh by the database each time, so keeping the text never keeps a stale answer."""
    key = (connection.vendor, tuple(_KINDS))
    if key not in _PUBLIC_CONDITIONS:
        public = _still_public()
        sql, params = public.query.get_compiler(connection=connection).compile(public.query.where)
        _PUBLIC_CONDITIONS[key] = (sql, list(params))
    sql, params = _PUBLIC_CONDITIONS[key]
    return sql, list(params)


def _still_public():
    """The documents whose record is public right now.

    Signals keep the index in step with every save, but a queryset `.update()` sends none; checking
    publication against the live tables in the same query means such a change can never reveal a draft.
    """
    condition = Q(pk__in=[])
    for kind in _KINDS.values():
        live = kind.queryset().prefetch_related(None).select_related(None).values("pk")
        condition |= Q(kind=kind.kind, object_id__in=live)
    return SearchDocument.objects.filter(condition).values("pk")


def _groups(searched: list[str], alternatives: dict[str, list[str]] | None) -> list[list[str]]:
    """Per searched word (stop words left out), the words any one of which satisfies it."""
    alternatives = alternatives or {}
    return [[word, *alternatives.get(word, ())] for word in searched if word not in DUTCH_STOP_WORDS]


def _hits_sql(searched: list[str], alternatives: dict[str, list[str]] | None = None) -> tuple[str, list]:
    """SELECT of every public document that contains, for every searched word, that word or one of
    its alternatives (by stem), as (id, kind, municipality_ids, theme_ids, score); a lower score is a
    better match. None for no words."""
    groups = _groups(searched, alternatives)
    if not groups:
        return "", []
    # The publication check as a condition on the found rows themselves, not `id IN (every public
    # document)`: that subquery read the whole document table on every search.
    public_sql, public_params = _public_condition()
    columns = f"{DOCUMENTS}.id, {DOCUMENTS}.kind, {DOCUMENTS}.municipality_ids, {DOCUMENTS}.theme_ids"
    if uses_postgresql():
        # The stored column search_document (core/migrations/0005) holds each document's weighted
        # vector; every group must match, as plainto_tsquery of each word, a group's joined with ||
        # and the groups with &&.
        query_sql = " && ".join(
            "(" + " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(group)) + ")" for group in groups
        )
        query_params = [value for group in groups for word in group for value in (SEARCH_CONFIG, word)]
        return (
            f"SELECT {columns}, -ts_rank({DOCUMENTS}.search_document, q.query) AS score "  # noqa: S608 - placeholders and ORM-compiled SQL only
            f"FROM {DOCUMENTS}, (SELECT ({query_sql}) AS query) q "
            f"WHERE {DOCUMENTS}.search_document @@ q.query AND ({public_sql})",
            [*query_params, *public_params],
        )
    # Each stem as an FTS5 string ("..."), so no word of the query is read as FTS5 syntax.
    match = " AND ".join(
        "(" + " OR ".join('"{}"'.format(word_stem.replace('"', '""')) for word_stem in _group_stems(group)) + ")"
        for group in groups
    )
    return (
        f"SELECT {columns}, bm25({FTS_TABLE}, 10.0, 10.0, 1.0) AS score "  # noqa: S608 - constant table names and ORM-compiled SQL
        f"FROM {FTS_TABLE} JOIN {DOCUMENTS} ON {DOCUMENTS}.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND ({public_sql})",
        [match, *public_params],
    )


def _group_stems(group: list[str]) -> list[str]:
    return sorted({stem(word) for word in group})


def find(searched: list[str], alternatives: dict[str, list[str]] | None = None) -> list[Hit]:
    """Every public document that contains all the words (or their alternatives, by stem), best
    first: one query."""
    hits_sql, params = _hits_sql(searched, alternatives)
    if not hits_sql:
        return []
    with connection.cursor() as cursor:
        sql = f"SELECT id, kind, municipality_ids, theme_ids FROM ({hits_sql}) hits ORDER BY score, id"  # noqa: S608
        cursor.execute(sql, params)
        return list(map(Hit._make, cursor.fetchall()))


@dataclass(frozen=True)
class Narrowing:
    """The facet values a visitor chose: a kind, a municipality id, a theme id (empty: any)."""

    kind: str = ""
    municipality_id: int | None = None
    theme_id: int | None = None


@dataclass
class Summary:
    """What a search found, as counts and ids only. Each facet is counted over the hits narrowed by
    the *other* facets, so that a value can be switched; `first` holds per kind the ids of the best
    documents narrowed by every facet, best first."""

    kinds: Counter = dataclasses.field(default_factory=Counter)
    municipalities: Counter = dataclasses.field(default_factory=Counter)
    themes: Counter = dataclasses.field(default_factory=Counter)
    first: dict[str, list[int]] = dataclasses.field(default_factory=dict)


def summarize(parsed: ParsedQuery, narrowing: Narrowing, per_kind: int) -> Summary:
    """The counts and the first `per_kind` ids of each kind for a search, once per content version.

    At national scale one word can find every investment; ranking and counting 10,000 hits costs more
    than a page may, while the outcome only changes with the content. It is kept as numbers, never as
    documents or HTML: the page reads the documents it shows, and renders them, on every request.
    """
    searched, alternatives = parsed.searched, parsed.alternatives
    stems = sorted(_group_stems(group) for group in _groups(searched, alternatives))
    if not stems:
        return Summary()
    if parsed.unknown:
        # A word the portal never uses finds next to nothing, cheaply; kept, every typo would take
        # a place in the shared cache.
        return _summarize(searched, alternatives, narrowing, per_kind)
    # The key names everything the summary depends on; hashed, since a query may hold any character.
    key = json.dumps([stems, narrowing.kind, narrowing.municipality_id, narrowing.theme_id, per_kind])
    name = "search-summary:" + hashlib.sha256(key.encode()).hexdigest()
    return per_content_version(name, lambda: _summarize(searched, alternatives, narrowing, per_kind))


def _summarize(searched: list[str], alternatives, narrowing: Narrowing, per_kind: int) -> Summary:
    """One query: the hits once (a materialised CTE), then counted per kind, per stored municipality
    id string and per theme id string (GROUP BY), and the best `per_kind` of each kind (ROW_NUMBER)."""
    hits_sql, params = _hits_sql(searched, alternatives)
    summary = Summary()
    if not hits_sql:
        return summary
    conditions = {}
    if narrowing.kind:
        conditions["kind"] = ("kind = %s", narrowing.kind)
    # The stored id strings are space-padded (" 3 17 "), so "% 3 %" finds id 3 and never 13.
    if narrowing.municipality_id is not None:
        conditions["municipality"] = ("municipality_ids LIKE %s", f"% {narrowing.municipality_id} %")
    if narrowing.theme_id is not None:
        conditions["theme"] = ("theme_ids LIKE %s", f"% {narrowing.theme_id} %")

    def where(*facets):
        chosen = [conditions[facet] for facet in facets if facet in conditions]
        return " AND ".join(["1 = 1", *(sql for sql, _value in chosen)]), [value for _sql, value in chosen]

    parts = [
        ("SELECT 'kind', kind, COUNT(*), 0 FROM hits WHERE {} GROUP BY kind", where("municipality", "theme")),
        (
            "SELECT 'municipality', municipality_ids, COUNT(*), 0 FROM hits WHERE {} GROUP BY municipality_ids",
            where("kind", "theme"),
        ),
        ("SELECT 'theme', theme_ids, COUNT(*), 0 FROM hits WHERE {} GROUP BY theme_ids", where("kind", "municipality")),
        (
            "SELECT 'first', kind, id, n FROM (SELECT id, kind, ROW_NUMBER() OVER "
            "(PARTITION BY kind ORDER BY score, id) AS n FROM hits WHERE {}) ranked WHERE n <= %s",
            where("kind", "municipality", "theme"),
        ),
    ]
    sql = f"WITH hits AS MATERIALIZED ({hits_sql}) " + " UNION ALL ".join(part.format(w) for part, (w, _) in parts)
    params = [*params, *(value for _part, (_w, values) in parts for value in values), per_kind]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    grouped = {"municipality": [], "theme": []}
    ranked = []
    for part, key, number, position in rows:
        if part == "kind":
            summary.kinds[key] = number
        elif part == "first":
            ranked.append((key, position, number))
        else:
            grouped[part].append((key, number))
    summary.municipalities = count_ids(grouped["municipality"])
    summary.themes = count_ids(grouped["theme"])
    for kind, _position, pk in sorted(ranked):
        summary.first.setdefault(kind, []).append(pk)
    return summary


def highlight_words(text: str, searched: list[str], length: int = 240) -> str:
    """HTML-safe excerpt around the first word with the stem of a searched word, such words in <mark>.

    The same on both databases, since the stems are Snowball's Dutch in Python on both.
    """
    stems = {stem(word) for word in searched}
    matches = [m for m in re.finditer(r"\w+", text) if stem(m.group(0).lower()) in stems]
    if len(text) > length:
        start = max(0, matches[0].start() - length // 3) if matches else 0
        end = start + length
        matches = [m for m in matches if m.start() >= start and m.end() <= end]
    else:
        start, end = 0, len(text)
    pieces, position = [], start
    for m in matches:
        pieces += [escape(text[position : m.start()]), "<mark>", escape(m.group(0)), "</mark>"]
        position = m.end()
    pieces.append(escape(text[position:end]))
    html = ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped; only our <mark> tags are added
