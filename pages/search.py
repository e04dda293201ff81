"""/zoeken/: one query across every kind of public content, grouped by kind, with facets.

What is indexed, and how a record looks in the index, is decided here (this layer may combine the
domain apps); the index itself, the stemming, compounds and suggestions are core.search's. An
investment's document carries the names of its themes, target groups and interventions, so that
"deskundigheidsbevordering" finds every investment tagged with that theme; themes and target groups
are results of their own too, linking to the filtered list of investments.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse, translate_url
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from core import search as index
from core.derived import per_content_version
from core.models import SearchDocument
from core.search import Document, IndexedKind
from investments.models import Intervention, Investment, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from rounds.models import Answer, Interview, public_interview_q

RESULTS_PER_GROUP = 25
FACET_MUNICIPALITIES_SHOWN = 12

# The English site's words for what the Dutch texts say: an English word is searched as itself or as
# any of these (the index holds the report's Dutch). Single words, lower case.
ENGLISH_SYNONYMS = {
    "buddy": ["maatje"],
    "buddies": ["maatje"],
    "befriending": ["maatje"],
    "loneliness": ["eenzaamheid"],
    "lonely": ["eenzaam", "eenzaamheid"],
    "isolation": ["isolement"],
    "volunteer": ["vrijwilliger"],
    "volunteers": ["vrijwilliger"],
    "carer": ["mantelzorger", "mantelzorg"],
    "carers": ["mantelzorger", "mantelzorg"],
    "caregiver": ["mantelzorger", "mantelzorg"],
    "caregivers": ["mantelzorger", "mantelzorg"],
    "elderly": ["ouderen"],
    "older": ["ouderen"],
    "seniors": ["ouderen", "senioren"],
    "youth": ["jongeren", "jeugd"],
    "young": ["jongeren"],
    "students": ["studenten"],
    "neighbourhood": ["buurt", "wijk"],
    "neighborhood": ["buurt", "wijk"],
    "network": ["netwerk"],
    "networks": ["netwerk"],
    "coalition": ["coalitie"],
    "campaign": ["campagne"],
    "campaigns": ["campagne"],
    "training": ["training", "scholing"],
    "visit": ["bezoek", "huisbezoek"],
    "visits": ["bezoek", "huisbezoek"],
    "signalling": ["signalering", "signaleren"],
    "signaling": ["signalering", "signaleren"],
    "municipality": ["gemeente"],
    "municipalities": ["gemeente"],
    "meeting": ["ontmoeting"],
    "meetings": ["ontmoeting"],
    "library": ["bibliotheek"],
    "research": ["onderzoek"],
    "awareness": ["bewustwording"],
    "prevention": ["preventie"],
    "welfare": ["welzijn"],
    "wellbeing": ["welzijn"],
    "care": ["zorg"],
    "poverty": ["armoede"],
    "debt": ["schulden"],
    "bottleneck": ["knelpunt"],
    "bottlenecks": ["knelpunt"],
    "lesson": ["les", "lessen"],
    "lessons": ["les", "lessen"],
    "quote": ["citaat"],
    "quotes": ["citaat"],
    "theme": ["thema"],
    "approach": ["aanpak"],
    "project": ["project"],
    "week": ["week"],
    "grant": ["uitkering"],
    "budget": ["budget"],
    "monitoring": ["monitor", "monitoren"],
    "migrants": ["migranten"],
    "refugees": ["statushouders", "vluchtelingen"],
    "disabled": ["beperking"],
    "disability": ["beperking"],
}


def synonyms_for(language: str) -> dict[str, list[str]]:
    return ENGLISH_SYNONYMS if language == "en" else {}


MUNICIPALITY = "municipalities.Municipality"


def _names(items) -> str:
    return "\n".join(f"{item.name} {getattr(item, 'name_en', '')}".strip() for item in items)


# Said beside a municipality that no round has visited, so a search for its name answers plainly.
NOT_IN_STUDY = "niet in het onderzoek; alleen cijfers"


def _municipalities():
    taken_part = Interview.objects.filter(public_interview_q(), municipality=OuterRef("pk"))
    return Municipality.objects.published().annotate(took_part=Exists(taken_part))


def _municipality(obj):
    return Document(
        obj.name,
        obj.get_absolute_url(),
        context="" if getattr(obj, "took_part", True) else NOT_IN_STUDY,
        tags=obj.get_province_display(),
        body="\n".join(part for part in (obj.approach_name, obj.programme, obj.context) if part),
        municipality_ids=[obj.pk],
    )


def _investment(obj):
    themes = list(obj.themes.all())
    return Document(
        obj.title,
        obj.get_absolute_url(),
        context=obj.municipality.name,
        # The municipality's name too, so that searching "dordrecht" lists Dordrecht's investments.
        tags="\n".join(
            [
                obj.municipality.name,
                _names(themes),
                _names(obj.target_groups.all()),
                _names(obj.interventions.all()),
                obj.reach,
            ]
        ),
        body=obj.text,
        municipality_ids=[obj.municipality_id],
        theme_ids=[theme.pk for theme in themes],
    )


def _intervention(obj):
    investments = obj.public_investments
    return Document(
        obj.name,
        obj.get_absolute_url(),
        body=obj.description,
        municipality_ids={investment.municipality_id for investment in investments},
        theme_ids={theme.pk for investment in investments for theme in investment.themes.all()},
    )


def _finding(obj):
    return Document(
        obj.title, obj.get_absolute_url(), body=obj.text, municipality_ids=[m.pk for m in obj.municipalities.all()]
    )


def _tip(obj):
    return Document(
        obj.municipality.name,
        obj.bottleneck.get_absolute_url(),
        context=obj.bottleneck.title,
        body=obj.text,
        municipality_ids=[obj.municipality_id],
    )


def _quote(obj):
    finding = obj.lesson or obj.bottleneck
    url = finding.get_absolute_url() if finding else obj.municipality.get_absolute_url()
    # No municipality: the title stays empty and the page says "geen gemeente genoemd" in its language.
    return Document(
        obj.municipality.name if obj.municipality else "",
        url,
        context=finding.title if finding else "",
        body=obj.text,
        municipality_ids=[obj.municipality_id] if obj.municipality_id else [],
    )


def _answer(obj):
    interview = obj.interview
    return Document(
        f"{interview.municipality.name}, {interview.round.name}",
        obj.get_absolute_url(),
        context=f"{obj.question.number}. {obj.question.text}",
        body=obj.text,
        municipality_ids=[interview.municipality_id],
    )


def _vocabulary(parameter):
    def document(obj):
        url = f"{reverse('investments:investment_list')}?{parameter}={obj.slug}"
        return Document(
            obj.name,
            url,
            title_en=obj.name_en,
            tags=obj.name_en,
            body=getattr(obj, "description", ""),
            theme_ids=[obj.pk] if parameter == "thema" else [],
        )

    return document


def _finding_kind(kind, model):
    """Lessons and bottlenecks are indexed alike: their text and the municipalities they name."""
    return IndexedKind(
        kind,
        model._meta.label,
        lambda: model.objects.published().prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.published())
        ),
        _finding,
        depends_on={MUNICIPALITY: "municipalities"},
    )


def _published_investments():
    return Investment.objects.published()


# (key, label, indexed kind), in the order the results page shows the groups.
KINDS = (
    (
        "gemeenten",
        gettext_lazy("Gemeenten"),
        IndexedKind(
            "gemeenten", MUNICIPALITY, _municipalities, _municipality, depends_on={"rounds.Interview": "interviews"}
        ),
    ),
    (
        "investeringen",
        gettext_lazy("Investeringen"),
        IndexedKind(
            "investeringen",
            "investments.Investment",
            lambda: (
                _published_investments()
                .select_related("municipality")
                .prefetch_related(
                    "themes", "target_groups", Prefetch("interventions", queryset=Intervention.objects.published())
                )
            ),
            _investment,
            depends_on={
                MUNICIPALITY: "municipality",
                "investments.Theme": "themes",
                "investments.TargetGroup": "target_groups",
                "investments.Intervention": "interventions",
            },
        ),
    ),
    (
        "interventies",
        gettext_lazy("Interventies"),
        IndexedKind(
            "interventies",
            "investments.Intervention",
            lambda: Intervention.objects.published().prefetch_related(
                Prefetch(
                    "investments",
                    queryset=_published_investments().prefetch_related("themes"),
                    to_attr="public_investments",
                )
            ),
            _intervention,
            depends_on={"investments.Investment": "investments", MUNICIPALITY: "investments__municipality"},
        ),
    ),
    (
        "themas",
        gettext_lazy("Thema's"),
        IndexedKind("themas", "investments.Theme", lambda: Theme.objects.all(), _vocabulary("thema")),
    ),
    (
        "doelgroepen",
        gettext_lazy("Doelgroepen"),
        IndexedKind(
            "doelgroepen", "investments.TargetGroup", lambda: TargetGroup.objects.all(), _vocabulary("doelgroep")
        ),
    ),
    ("lessen", gettext_lazy("Lessen"), _finding_kind("lessen", Lesson)),
    ("knelpunten", gettext_lazy("Knelpunten"), _finding_kind("knelpunten", Bottleneck)),
    (
        "tips",
        gettext_lazy("Tips"),
        IndexedKind(
            "tips",
            "lessons.Tip",
            lambda: Tip.objects.published().select_related("municipality", "bottleneck"),
            _tip,
            depends_on={MUNICIPALITY: "municipality", "lessons.Bottleneck": "bottleneck"},
        ),
    ),
    (
        "citaten",
        gettext_lazy("Citaten"),
        IndexedKind(
            "citaten",
            "lessons.Quote",
            lambda: Quote.objects.published().select_related("municipality", "lesson", "bottleneck"),
            _quote,
            depends_on={MUNICIPALITY: "municipality", "lessons.Lesson": "lesson", "lessons.Bottleneck": "bottleneck"},
        ),
    ),
    (
        "antwoorden",
        gettext_lazy("Antwoorden uit interviews"),
        IndexedKind(
            "antwoorden",
            "rounds.Answer",
            lambda: Answer.objects.published().select_related(
                "interview__municipality", "interview__round", "question"
            ),
            _answer,
            depends_on={
                MUNICIPALITY: "interview__municipality",
                "rounds.Interview": "interview",
                "rounds.Round": "interview__round",
                "rounds.Question": "question",
            },
        ),
    ),
)
LABELS = {key: label for key, label, _kind in KINDS}


def register_kinds():
    """Called once from PagesConfig.ready(): what the index holds, and the signals that keep it."""
    for _key, _label, kind in KINDS:
        index.register(kind)
    index.connect_signals()


# --- the results page ---


class FacetError(ValueError):
    pass


@dataclass
class SearchResult:
    title: str
    url: str
    excerpt: str
    context: str = ""


@dataclass
class ResultGroup:
    key: str
    label: str
    # The shown documents' ids; their results are made only when the page draws them (`results`).
    ids: list[int]
    total: int
    make_results: Callable[[list[int]], list[SearchResult]] = field(repr=False, compare=False)

    @cached_property
    def results(self) -> list[SearchResult]:
        return self.make_results(self.ids)

    @property
    def shown(self) -> int:
        return len(self.ids)

    @property
    def is_truncated(self) -> bool:
        return self.total > len(self.ids)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool
    url: str = ""  # the results with this value chosen, or, when active, without it


@dataclass
class Facet:
    parameter: str
    label: str
    values: list[FacetValue]


@dataclass
class MunicipalityMatch:
    """The municipality whose name was searched: shown first, with its investments a click away."""

    name: str
    url: str
    investments_url: str
    in_study: bool


@dataclass
class SearchOutcome:
    groups: list[ResultGroup] = field(default_factory=list)
    total: int = 0
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""
    suggestion_url: str = ""
    split: dict[str, list[str]] = field(default_factory=dict)
    alternatives: dict[str, list[str]] = field(default_factory=dict)
    municipality: MunicipalityMatch | None = None
    # Set when the query found nothing and a near-certain correction was searched instead: the
    # query shown (the correction) and the link to search for the words as typed.
    shown_query: str = ""
    literal_url: str = ""
    # What the shown results depend on besides the language: the words marked in their excerpts and
    # each group's documents and total (the `fragment` the page keeps them in is named by it); empty
    # when they are not to be kept.
    results_key: tuple = ()
    confident: bool = False  # the suggestion is near-certain


def _display_url(url: str, language: str) -> str:
    """The index keeps Dutch paths; translate_url must resolve them in Dutch to prefix them."""
    if not language or language == settings.LANGUAGE_CODE:
        return url
    return _translated_url(url, language)


@functools.lru_cache(maxsize=4096)
def _translated_url(url: str, language: str) -> str:
    # Resolving and reversing cost more than the rest of a result; the answer depends on the URL
    # patterns alone, so each process works it out once per URL.
    with override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _result(document: SearchDocument, searched: list[str], language: str) -> SearchResult:
    title = document.title_en if language == "en" and document.title_en else document.title
    return SearchResult(
        title or _("geen gemeente genoemd"),
        _display_url(document.url, language),
        index.highlight_words(document.body, searched) if document.body else "",
        context=document.context,
    )


def _municipality_options() -> dict[str, tuple[int, str, bool]]:
    """Every published municipality's slug -> (id, name, whether the report covers it): the gemeente
    facet's values, and the names a query is compared with."""
    rows = Municipality.objects.published().order_by().values_list("pk", "slug", "name", "report_section")
    return {slug: (pk, name, bool(section)) for pk, slug, name, section in rows}


def _municipality_named(query: str, municipalities) -> MunicipalityMatch | None:
    """The published municipality whose name (or slug) is the whole query, case and spaces aside.

    Through the Municipality model, so every municipality the portal holds is found, also one the
    report does not cover (which the page then says)."""
    wanted = " ".join(query.lower().split())
    for slug, (_pk, name, in_study) in municipalities.items():
        if wanted in (name.lower(), slug):
            investments = f"{reverse('investments:investment_list')}?{urlencode({'gemeente': slug})}"
            return MunicipalityMatch(name, reverse("municipalities:detail", args=[slug]), investments, in_study)
    return None


def _theme_options() -> list[Theme]:
    return list(Theme.objects.all())


def search_site(
    query: str, soort: str = "", gemeente: str = "", thema: str = "", letterlijk: str = ""
) -> SearchOutcome:
    """The grouped results of `query`, narrowed by the facet parameters (slugs).

    A query that finds nothing but has a near-certain correction shows the correction's results,
    unless `letterlijk` asks for the words as typed. Raises FacetError for a facet value that does
    not exist, with a message for the visitor.
    """
    # The facets' values change only with the content: the requested slugs are validated against them.
    municipalities = per_content_version("search-municipality-options", _municipality_options)
    themes = per_content_version("search-theme-options", _theme_options)
    outcome = _search(query, soort, gemeente, thema, municipalities, themes)
    if not outcome.total and outcome.confident and not letterlijk:
        corrected = _search(outcome.suggestion, soort, gemeente, thema, municipalities, themes)
        if corrected.total:
            corrected.shown_query = outcome.suggestion
            params = {"q": query, "soort": soort, "gemeente": gemeente, "thema": thema, "letterlijk": "1"}
            corrected.literal_url = "?" + urlencode({name: value for name, value in params.items() if value})
            return corrected
    return outcome


def _search(query: str, soort: str, gemeente: str, thema: str, municipalities, themes) -> SearchOutcome:
    if soort and soort not in LABELS:
        raise FacetError(_("Onbekende soort ‘%(value)s’. Kies een soort uit de lijst.") % {"value": soort})
    parsed = index.parse_query(query, synonyms_for(get_language()))
    chosen_municipality = municipalities.get(gemeente) if gemeente else None
    chosen_theme = next((t for t in themes if thema and t.slug == thema), None)
    if gemeente and not chosen_municipality:
        raise FacetError(_("Onbekende gemeente ‘%(value)s’. Kies een gemeente uit de lijst.") % {"value": gemeente})
    if thema and not chosen_theme:
        raise FacetError(_("Onbekend thema ‘%(value)s’. Kies een thema uit de lijst.") % {"value": thema})

    narrowing = index.Narrowing(
        soort, chosen_municipality[0] if chosen_municipality else None, chosen_theme.pk if chosen_theme else None
    )
    summary = index.summarize(parsed, narrowing, RESULTS_PER_GROUP) if parsed.searched else index.Summary()
    # A group holds the hits of its kind narrowed by every facet: the kind facet's count where no
    # kind is chosen, else that of the chosen kind alone.
    group_sizes = {kind: number for kind, number in summary.kinds.items() if not soort or kind == soort}
    outcome = SearchOutcome(
        total=sum(group_sizes.values()),
        suggestion=parsed.suggestion,
        split=parsed.split,
        alternatives=parsed.alternatives,
        municipality=_municipality_named(query, municipalities),
        confident=parsed.confident,
    )
    if parsed.suggestion:
        outcome.suggestion_url = "?" + urlencode({"q": parsed.suggestion})
    outcome.facets = _facets(summary, soort, municipalities, gemeente, themes, chosen_theme)
    chosen = {"soort": soort, "gemeente": gemeente, "thema": thema}
    for facet in outcome.facets:
        for value in facet.values:
            params = {"q": query, **chosen, facet.parameter: "" if value.active else value.value}
            value.url = "?" + urlencode({name: v for name, v in params.items() if v})

    # Only the documents shown are read, in one query, and only when the page draws them: the
    # results are kept as one fragment, named by what they show (`results_key`). Excerpts and links
    # of a hundred results were half of a long results page's time.
    page_ids = [pk for ids in summary.first.values() for pk in ids]
    language = get_language()

    @functools.cache
    def documents():
        return SearchDocument.objects.only("title", "title_en", "url", "context", "body").in_bulk(page_ids)

    def make_results(ids):
        found = documents()
        return [_result(found[pk], parsed.all_words(), language) for pk in ids if pk in found]

    for key, label, _kind in KINDS:
        if ids := summary.first.get(key):
            outcome.groups.append(ResultGroup(key, str(label), ids, group_sizes[key], make_results))
    # Results for words the portal does not know are drawn anew, never kept: as for the page cache,
    # visitors' junk must not add entries.
    if outcome.groups and not parsed.unknown:
        shown = tuple((group.key, tuple(group.ids), group.total) for group in outcome.groups)
        outcome.results_key = (tuple(parsed.all_words()), shown)
    return outcome


def _facets(summary, soort, municipalities, gemeente, themes, chosen_theme) -> list[Facet]:
    """The kind, municipality and theme facets: values with hits, and the chosen value even without."""
    kind_facet = Facet(
        "soort",
        _("Soort"),
        [
            FacetValue(key, str(label), summary.kinds[key], key == soort)
            for key, label, _kind in KINDS
            if summary.kinds[key]
        ],
    )
    municipality_values = sorted(
        (
            FacetValue(slug, name, summary.municipalities[pk], slug == gemeente)
            for slug, (pk, name, _in_study) in municipalities.items()
            if summary.municipalities[pk] or slug == gemeente
        ),
        key=lambda value: (not value.active, -value.count, value.label),
    )[:FACET_MUNICIPALITIES_SHOWN]
    theme_values = sorted(
        (
            FacetValue(t.slug, t.label, summary.themes[t.pk], t == chosen_theme)
            for t in themes
            if summary.themes[t.pk] or t == chosen_theme
        ),
        key=lambda value: (not value.active, -value.count, value.label),
    )
    return [
        facet
        for facet in (
            kind_facet,
            Facet("gemeente", _("Gemeente"), municipality_values),
            Facet("thema", _("Thema"), theme_values),
        )
        if facet.values
    ]
