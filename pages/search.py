"""/zoeken/: one query across every kind of public content, grouped by kind, with facets.

What is indexed, and how a record looks in the index, is decided here (this layer may combine the
domain apps); the index itself, the stemming, compounds and suggestions are core.search's. An
investment's document carries the names of its themes, target groups and interventions, so that
"deskundigheidsbevordering" finds every investment tagged with that theme; themes and target groups
are results of their own too, linking to the filtered list of investments.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse, translate_url
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from core import search as index
from core.models import SearchDocument
from core.search import Document, IndexedKind
from investments.models import Intervention, Investment, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from rounds.models import Answer

RESULTS_PER_GROUP = 25
FACET_MUNICIPALITIES_SHOWN = 12

MUNICIPALITY = "municipalities.Municipality"


def _names(items) -> str:
    return "\n".join(f"{item.name} {getattr(item, 'name_en', '')}".strip() for item in items)


def _municipality(obj):
    return Document(
        obj.name,
        obj.get_absolute_url(),
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
        tags="\n".join([_names(themes), _names(obj.target_groups.all()), _names(obj.interventions.all()), obj.reach]),
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
        IndexedKind("gemeenten", MUNICIPALITY, lambda: Municipality.objects.published(), _municipality),
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
    results: list[SearchResult]
    total: int

    @property
    def is_truncated(self) -> bool:
        return self.total > len(self.results)


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
class SearchOutcome:
    groups: list[ResultGroup] = field(default_factory=list)
    total: int = 0
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""
    suggestion_url: str = ""
    split: dict[str, list[str]] = field(default_factory=dict)


def _display_url(url: str) -> str:
    """The index keeps Dutch paths; translate_url must resolve them in Dutch to prefix them."""
    language = get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return url
    with override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _result(document: SearchDocument, searched: list[str]) -> SearchResult:
    title = document.title_en if get_language() == "en" and document.title_en else document.title
    return SearchResult(
        title or _("geen gemeente genoemd"),
        _display_url(document.url),
        index.highlight_words(document.body, searched) if document.body else "",
        context=document.context,
    )


def search_site(query: str, soort: str = "", gemeente: str = "", thema: str = "") -> SearchOutcome:
    """The grouped results of `query`, narrowed by the facet parameters (slugs).

    Raises FacetError for a facet value that does not exist, with a message for the visitor.
    """
    if soort and soort not in LABELS:
        raise FacetError(_("Onbekende soort ‘%(value)s’. Kies een soort uit de lijst.") % {"value": soort})
    parsed = index.parse_query(query)
    hits = index.find(parsed.searched) if parsed.searched else []

    municipality_counts = index.count_ids(hit.municipality_ids for hit in hits)
    theme_counts = index.count_ids(hit.theme_ids for hit in hits)
    # The names of the facet values, and the requested slugs validated, in one query each.
    municipalities = {
        m.pk: m
        for m in Municipality.objects.published()
        .filter(Q(pk__in=municipality_counts) | Q(slug=gemeente or None))
        .only("name", "slug")
    }
    themes = {t.pk: t for t in Theme.objects.filter(Q(pk__in=theme_counts) | Q(slug=thema or None))}
    chosen_municipality = next((m for m in municipalities.values() if gemeente and m.slug == gemeente), None)
    chosen_theme = next((t for t in themes.values() if thema and t.slug == thema), None)
    if gemeente and not chosen_municipality:
        raise FacetError(_("Onbekende gemeente ‘%(value)s’. Kies een gemeente uit de lijst.") % {"value": gemeente})
    if thema and not chosen_theme:
        raise FacetError(_("Onbekend thema ‘%(value)s’. Kies een thema uit de lijst.") % {"value": thema})

    def narrowed(skip):
        # The stored id strings are space-padded (" 3 17 "), so " 3 " finds id 3 and never 13.
        kind = soort if skip != "soort" else ""
        municipality = f" {chosen_municipality.pk} " if chosen_municipality and skip != "gemeente" else ""
        theme = f" {chosen_theme.pk} " if chosen_theme and skip != "thema" else ""
        if not kind and not municipality and not theme:
            return hits  # nothing to narrow by: no pass over every hit
        return [
            hit
            for hit in hits
            if (not kind or hit.kind == kind)
            and (not municipality or municipality in hit.municipality_ids)
            and (not theme or theme in hit.theme_ids)
        ]

    shown = narrowed(None)
    outcome = SearchOutcome(total=len(shown), suggestion=parsed.suggestion, split=parsed.split)
    if parsed.suggestion:
        outcome.suggestion_url = "?" + urlencode({"q": parsed.suggestion})
    outcome.facets = _facets(
        narrowed,
        soort,
        municipalities,
        chosen_municipality,
        themes,
        chosen_theme,
        (hits, municipality_counts, theme_counts),
    )
    chosen = {"soort": soort, "gemeente": gemeente, "thema": thema}
    for facet in outcome.facets:
        for value in facet.values:
            params = {"q": query, **chosen, facet.parameter: "" if value.active else value.value}
            value.url = "?" + urlencode({name: v for name, v in params.items() if v})

    # Per kind the number found and the first RESULTS_PER_GROUP ids (best first); only those are read.
    group_sizes = Counter(hit.kind for hit in shown)
    first = defaultdict(list)
    for hit in shown:
        if len(ids := first[hit.kind]) < RESULTS_PER_GROUP:
            ids.append(hit.id)
    page_ids = [pk for ids in first.values() for pk in ids]
    documents = SearchDocument.objects.in_bulk(page_ids) if page_ids else {}
    for key, label, _kind in KINDS:
        if ids := first.get(key):
            results = [_result(documents[pk], parsed.searched) for pk in ids]
            outcome.groups.append(ResultGroup(key, str(label), results, group_sizes[key]))
    return outcome


def _facets(narrowed, soort, municipalities, chosen_municipality, themes, chosen_theme, counted_all) -> list[Facet]:
    """Each facet counted over the hits narrowed by the other facets, so that a value can be switched.

    `counted_all` is (all hits, their municipality counts, their theme counts): where the other facets
    narrow nothing, those counts are reused instead of counting every hit again.
    """
    hits, all_municipalities, all_themes = counted_all
    kinds = Counter(hit.kind for hit in narrowed("soort"))
    for_municipality, for_theme = narrowed("gemeente"), narrowed("thema")
    in_municipality = (
        all_municipalities
        if for_municipality is hits
        else index.count_ids(h.municipality_ids for h in for_municipality)
    )
    in_theme = all_themes if for_theme is hits else index.count_ids(h.theme_ids for h in for_theme)
    kind_facet = Facet(
        "soort",
        _("Soort"),
        [FacetValue(key, str(label), kinds[key], key == soort) for key, label, _kind in KINDS if kinds[key]],
    )
    municipality_values = sorted(
        (
            FacetValue(m.slug, m.name, in_municipality[pk], m == chosen_municipality)
            for pk, m in municipalities.items()
            if in_municipality[pk] or m == chosen_municipality
        ),
        key=lambda value: (not value.active, -value.count, value.label),
    )[:FACET_MUNICIPALITIES_SHOWN]
    theme_values = sorted(
        (
            FacetValue(t.slug, t.label, in_theme[pk], t == chosen_theme)
            for pk, t in themes.items()
            if in_theme[pk] or t == chosen_theme
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
